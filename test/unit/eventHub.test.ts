/**
 * The engine event hub (src/engine/eventHub.ts) with an engine whose event stream the test
 * drives: open only while subscribed, events fan out, a broken stream reconnects after the
 * backoff (an injected sleep, so no real waiting), restart() reconnects at once.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContainerEngine, EngineEvent } from '../../src/engine/engine';
import { CancelledError } from '../../src/engine/errors';
import { EngineEventHub, type StreamState } from '../../src/engine/eventHub';
import { FakeEngine } from '../support/fakeEngine';

interface Stream {
  onEvent: (event: EngineEvent) => void;
  signal: AbortSignal;
  /** Ends the stream as a broken connection would. */
  fail(err: Error): void;
  /** Ends the stream as an engine closing it cleanly would. */
  end(): void;
}

/** A fake engine whose events() streams the test holds and ends. */
class StreamEngine extends FakeEngine {
  readonly streams: Stream[] = [];

  override events(onEvent: (event: EngineEvent) => void, signal?: AbortSignal): Promise<void> {
    this.calls.push({ method: 'events', args: [signal] });
    assert.ok(signal, 'the hub always passes a signal');
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(new CancelledError());
        return;
      }
      signal.addEventListener('abort', () => reject(new CancelledError()), { once: true });
      this.streams.push({ onEvent, signal, fail: reject, end: () => resolve() });
    });
  }

  get current(): Stream {
    const s = this.streams.at(-1);
    assert.ok(s, 'a stream is open');
    return s;
  }
}

/** A sleep the test releases; it also ends on abort, like the hub's own. */
function controlledSleep() {
  const waits: { ms: number; signal: AbortSignal; release: () => void }[] = [];
  const sleep = (ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      waits.push({ ms, signal, release: resolve });
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  return { sleep, waits };
}

const event = (action: string, id = 'c1'): EngineEvent => ({ type: 'container', action, id, time: new Date(0), attributes: {} });

/** Lets queued promise callbacks run (the hub's loop is async). */
async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}

/** Waits (bounded) until `check` holds. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await settle(1);
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('EngineEventHub', () => {
  it('opens the stream on the first subscribe and closes it after the last dispose', async () => {
    const engine = new StreamEngine();
    const { sleep } = controlledSleep();
    const hub = new EngineEventHub(() => engine, { sleep, backoffMs: [10] });
    await settle();
    assert.equal(engine.count('events'), 0, 'nothing is opened before anyone listens');
    assert.equal(hub.state, 'disconnected');

    const a = hub.subscribe(() => undefined);
    await until(() => engine.count('events') === 1, 'the stream to open');
    assert.equal(hub.state, 'connected');
    const b = hub.subscribe(() => undefined);
    await settle();
    assert.equal(engine.count('events'), 1, 'a second subscriber shares the stream');

    a.dispose();
    a.dispose(); // twice is once
    await settle();
    assert.equal(engine.current.signal.aborted, false, 'still open while b listens');
    assert.equal(hub.state, 'connected');

    b.dispose();
    assert.equal(engine.current.signal.aborted, true, 'closed after the last dispose');
    assert.equal(hub.state, 'disconnected');
    await settle();
    assert.equal(engine.count('events'), 1, 'and not reopened');
    assert.equal(engine.count('version'), 1);
  });

  it('subscribing again after everyone left opens a new stream', async () => {
    const engine = new StreamEngine();
    const hub = new EngineEventHub(() => engine, { sleep: controlledSleep().sleep });
    hub.subscribe(() => undefined).dispose();
    await settle();
    const again = hub.subscribe(() => undefined);
    await until(() => engine.streams.some((s) => !s.signal.aborted), 'a fresh stream');
    assert.equal(hub.state, 'connected');
    again.dispose();
    assert.ok(engine.streams.every((s) => s.signal.aborted));
  });

  it('delivers every event to every subscriber, and none after dispose', async () => {
    const engine = new StreamEngine();
    const hub = new EngineEventHub(() => engine, { sleep: controlledSleep().sleep });
    const seenA: string[] = [];
    const seenB: string[] = [];
    const a = hub.subscribe((e) => seenA.push(e.action));
    const b = hub.subscribe((e) => seenB.push(e.action));
    await until(() => engine.streams.length === 1, 'the stream');
    engine.current.onEvent(event('create'));
    engine.current.onEvent(event('start'));
    a.dispose();
    engine.current.onEvent(event('die'));
    assert.deepEqual(seenA, ['create', 'start']);
    assert.deepEqual(seenB, ['create', 'start', 'die']);
    b.dispose();
  });

  it('a broken stream: disconnected, backoff, reconnected; the backoff grows and resets', async () => {
    const engine = new StreamEngine();
    const { sleep, waits } = controlledSleep();
    const hub = new EngineEventHub(() => engine, { sleep, backoffMs: [10, 20, 40] });
    const states: StreamState[] = [];
    const seen: string[] = [];
    const sub = hub.subscribe(
      (e) => seen.push(e.action),
      (s) => states.push(s),
    );
    await until(() => engine.streams.length === 1, 'the first stream');
    assert.deepEqual(states, ['connected']);

    engine.current.fail(new Error('socket hang up'));
    await until(() => waits.length === 1, 'the backoff');
    assert.equal(hub.state, 'disconnected');
    assert.deepEqual(states, ['connected', 'disconnected']);
    assert.equal(waits[0].ms, 10);
    assert.equal(engine.streams.length, 1, 'no reconnect before the backoff ends');

    // The engine is down for a while: version() fails, the backoff grows, the last step repeats.
    engine.versionError = new Error('connect ECONNREFUSED');
    waits[0].release();
    await until(() => waits.length === 2, 'the second backoff');
    waits[1].release();
    await until(() => waits.length === 3, 'the third backoff');
    waits[2].release();
    await until(() => waits.length === 4, 'the fourth backoff');
    assert.deepEqual(
      waits.map((w) => w.ms),
      [10, 20, 40, 40],
    );
    assert.equal(engine.streams.length, 1);
    assert.deepEqual(states, ['connected', 'disconnected'], 'no flapping while it stays down');

    // Back up: connected again, and events flow on the new stream.
    engine.versionError = undefined;
    waits[3].release();
    await until(() => engine.streams.length === 2, 'the reconnect');
    assert.equal(hub.state, 'connected');
    assert.deepEqual(states, ['connected', 'disconnected', 'connected']);
    engine.current.onEvent(event('start'));
    assert.deepEqual(seen, ['start']);

    // A connection that worked resets the backoff to its first step.
    engine.current.end();
    await until(() => waits.length === 5, 'the backoff after a clean end');
    assert.equal(waits[4].ms, 10);
    assert.equal(hub.state, 'disconnected');

    sub.dispose();
    assert.ok(waits[4].signal.aborted, 'disposing ends the wait too');
    await settle();
    assert.equal(engine.streams.length, 2, 'no reconnect after the last dispose');
  });

  it('asks for the engine again on every reconnect (the address may have changed)', async () => {
    const first = new StreamEngine();
    const second = new StreamEngine();
    let current: ContainerEngine | undefined;
    const { sleep, waits } = controlledSleep();
    const hub = new EngineEventHub(
      () => {
        if (!current) throw new Error('no engine configured');
        return current;
      },
      { sleep, backoffMs: [5] },
    );
    const sub = hub.subscribe(() => undefined);
    await until(() => waits.length === 1, 'a backoff while no engine is configured');
    assert.equal(hub.state, 'disconnected');
    current = first;
    waits[0].release();
    await until(() => first.streams.length === 1, 'the first engine');
    current = second;
    first.current.fail(new Error('engine restarted'));
    await until(() => waits.length === 2, 'the backoff');
    waits[1].release();
    await until(() => second.streams.length === 1, 'the second engine');
    assert.equal(hub.state, 'connected');
    sub.dispose();
    assert.ok(second.current.signal.aborted);
  });

  it('restart() reconnects at once, without waiting for the backoff', async () => {
    const engine = new StreamEngine();
    const { sleep, waits } = controlledSleep();
    const hub = new EngineEventHub(() => engine, { sleep, backoffMs: [60_000] });
    const states: StreamState[] = [];
    const sub = hub.subscribe(
      () => undefined,
      (s) => states.push(s),
    );
    await until(() => engine.streams.length === 1, 'the stream');
    engine.current.fail(new Error('broken'));
    await until(() => waits.length === 1, 'the long backoff');
    assert.equal(hub.state, 'disconnected');

    hub.restart();
    assert.ok(waits[0].signal.aborted, 'the old loop is stopped');
    await until(() => engine.streams.length === 2, 'the immediate reconnect');
    assert.equal(hub.state, 'connected');
    assert.equal(waits.length, 1, 'the backoff was not waited out');
    await settle();
    assert.equal(engine.streams.length, 2, 'the stopped loop does not open a second stream');

    // restart() while connected: the old stream closes, a new one opens.
    const old = engine.current;
    hub.restart();
    assert.ok(old.signal.aborted);
    await until(() => engine.streams.length === 3, 'the new stream');
    assert.equal(hub.state, 'connected');
    assert.deepEqual(states, ['connected', 'disconnected', 'connected', 'disconnected', 'connected']);
    sub.dispose();
  });

  it('restart() with no subscribers opens nothing', async () => {
    const engine = new StreamEngine();
    const hub = new EngineEventHub(() => engine, { sleep: controlledSleep().sleep });
    hub.restart();
    await settle();
    assert.equal(engine.count('version'), 0);
    assert.equal(engine.count('events'), 0);
  });

  it('dispose() closes the stream and silences everyone', async () => {
    const engine = new StreamEngine();
    const hub = new EngineEventHub(() => engine, { sleep: controlledSleep().sleep });
    const seen: string[] = [];
    hub.subscribe((e) => seen.push(e.action));
    await until(() => engine.streams.length === 1, 'the stream');
    const stream = engine.current;
    hub.dispose();
    assert.ok(stream.signal.aborted);
    stream.onEvent(event('late'));
    assert.deepEqual(seen, []);
    assert.equal(hub.state, 'disconnected');
  });
});
