/**
 * Reaching a remote engine, and being refused the right way: an ssh host key that is not
 * known or has changed, a user the server does not let in, a client certificate the engine
 * does not trust, a CA that did not sign the engine's certificate; the ssh2 path (no `ssh`
 * program) checking known_hosts, hashed names too; and no ssh process outliving its
 * request or its engine. Against a TLS dockerd and an sshd this test starts and stops.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { EngineEndpoint } from '../../src/engine/connection';
import { DockerodeEngine } from '../../src/engine/dockerodeEngine';
import { CancelledError, EngineUnavailableError } from '../../src/engine/errors';
import { hashHostName } from '../../src/engine/knownHosts';
import { SshConnectionError } from '../../src/engine/sshFailure';
import { closeEngineConnections, openSshConnections } from '../../src/engine/sshTransport';
import { checkEngineFolders, resolveSshHostName } from '../../src/workflows/remoteRun';
import { SshServer } from '../support/sshServer';
import { TlsEngine } from '../support/tlsEngine';

let tls: TlsEngine;
let sshd: SshServer;

before(async () => {
  tls = await TlsEngine.start(['debian:bookworm-slim']);
  sshd = await SshServer.start(tls.unixHost);
});

after(async () => {
  await sshd?.dispose();
  await tls?.dispose();
});

function overSsh(host: string, env: Record<string, string> = sshd.clientEnv()): DockerodeEngine {
  return new DockerodeEngine({ host, source: 'setting' }, env);
}

async function refusal(engine: DockerodeEngine): Promise<EngineUnavailableError> {
  try {
    await engine.version();
  } catch (err) {
    assert.ok(err instanceof EngineUnavailableError, `an EngineUnavailableError, not ${String(err)}`);
    return err;
  } finally {
    await closeEngineConnections(engine.endpoint);
  }
  assert.fail('the engine answered');
}

/** Waits (a bounded number of checks) until `condition` holds. */
async function eventually(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(condition(), what);
}

describe('ssh through the system ssh client: refused the right way', { timeout: 120_000 }, () => {
  it('an unknown host key is refused (never accepted unseen) with the commands that trust it', async () => {
    const err = await refusal(overSsh('ssh://cwunknown'));
    assert.ok(err instanceof SshConnectionError);
    assert.equal(err.failure, 'hostKeyUnknown');
    assert.match(err.message, /host key of cwunknown is not known/);
    assert.ok(err.message.includes('ssh cwunknown'), `the message names the login to check and accept it: ${err.message}`);
    assert.ok(err.message.includes('ssh-keyscan cwunknown >> ~/.ssh/known_hosts'), err.message);
    assert.equal(fs.readFileSync(path.join(sshd.dir, 'client', 'known_hosts_empty'), 'utf8'), '', 'known_hosts was not written');
  });

  it("a changed host key is refused, with ssh's own command to remove the old key", async () => {
    const err = await refusal(overSsh('ssh://cwchanged'));
    assert.ok(err instanceof SshConnectionError);
    assert.equal(err.failure, 'hostKeyChanged');
    assert.match(err.message, /has changed since it was trusted/);
    assert.match(err.message, /ssh-keygen -f "[^"]+known_hosts_changed" -R "\[127\.0\.0\.1\]:\d+"/);
  });

  it('a user the server does not let in: permission denied, with what to check', async () => {
    const err = await refusal(overSsh('ssh://cwdenied'));
    assert.ok(err instanceof SshConnectionError);
    assert.equal(err.failure, 'permissionDenied');
    assert.equal(err.problem.kind, 'permissionDenied');
    assert.match(err.message, /ssh-add|IdentityFile/);
  });

  it('a port where no sshd listens: refused, said as such', async () => {
    const err = await refusal(overSsh('ssh://root@127.0.0.1:1'));
    assert.ok(err instanceof SshConnectionError);
    assert.equal(err.failure, 'refused');
  });

  it('the address user@host:port works as well as a Host alias', async () => {
    const engine = overSsh(`ssh://root@127.0.0.1:${sshd.port}`);
    try {
      assert.match((await engine.version()).version, /^\d+\./);
    } finally {
      await closeEngineConnections(engine.endpoint);
    }
  });
});

describe('ssh processes end with their request and their engine', { timeout: 120_000 }, () => {
  it('a burst of requests shares one ssh process; an aborted stream ends its own; closing the engine ends the rest', async () => {
    const engine = overSsh('ssh://cwtest');
    const before = sshd.clientProcesses().length;
    for (let i = 0; i < 5; i++) await engine.listContainers();
    assert.equal(openSshConnections(engine.endpoint), 1, 'one pooled connection served the five requests');

    const controller = new AbortController();
    const streaming = engine.events(() => undefined, controller.signal).catch((err: unknown) => err);
    // The stream takes the pooled connection and holds it: a request meanwhile needs a second one.
    await engine.listContainers();
    assert.equal(openSshConnections(engine.endpoint), 2, 'the event stream holds a connection of its own');
    controller.abort();
    assert.ok((await streaming) === undefined || (await streaming) instanceof CancelledError);
    await eventually(() => openSshConnections(engine.endpoint) === 1, "the aborted stream's ssh process ended");

    await closeEngineConnections(engine.endpoint);
    assert.equal(openSshConnections(engine.endpoint), 0);
    assert.equal(sshd.clientProcesses().length, before, 'no ssh process of this engine is left on the machine');
    assert.ok(await engine.version(), 'the engine still works afterwards: it connects anew');
    await closeEngineConnections(engine.endpoint);
  });
});

describe('ssh without an ssh program: ssh2, with known_hosts checked', { timeout: 120_000 }, () => {
  /** A HOME with ~/.ssh/id_ed25519 and the given known_hosts, and a PATH without ssh. */
  function homeWith(label: string, knownHosts: string): Record<string, string> {
    const home = fs.mkdtempSync(path.join(sshd.dir, `home-${label}-`));
    fs.mkdirSync(path.join(home, '.ssh'), { mode: 0o700 });
    fs.copyFileSync(sshd.clientKey, path.join(home, '.ssh', 'id_ed25519'));
    fs.writeFileSync(path.join(home, '.ssh', 'known_hosts'), knownHosts);
    return { HOME: home, PATH: '/nonexistent-no-ssh-here', USER: 'root' };
  }
  const hostKeyLine = () => fs.readFileSync(sshd.knownHosts, 'utf8').trim().split(' ').slice(1).join(' ');
  const address = () => `ssh://root@127.0.0.1:${sshd.port}`;

  it('reaches the engine when the host is in known_hosts under a hashed name', async () => {
    const engine = overSsh(address(), homeWith('hashed', `${hashHostName(`[127.0.0.1]:${sshd.port}`)} ${hostKeyLine()}\n`));
    try {
      assert.match((await engine.version()).version, /^\d+\./);
    } finally {
      await closeEngineConnections(engine.endpoint);
    }
  });

  it('refuses a host that known_hosts does not list, with the same advice', async () => {
    const err = await refusal(overSsh(address(), homeWith('empty', '')));
    assert.ok(err instanceof SshConnectionError);
    assert.equal(err.failure, 'hostKeyUnknown');
    assert.ok(err.message.includes(`ssh -p ${sshd.port} root@127.0.0.1`), err.message);
  });

  it('refuses a host listed with another key', async () => {
    const other = fs.readFileSync(path.join(sshd.dir, 'client', 'known_hosts_changed'), 'utf8');
    const err = await refusal(overSsh(address(), homeWith('changed', other)));
    assert.ok(err instanceof SshConnectionError);
    assert.equal(err.failure, 'hostKeyChanged');
  });
});

describe('TLS: a certificate that does not fit is refused with a clear message', { timeout: 120_000 }, () => {
  const attempt = async (endpoint: EngineEndpoint) => {
    await assert.rejects(new DockerodeEngine(endpoint, {}).version(), (err: unknown) => {
      assert.ok(err instanceof EngineUnavailableError, String(err));
      throw err;
    });
  };

  it('the right engine, but a client certificate another CA signed: the engine refuses it', async () => {
    await assert.rejects(attempt(tls.endpoint(tls.certs.wrongClientDir)), (err: EngineUnavailableError) => {
      assert.equal(err.problem.kind, 'permissionDenied');
      assert.match(err.message, /refused this machine's client certificate/);
      assert.ok(err.message.includes(tls.certs.wrongClientDir), 'it names the files to check');
      return true;
    });
  });

  it("a CA that did not sign the engine's certificate: this side refuses the engine", async () => {
    await assert.rejects(attempt(tls.endpoint(tls.certs.wrongCaDir)), (err: EngineUnavailableError) => {
      assert.equal(err.problem.kind, 'misconfigured');
      assert.match(err.message, /certificate that the CA in use did not sign/);
      return true;
    });
  });

  it('no client certificate at all (only ca.pem): refused, saying none was sent', async () => {
    const onlyCa = fs.mkdtempSync(path.join(tls.dir, 'only-ca-'));
    fs.copyFileSync(tls.certs.caCert, path.join(onlyCa, 'ca.pem'));
    await assert.rejects(attempt(tls.endpoint(onlyCa)), (err: EngineUnavailableError) => {
      assert.match(err.message, /refused this machine's client certificate/);
      return true;
    });
  });

  it('the right certificates: it answers', async () => {
    assert.match((await tls.client().version()).version, /^\d+\./);
  });
});

describe("Run Image's pieces for a remote engine", { timeout: 120_000 }, () => {
  it("host folders are checked on the engine's machine: its own exist, this machine's /tmp does not", async () => {
    const here = fs.mkdtempSync('/tmp/cw-only-here-');
    try {
      const states = await checkEngineFolders(tls.client(), 'debian:bookworm-slim', [tls.dir, here]);
      assert.deepEqual(Object.fromEntries(states), { [tls.dir]: 'exists', [here]: 'missing' });
      assert.deepEqual(await tls.client().listContainers({ all: true }), [], 'the checking container is gone');
    } finally {
      fs.rmSync(here, { recursive: true, force: true });
    }
  });

  it("an ssh alias resolves to the HostName of the ssh config (where the engine's ports are)", async () => {
    assert.equal(await resolveSshHostName('ssh://cwtest', sshd.clientEnv()), '127.0.0.1');
  });
});
