import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EngineEndpoint } from '../../src/engine/connection';
import { EngineMonitor } from '../../src/engine/engineMonitor';
import { EngineSwitchedError, engineName, isSameEngine, switchedAwayNote } from '../../src/engine/engineSwitch';
import { FakeEngine } from '../support/fakeEngine';

const local: EngineEndpoint = { host: 'unix:///var/run/docker.sock', source: 'default' };
const remote: EngineEndpoint = { host: 'ssh://me@build-box', source: 'context', contextName: 'build' };

/** A fake that counts close() calls: an ssh engine's close ends its pooled ssh processes. */
class ClosableEngine extends FakeEngine {
  closed = 0;
  close(): Promise<void> {
    this.closed++;
    return Promise.resolve();
  }
}

describe('isSameEngine', () => {
  it('the same address, context and TLS files is a reconnect, not a switch', () => {
    assert.equal(isSameEngine(local, { ...local }), true);
    assert.equal(isSameEngine(remote, { ...remote, source: 'context' }), true);
  });

  it('another address, another context of the same address, or other TLS files is a switch', () => {
    assert.equal(isSameEngine(local, remote), false);
    assert.equal(isSameEngine(remote, { ...remote, contextName: 'other' }), false);
    const tls = { host: 'tcp://10.0.0.5:2376', source: 'setting' as const, tls: { certDir: '/a', verify: true } };
    assert.equal(isSameEngine(tls, { ...tls, tls: { certDir: '/b', verify: true } }), false);
    assert.equal(isSameEngine(local, undefined), false);
  });
});

describe('engineName and the note of a terminal that ends', () => {
  it('a context is named by its name and where it is; any other engine by where it is', () => {
    assert.equal(engineName(remote), 'context "build" (me@build-box)');
    assert.equal(engineName(local), '/var/run/docker.sock');
    assert.equal(engineName(undefined), 'no engine');
  });

  it('the last line says from where to where, what ended, and that the container keeps running', () => {
    const note = switchedAwayNote(new EngineSwitchedError(local, remote), 'Following web');
    assert.equal(
      note,
      '[This window switched from /var/run/docker.sock to context "build" (me@build-box). Following web was on the old engine and has ended here; the container itself keeps running there.]',
    );
    assert.match(switchedAwayNote(undefined, 'The shell in web'), /^\[This window switched to another engine\. The shell in web/);
  });
});

describe('EngineMonitor: switching engines', () => {
  it('a switch aborts the old engine lifetime with the reason, fires onDidSwitchEngine and closes the old engine', async () => {
    const engines = [new ClosableEngine({ endpoint: local }), new ClosableEngine({ endpoint: remote })];
    let next = 0;
    const monitor = new EngineMonitor(() => engines[next]);
    const lifetime = monitor.engineLifetime;
    const seen: EngineSwitchedError[] = [];
    monitor.onDidSwitchEngine((e) => seen.push(e));
    next = 1;
    monitor.reconfigure();
    assert.equal(monitor.engine, engines[1]);
    await monitor.whenOldEnginesClosed();
    assert.equal(lifetime.aborted, true);
    assert.ok(lifetime.reason instanceof EngineSwitchedError);
    assert.deepEqual([seen.length, seen[0].from, seen[0].to], [1, local, remote]);
    assert.equal(engines[0].closed, 1);
    assert.equal(engines[1].closed, 0);
    assert.equal(monitor.engineLifetime.aborted, false, 'the new engine has a lifetime of its own');
  });

  it('a reconnect to the same engine (Retry, an unrelated setting) ends nothing and closes nothing', () => {
    const engines = [new ClosableEngine({ endpoint: local }), new ClosableEngine({ endpoint: { ...local } })];
    let next = 0;
    const monitor = new EngineMonitor(() => engines[next]);
    const lifetime = monitor.engineLifetime;
    next = 1;
    monitor.reconfigure();
    assert.equal(monitor.engine, engines[1]);
    assert.equal(lifetime.aborted, false);
    assert.equal(engines[0].closed, 0);
  });
});
