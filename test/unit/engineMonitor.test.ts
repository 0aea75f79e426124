import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EndpointConfigError } from '../../src/engine/connection';
import { EngineMonitor, type EngineStatus } from '../../src/engine/engineMonitor';
import { CancelledError, EngineRequestError, EngineUnavailableError, type EngineProblem } from '../../src/engine/errors';
import { FakeEngine, fakeVersion } from '../support/fakeEngine';

const notRunning: EngineProblem = {
  kind: 'notRunning',
  summary: 'The container engine is not running: /var/run/docker.sock exists but nothing answers.',
  action: 'Start it.',
};
const permission: EngineProblem = {
  kind: 'permissionDenied',
  summary: 'Permission denied on /var/run/docker.sock.',
  action: 'Add your user to the docker group.',
};

function watch(monitor: EngineMonitor): EngineStatus[] {
  const seen: EngineStatus[] = [];
  monitor.onDidChangeStatus((s) => seen.push(s));
  return seen;
}

describe('EngineMonitor', () => {
  it('starts as checking, without pinging', () => {
    const fake = new FakeEngine();
    const monitor = new EngineMonitor(() => fake);
    assert.deepEqual(monitor.status, { state: 'checking' });
    assert.equal(fake.count('version'), 0);
    assert.equal(monitor.engine, fake);
  });

  it('check(): connected with the endpoint and the version', async () => {
    const fake = new FakeEngine();
    const monitor = new EngineMonitor(() => fake);
    const status = await monitor.check();
    assert.deepEqual(status, { state: 'connected', endpoint: fake.endpoint, version: fakeVersion });
    assert.deepEqual(monitor.status, status);
    assert.equal(fake.count('version'), 1);
  });

  it('check(): unavailable with the problem carried by EngineUnavailableError', async () => {
    const fake = new FakeEngine({ versionError: new EngineUnavailableError(notRunning) });
    const monitor = new EngineMonitor(() => fake);
    const status = await monitor.check();
    assert.deepEqual(status, { state: 'unavailable', endpoint: fake.endpoint, problem: notRunning });
    // The engine is still there to use once it comes back; only its status says it is away.
    assert.equal(monitor.engine, fake);
  });

  it('check(): an engine that answers with an error is unreachable, with the error in the summary', async () => {
    const fake = new FakeEngine({ versionError: new EngineRequestError('page not found', 404) });
    const monitor = new EngineMonitor(() => fake);
    const status = await monitor.check();
    assert.equal(status.state, 'unavailable');
    if (status.state !== 'unavailable') return;
    assert.equal(status.problem.kind, 'unreachable');
    assert.match(status.problem.summary, /page not found/);
    assert.match(status.problem.summary, /unix:\/\/\/var\/run\/docker\.sock/);
    assert.ok(status.problem.action.length > 0);
  });

  it('misconfigured when createEngine throws EndpointConfigError; `engine` throws that problem', async () => {
    const monitor = new EngineMonitor(() => {
      throw new EndpointConfigError('the setting containerWorkflows.engine.host is "ftp://x", which is not an engine address.');
    });
    const status = await monitor.check();
    assert.equal(status.state, 'unavailable');
    if (status.state !== 'unavailable') return;
    assert.equal(status.problem.kind, 'misconfigured');
    assert.match(status.problem.summary, /ftp:\/\/x/);
    assert.match(status.problem.action, /containerWorkflows\.engine\.host/);
    assert.equal(status.endpoint, undefined);
    assert.throws(
      () => monitor.engine,
      (err: unknown) => err instanceof EngineUnavailableError && err.problem.kind === 'misconfigured' && /ftp:\/\/x/.test(err.message),
    );
  });

  it('any other error from createEngine is not swallowed', async () => {
    const monitor = new EngineMonitor(() => {
      throw new TypeError('programming error');
    });
    assert.throws(() => monitor.engine, TypeError);
    await assert.rejects(
      new EngineMonitor(() => {
        throw new TypeError('programming error');
      }).check(),
      TypeError,
    );
  });

  it('makes the engine on first use, not when it is constructed (activation stays cheap)', async () => {
    let made = 0;
    const monitor = new EngineMonitor(() => {
      made++;
      return new FakeEngine();
    });
    assert.equal(made, 0);
    await monitor.check();
    assert.equal(made, 1);
    monitor.reconfigure();
    assert.equal(made, 1, 'reconfigure only marks the engine stale');
    void monitor.engine;
    assert.equal(made, 2);
  });

  it('reconfigure() picks up a fixed address; the next check connects', async () => {
    let fixed = false;
    const fake = new FakeEngine();
    const monitor = new EngineMonitor(() => {
      if (!fixed) throw new EndpointConfigError('bad address');
      return fake;
    });
    assert.equal((await monitor.check()).state, 'unavailable');
    fixed = true;
    monitor.reconfigure();
    assert.equal(fake.count('version'), 0, 'reconfigure does not ping');
    assert.equal((await monitor.check()).state, 'connected');
    assert.equal(monitor.engine, fake);
  });

  it('concurrent check() calls share one ping', async () => {
    const fake = new FakeEngine();
    const monitor = new EngineMonitor(() => fake);
    const release = fake.holdVersion();
    const a = monitor.check();
    const b = monitor.check();
    const c = monitor.check();
    assert.equal(a, b);
    assert.equal(b, c);
    await new Promise((r) => setImmediate(r));
    assert.equal(fake.count('version'), 1);
    assert.equal(monitor.status.state, 'checking');
    release();
    const results = await Promise.all([a, b, c]);
    for (const r of results) assert.equal(r.state, 'connected');
    assert.equal(fake.count('version'), 1);
    // Once it is over, the next check pings again.
    await monitor.check();
    assert.equal(fake.count('version'), 2);
  });

  it('change events fire only on real changes', async () => {
    const fake = new FakeEngine();
    const monitor = new EngineMonitor(() => fake);
    const seen = watch(monitor);

    await monitor.check();
    assert.deepEqual(
      seen.map((s) => s.state),
      ['checking', 'connected'],
    );
    assert.deepEqual(seen[0], { state: 'checking', endpoint: fake.endpoint });

    // Same answer again: nothing changed, nothing fired (and no flicker through "checking").
    await monitor.check();
    await monitor.check();
    assert.equal(seen.length, 2);

    // A new version is a change.
    fake.versionResult = { ...fakeVersion, version: '28.0.0' };
    await monitor.check();
    assert.equal(seen.length, 3);
    assert.equal(seen[2].state === 'connected' && seen[2].version.version, '28.0.0');

    // The engine goes away: straight from connected to unavailable.
    fake.versionError = new EngineUnavailableError(notRunning);
    await monitor.check();
    assert.equal(seen.length, 4);
    assert.deepEqual(seen[3], { state: 'unavailable', endpoint: fake.endpoint, problem: notRunning });

    // Still away: the retry shows "checking" while it runs, then the same problem again.
    await monitor.check();
    assert.deepEqual(
      seen.slice(4).map((s) => s.state),
      ['checking', 'unavailable'],
    );

    // Back again.
    fake.versionError = undefined;
    await monitor.check();
    assert.deepEqual(seen.at(-1), { state: 'connected', endpoint: fake.endpoint, version: { ...fakeVersion, version: '28.0.0' } });
  });

  it('reportUnavailable: everyone learns at once; the same report twice fires once; a check recovers', async () => {
    const fake = new FakeEngine();
    const monitor = new EngineMonitor(() => fake);
    await monitor.check();
    const seen = watch(monitor);

    monitor.reportUnavailable(new EngineUnavailableError(permission));
    assert.deepEqual(monitor.status, { state: 'unavailable', endpoint: fake.endpoint, problem: permission });
    assert.equal(seen.length, 1);

    monitor.reportUnavailable(new EngineUnavailableError({ ...permission }));
    assert.equal(seen.length, 1, 'an identical report is not a change');

    monitor.reportUnavailable(new EngineUnavailableError(notRunning));
    assert.equal(seen.length, 2);
    assert.equal(seen[1].state === 'unavailable' && seen[1].problem.kind, 'notRunning');

    const status = await monitor.check();
    assert.equal(status.state, 'connected');
    assert.equal(seen.at(-1)?.state, 'connected');
  });

  it('a cancelled check while connected keeps the status connected and fires nothing', async () => {
    const fake = new FakeEngine();
    const monitor = new EngineMonitor(() => fake);
    await monitor.check();
    const seen = watch(monitor);
    const status = await monitor.check(AbortSignal.abort());
    assert.equal(status.state, 'connected');
    assert.equal(monitor.status.state, 'connected');
    assert.equal(seen.length, 0);
  });

  // When no check is running any more, the status must not claim one is: a cancelled
  // retry from "unavailable" goes back to what was known before it started.
  it('a cancelled check does not leave the status at "checking"', async () => {
    const fake = new FakeEngine({ versionError: new EngineUnavailableError(notRunning) });
    const monitor = new EngineMonitor(() => fake);
    await monitor.check();
    assert.equal(monitor.status.state, 'unavailable');
    const controller = new AbortController();
    const release = fake.holdVersion();
    const pending = monitor.check(controller.signal);
    controller.abort();
    release();
    await pending;
    assert.notEqual(monitor.status.state, 'checking');
    assert.deepEqual(monitor.status, { state: 'unavailable', endpoint: fake.endpoint, problem: notRunning });
  });

  it('the fake really cancels: version() with an aborted signal rejects with CancelledError', async () => {
    const fake = new FakeEngine();
    await assert.rejects(fake.version(AbortSignal.abort()), CancelledError);
  });

  it('dispose() stops the events', async () => {
    const fake = new FakeEngine();
    const monitor = new EngineMonitor(() => fake);
    const seen = watch(monitor);
    monitor.dispose();
    await monitor.check();
    assert.equal(monitor.status.state, 'connected');
    assert.equal(seen.length, 0);
  });

  describe('while the engine is away, it checks again by itself', () => {
    /** A sleep the test releases; it also ends on abort, like the monitor's own. */
    function controlledSleep() {
      const waits: { ms: number; signal: AbortSignal; release: () => void }[] = [];
      const sleep = (ms: number, signal: AbortSignal) =>
        new Promise<void>((resolve) => {
          waits.push({ ms, signal, release: resolve });
          signal.addEventListener('abort', () => resolve(), { once: true });
        });
      return { sleep, waits };
    }
    const settle = async () => {
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    };

    it('reportUnavailable (a build cut off by the engine): connected again when it answers, with nobody asking', async () => {
      const fake = new FakeEngine({ versionError: new EngineUnavailableError(notRunning) });
      const { sleep, waits } = controlledSleep();
      const monitor = new EngineMonitor(() => fake, { sleep, recheckMs: [10, 20] });
      const seen = watch(monitor);
      monitor.reportUnavailable(new EngineUnavailableError(notRunning));
      await settle();
      assert.equal(waits.length, 1, 'a re-check is scheduled');
      assert.equal(waits[0].ms, 10);

      // Still away: it waits longer, and says nothing new (no "checking" blinking in the bar).
      waits[0].release();
      await settle();
      assert.equal(fake.count('version'), 1);
      assert.equal(waits.length, 2);
      assert.equal(waits[1].ms, 20);
      assert.deepEqual(
        seen.map((s) => s.state),
        ['unavailable'],
      );

      // Back: the next re-check finds it, and the loop ends.
      fake.versionError = undefined;
      waits[1].release();
      await settle();
      assert.deepEqual(monitor.status, { state: 'connected', endpoint: fake.endpoint, version: fakeVersion });
      assert.deepEqual(
        seen.map((s) => s.state),
        ['unavailable', 'connected'],
      );
      await settle();
      assert.equal(waits.length, 2, 'no more checks once connected');
      monitor.dispose();
    });

    it('a failed check starts it too; only one loop however often the engine is reported away', async () => {
      const fake = new FakeEngine({ versionError: new EngineUnavailableError(notRunning) });
      const { sleep, waits } = controlledSleep();
      const monitor = new EngineMonitor(() => fake, { sleep, recheckMs: [10] });
      await monitor.check();
      monitor.reportUnavailable(new EngineUnavailableError(notRunning));
      monitor.reportUnavailable(new EngineUnavailableError(permission));
      await settle();
      assert.equal(waits.length, 1);
      monitor.dispose();
      assert.equal(waits[0].signal.aborted, true, 'dispose() ends the loop');
      await settle();
      assert.equal(fake.count('version'), 1, 'and nothing is checked after it');
    });

    it('a wrong address is not retried: it needs the setting to change', async () => {
      const { sleep, waits } = controlledSleep();
      const monitor = new EngineMonitor(
        () => {
          throw new EndpointConfigError('not an engine address');
        },
        { sleep },
      );
      await monitor.check();
      await settle();
      assert.equal(monitor.status.state, 'unavailable');
      assert.equal(waits.length, 0);
      monitor.dispose();
    });
  });
});
