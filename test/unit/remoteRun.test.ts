/** Run Image… on another machine's engine: where ports are reached, folders checked there. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunRequest } from '../../src/engine/engine';
import { EngineRequestError } from '../../src/engine/errors';
import {
  checkEngineFolders,
  engineHostForPorts,
  missingBindSource,
  missingOnEngineMessage,
  parseSshConfigDump,
  portHostOf,
} from '../../src/workflows/remoteRun';
import { FakeEngine } from '../support/fakeEngine';
import { portProbe } from '../../src/workflows/hostPorts';
import * as net from 'node:net';

describe('engineHostForPorts', () => {
  it("localhost for a socket, the address's host for tcp and ssh, the alias's HostName when known", () => {
    assert.equal(engineHostForPorts({ host: 'unix:///var/run/docker.sock' }), 'localhost');
    assert.equal(engineHostForPorts({ host: 'tcp://build-box:2376' }, '0.0.0.0'), 'build-box');
    assert.equal(engineHostForPorts({ host: 'tcp://[fd00::5]:2376' }), 'fd00::5');
    assert.equal(engineHostForPorts({ host: 'ssh://me@lab' }, '::'), 'lab');
    assert.equal(engineHostForPorts({ host: 'ssh://me@lab' }, undefined, '10.0.0.7'), '10.0.0.7');
  });

  it("a port bound to one address of the engine's machine: that address; to its loopback: unreachable from here", () => {
    assert.equal(engineHostForPorts({ host: 'tcp://build-box:2376' }, '10.0.0.5'), '10.0.0.5');
    assert.equal(engineHostForPorts({ host: 'tcp://build-box:2376' }, '127.0.0.1'), undefined);
    assert.equal(engineHostForPorts({ host: 'tcp://127.0.0.1:2376' }, '127.0.0.1'), '127.0.0.1');
  });

  it('parseSshConfigDump reads what ssh -G prints', () => {
    assert.deepEqual(parseSshConfigDump('user me\nhostname 10.0.0.7\nport 2222\nidentityfile ~/.ssh/id_ed25519\n'), {
      user: 'me',
      hostname: '10.0.0.7',
      port: 2222,
    });
  });
});

describe('checkEngineFolders', () => {
  it("missingBindSource reads Docker's and Podman's refusals", () => {
    assert.equal(missingBindSource('invalid mount config for type "bind": bind source path does not exist: /srv/data'), '/srv/data');
    assert.equal(missingBindSource('statfs /srv/data: no such file or directory'), '/srv/data');
    assert.equal(missingBindSource('no such image'), undefined);
  });

  it('creates (never starts) a container with the folders, learns the missing ones from the refusals, removes it', async () => {
    const onEngine = new Set(['/srv/in', '/srv/out']);
    class Engine extends FakeEngine {
      override async create(request: RunRequest, signal?: AbortSignal): Promise<string> {
        const missing = request.volumes?.find((v) => !onEngine.has(v.hostPath));
        if (missing)
          throw new EngineRequestError(`invalid mount config for type "bind": bind source path does not exist: ${missing.hostPath}`, 400);
        return super.create(request, signal);
      }
    }
    const engine = new Engine();
    const states = await checkEngineFolders(engine, 'img', ['/srv/in', '/home/me/here', '/srv/out', '/also/missing']);
    assert.deepEqual(Object.fromEntries(states), {
      '/home/me/here': 'missing',
      '/also/missing': 'missing',
      '/srv/in': 'exists',
      '/srv/out': 'exists',
    });
    assert.equal(engine.count('start') + engine.count('run'), 0);
    assert.deepEqual(await engine.listContainers({ all: true }), []);
  });

  it('another refusal is passed on', async () => {
    class Engine extends FakeEngine {
      override async create(): Promise<string> {
        throw new EngineRequestError('no such image: img', 404);
      }
    }
    await assert.rejects(checkEngineFolders(new Engine(), 'img', ['/x']), /no such image/);
  });
});

describe('missingOnEngineMessage', () => {
  it("says the folders are missing on the engine's machine, where that is, and what to do", () => {
    assert.equal(
      missingOnEngineMessage(['/srv/data'], 'me@build-box'),
      "/srv/data does not exist on the engine's machine (me@build-box). Host folders of a run are paths on that machine, not on this one: create it there, or pick another folder.",
    );
    assert.match(missingOnEngineMessage(['/a', '/b'], '10.0.0.5:2376'), /^2 host folders do not exist .*create them there/);
  });
});

describe('portHostOf', () => {
  it('a local engine: localhost; tcp://: its host; ssh:// without an ssh program: the host of the address', async () => {
    assert.equal(await portHostOf({ host: 'unix:///var/run/docker.sock' }), 'localhost');
    assert.equal(await portHostOf({ host: 'tcp://10.0.0.5:2376' }), '10.0.0.5');
    assert.equal(await portHostOf({ host: 'ssh://me@build-box' }, undefined, { PATH: '/nonexistent' }), 'build-box');
    assert.equal(await portHostOf({ host: 'tcp://10.0.0.5:2376' }, '127.0.0.1'), undefined, 'loopback of another machine is not reachable');
  });
});

describe('portProbe on an engine elsewhere', () => {
  it("a port is busy only when one of the engine's containers publishes it: this machine's ports say nothing there", async () => {
    const engine = new FakeEngine({ endpoint: { host: 'tcp://10.0.0.5:2376', source: 'setting' } });
    const probe = await portProbe(engine);
    // A port taken here is still free on the engine's machine.
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', () => resolve()));
    const taken = (server.address() as net.AddressInfo).port;
    try {
      assert.equal(await probe(taken), true);
    } finally {
      server.close();
    }
  });
});
