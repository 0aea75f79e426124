/**
 * The ssh transport without an sshd: the command line it runs (sshAddress.ts), and the
 * agent (sshDialAgent.ts) driving a stand-in `ssh` (test/support/fakeSsh.ts) that speaks
 * the engine API over its stdio, or fails as ssh fails. Processes are checked to be gone.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import Docker from 'dockerode';
import { EndpointConfigError } from '../../src/engine/connection';
import { DIAL_STDIO, knownHostsName, parseSshAddress, sshArguments, sshKeyscanCommand, sshLoginCommand } from '../../src/engine/sshAddress';
import { SshDialAgent } from '../../src/engine/sshDialAgent';
import { SshConnectionError } from '../../src/engine/sshFailure';
import { chooseSshTransport, findProgram } from '../../src/engine/sshTransport';
import { fakeSshProgram } from '../support/fakeSsh';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-ssh-transport-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('sshAddress', () => {
  it('parses ssh://[user@]host[:port], leaving out what the address does not say', () => {
    assert.deepEqual(parseSshAddress('ssh://build-box'), { host: 'build-box' });
    assert.deepEqual(parseSshAddress('ssh://me@build-box:2222'), { host: 'build-box', user: 'me', port: 2222 });
    assert.deepEqual(parseSshAddress('ssh://me@[::1]:22'), { host: '::1', user: 'me', port: 22 });
    assert.deepEqual(parseSshAddress('ssh://first.last%40corp@h'), { host: 'h', user: 'first.last@corp' });
  });

  it('refuses a password, a path, a leading dash, another scheme', () => {
    for (const bad of ['ssh://me:pw@h', 'ssh://h/some/path', 'ssh://-oProxyCommand=evil', 'ssh://-l@h', 'tcp://h:2376', 'not a url']) {
      assert.throws(() => parseSshAddress(bad), EndpointConfigError, bad);
    }
  });

  it('runs ssh in batch mode, options before "--", the host after it, then docker system dial-stdio', () => {
    assert.deepEqual(sshArguments({ host: 'build-box', user: 'me', port: 2222 }), [
      '-o',
      'BatchMode=yes',
      '-T',
      '-l',
      'me',
      '-p',
      '2222',
      '--',
      'build-box',
      ...DIAL_STDIO,
    ]);
    assert.deepEqual(sshArguments({ host: 'alias' }), ['-o', 'BatchMode=yes', '-T', '--', 'alias', 'docker', 'system', 'dial-stdio']);
  });

  it('the commands it tells a person to type', () => {
    assert.equal(sshLoginCommand({ host: 'build-box', user: 'me', port: 2222 }), 'ssh -p 2222 me@build-box');
    assert.equal(sshLoginCommand({ host: 'alias' }), 'ssh alias');
    assert.equal(sshKeyscanCommand({ host: 'build-box', port: 2222 }), 'ssh-keyscan -p 2222 build-box >> ~/.ssh/known_hosts');
    assert.equal(knownHostsName('h', 22), 'h');
    assert.equal(knownHostsName('h', undefined), 'h');
    assert.equal(knownHostsName('127.0.0.1', 2222), '[127.0.0.1]:2222');
  });
});

describe('choosing the ssh client', () => {
  it('the first ssh on PATH; none: ssh2', () => {
    const files = new Set(['/opt/bin/ssh', '/usr/bin/ssh']);
    assert.equal(
      findProgram('ssh', { PATH: '/nope:/opt/bin:/usr/bin' }, 'linux', (p) => files.has(p)),
      '/opt/bin/ssh',
    );
    assert.equal(
      findProgram('ssh', { PATH: '/nope' }, 'linux', (p) => files.has(p)),
      undefined,
    );
    assert.equal(
      findProgram('ssh', { Path: 'C:\\Windows\\System32\\OpenSSH' }, 'win32', (p) => p === 'C:\\Windows\\System32\\OpenSSH\\ssh.exe'),
      'C:\\Windows\\System32\\OpenSSH\\ssh.exe',
    );
    assert.deepEqual(
      chooseSshTransport({}, () => '/usr/bin/ssh'),
      { kind: 'openssh', program: '/usr/bin/ssh' },
    );
    assert.deepEqual(
      chooseSshTransport({}, () => undefined),
      { kind: 'ssh2' },
    );
  });
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits (a bounded number of checks) until `condition` holds. */
async function eventually(condition: () => boolean): Promise<boolean> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 25));
  return condition();
}

describe('SshDialAgent with a stand-in ssh', () => {
  let cases = 0;
  function setup(host: string): { agent: SshDialAgent; docker: Docker; runs: () => { pid: number; args: string }[] } {
    const dir = path.join(tmp, `case-${++cases}`);
    fs.mkdirSync(dir);
    const log = path.join(dir, 'runs.log');
    const agent = new SshDialAgent({
      target: { host, user: 'me', port: 2200 },
      sshPath: fakeSshProgram(dir),
      env: { PATH: process.env.PATH, FAKE_SSH_LOG: log },
    });
    const docker = new Docker({
      protocol: 'http',
      host: 'localhost',
      agent,
      socketPath: undefined,
      port: undefined,
    } as Docker.DockerOptions);
    const runs = () =>
      (fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '')
        .split('\n')
        .filter(Boolean)
        .map((line) => ({ pid: Number(line.split(' ')[0]), args: line.slice(line.indexOf(' ') + 1) }));
    return { agent, docker, runs };
  }

  it("carries the engine API over the process's stdio, with the arguments of sshArguments", async () => {
    const { agent, docker, runs } = setup('engine');
    try {
      assert.equal((await docker.version()).Version, 'fake-over-ssh');
      assert.deepEqual(
        runs().map((r) => r.args),
        ['-o BatchMode=yes -T -l me -p 2200 -- engine docker system dial-stdio'],
      );
    } finally {
      await agent.close();
    }
  });

  it('a burst of requests reuses one process; close() ends it', async () => {
    const { agent, docker, runs } = setup('engine');
    for (let i = 0; i < 6; i++) await docker.version();
    assert.equal(agent.spawned, 1);
    const [{ pid }] = runs();
    assert.ok(isRunning(pid), 'the pooled connection is still open');
    await agent.close();
    assert.equal(agent.liveProcesses, 0);
    assert.ok(await eventually(() => !isRunning(pid)), 'its process is gone');
  });

  it('an aborted request ends its process at once (a stream that never ends, and an engine that never answers)', async () => {
    for (const host of ['engine', 'silent']) {
      const { agent, docker, runs } = setup(host);
      const controller = new AbortController();
      const request =
        host === 'engine'
          ? docker.getEvents({ abortSignal: controller.signal } as object)
          : (docker.version as (o: object) => Promise<unknown>)({ abortSignal: controller.signal });
      const outcome = request.then(
        (stream) => new Promise((resolve) => (stream as NodeJS.ReadableStream).on('error', resolve).on('close', resolve)),
        (err: unknown) => err,
      );
      assert.ok(await eventually(() => runs().length === 1), `${host}: the process started`);
      controller.abort();
      await outcome;
      const [{ pid }] = runs();
      assert.ok(
        await eventually(() => !isRunning(pid) && agent.liveProcesses === 0),
        `${host}: the process of the aborted request is gone`,
      );
      await agent.close();
    }
  });

  it('ssh refusing an unknown host key: an SshConnectionError that says how to trust it, not "socket hang up"', async () => {
    const { agent, docker } = setup('unknown-key');
    try {
      await assert.rejects(docker.version(), (err: unknown) => {
        assert.ok(err instanceof SshConnectionError, String(err));
        assert.equal(err.failure, 'hostKeyUnknown');
        assert.match(err.message, /ssh -p 2200 me@unknown-key/);
        assert.equal(err.stderr, 'Host key verification failed.\r\n');
        return true;
      });
    } finally {
      await agent.close();
    }
  });

  it('a remote without docker: said as such', async () => {
    const { agent, docker } = setup('no-docker');
    try {
      await assert.rejects(
        docker.version(),
        (err: unknown) => err instanceof SshConnectionError && err.failure === 'noDocker' && err.problem.kind === 'notInstalled',
      );
    } finally {
      await agent.close();
    }
  });

  it('no such ssh program: said as such, not a hang', async () => {
    const agent = new SshDialAgent({ target: { host: 'engine' }, sshPath: path.join(tmp, 'no-such-ssh'), env: {} });
    const docker = new Docker({
      protocol: 'http',
      host: 'localhost',
      agent,
      socketPath: undefined,
      port: undefined,
    } as Docker.DockerOptions);
    await assert.rejects(
      docker.version(),
      (err: unknown) => err instanceof SshConnectionError && err.failure === 'noSshClient' && /ENOENT/.test(err.stderr),
    );
    await agent.close();
  });
});
