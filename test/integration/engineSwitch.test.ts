/**
 * Switching this window's engine, as "Use Docker Context…" does it, against real engines:
 * from a Docker context whose engine is reached over ssh (an sshd and a TLS dockerd this
 * test starts and stops) to the default engine and back. The old engine's event stream and
 * log follow end, its pooled ssh processes are gone, and the new engine answers.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createEngine } from '../../src/engine/createEngine';
import { EngineMonitor } from '../../src/engine/engineMonitor';
import { EngineSwitchedError } from '../../src/engine/engineSwitch';
import { EngineEventHub } from '../../src/engine/eventHub';
import { openSshConnections } from '../../src/engine/sshTransport';
import { ContainerLogFollower } from '../../src/terminals/logFollower';
import { createDockerContext } from '../support/dockerContexts';
import { realEngine, testLabels } from '../support/realEngine';
import { SshServer } from '../support/sshServer';
import { TlsEngine } from '../support/tlsEngine';

const CONTEXT = 'cw-switch-ssh';
let tls: TlsEngine;
let sshd: SshServer;
let env: Record<string, string>;
let root: string;

before(async () => {
  tls = await TlsEngine.start(['debian:bookworm-slim']);
  sshd = await SshServer.start(tls.unixHost);
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-switch-'));
  const config = path.join(root, 'docker-config');
  createDockerContext(config, CONTEXT, 'host=ssh://cwtest');
  // `default` is the shared local engine; the context is the ssh one.
  env = { ...sshd.clientEnv(), DOCKER_CONFIG: config, DOCKER_HOST: (await realEngine()).endpoint.host };
});

after(async () => {
  await sshd?.dispose();
  await tls?.dispose();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

/** Waits (a bounded number of checks) until `condition` holds. */
async function eventually(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(condition(), what);
}

describe('switching the engine of a window', { timeout: 240_000 }, () => {
  it('from an ssh context to the default engine: the old stream and follow end, no ssh process is left, the new engine answers', async () => {
    let chosen = CONTEXT;
    const monitor = new EngineMonitor(() => createEngine(undefined, env, { context: chosen }));
    const hub = new EngineEventHub(() => monitor.engine, { backoffMs: [200] });
    const sshProcessesBefore = sshd.clientProcesses().length;
    try {
      const first = await monitor.check();
      assert.equal(first.state, 'connected');
      assert.equal(first.endpoint?.contextName, CONTEXT);
      assert.equal(first.endpoint?.host, 'ssh://cwtest');
      const sshEngine = monitor.engine;

      // A container on the ssh engine, followed as a log terminal follows it, bound to this engine's lifetime.
      const id = await sshEngine.run({
        image: 'debian:bookworm-slim',
        args: ['sh', '-c', 'echo on-the-ssh-engine; sleep 600'],
        labels: testLabels,
      });
      const notes: string[] = [];
      let output = '';
      const lifetime = monitor.engineLifetime;
      const follower = new ContainerLogFollower(() => monitor.engine, hub, id, 'switch-test', {
        output: (text) => (output += text),
        note: (text) => notes.push(text),
      });
      const following = follower.run('follow', () => undefined, lifetime);
      await eventually(() => output.includes('on-the-ssh-engine'), 'the follow streams over ssh');
      const events = hub.subscribe(() => undefined);
      await eventually(() => hub.state === 'connected', 'the event stream is open over ssh');
      assert.ok(openSshConnections(sshEngine.endpoint) >= 2, 'the stream and the follow hold ssh connections');

      const switches: EngineSwitchedError[] = [];
      monitor.onDidSwitchEngine((e) => switches.push(e));
      chosen = 'default';
      monitor.reconfigure();
      const second = await monitor.check();
      hub.restart();
      await monitor.whenOldEnginesClosed();

      assert.equal(second.state, 'connected');
      assert.equal(second.endpoint?.host, env.DOCKER_HOST);
      assert.equal(second.endpoint?.contextName, undefined);
      assert.equal(switches.length, 1);
      assert.ok(lifetime.aborted && lifetime.reason instanceof EngineSwitchedError, 'the old engine lifetime ended, saying why');
      await following;
      assert.deepEqual(notes, [], 'a follow ended by a switch leaves the words to its terminal');
      assert.equal(openSshConnections(sshEngine.endpoint), 0, 'the old engine holds no ssh connection');
      await eventually(() => sshd.clientProcesses().length === sshProcessesBefore, 'no ssh process of the old engine is left');
      await eventually(() => hub.state === 'connected', 'the event stream follows the new engine');
      assert.ok(await monitor.engine.listContainers({ all: true }), 'the new engine lists');
      events.dispose();

      // And back: the context is found again, and its container is there.
      chosen = CONTEXT;
      monitor.reconfigure();
      const third = await monitor.check();
      assert.equal(third.endpoint?.contextName, CONTEXT);
      const onSsh = await monitor.engine.listContainers({ all: true });
      assert.ok(
        onSsh.some((c) => c.id === id),
        'the container of the ssh engine is listed again',
      );
      await monitor.engine.remove(id, { force: true });
      chosen = 'default';
      monitor.reconfigure();
      assert.equal(monitor.engine.endpoint.host, env.DOCKER_HOST, 'the default engine again');
      await monitor.whenOldEnginesClosed();
      await eventually(() => sshd.clientProcesses().length === sshProcessesBefore, 'no ssh process is left at the end');
    } finally {
      monitor.dispose();
    }
  });
});
