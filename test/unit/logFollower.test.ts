/**
 * The log follower (src/terminals/logFollower.ts) with an engine and an event stream the
 * test drives: it follows again when the event stream comes back after a break (a start
 * it missed), and when the engine itself went away mid-stream and came back with the
 * container restarted. The real engine, killed with SIGKILL, is in integration/faults.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContainerDetails, EngineEvent, LogOptions, OutputSink } from '../../src/engine/engine';
import { CancelledError, type EngineUnavailableError, engineStoppedError } from '../../src/engine/errors';
import type { StreamState } from '../../src/engine/eventHub';
import { ContainerLogFollower } from '../../src/terminals/logFollower';
import { FakeEngine } from '../support/fakeEngine';

interface OpenLogs {
  options: LogOptions;
  sink: OutputSink;
  end(): void;
  fail(err: Error): void;
}

/** A fake engine whose logs() streams stay open until the test ends them, with start times. */
class FollowEngine extends FakeEngine {
  readonly open: OpenLogs[] = [];
  readonly startedAt = new Map<string, Date>();
  readonly exitCodes = new Map<string, number>();
  away: EngineUnavailableError | undefined;

  override async inspectContainer(id: string, signal?: AbortSignal): Promise<ContainerDetails | undefined> {
    if (this.away) throw this.away;
    const details = await super.inspectContainer(id, signal);
    return details && { ...details, startedAt: this.startedAt.get(id), exitCode: this.exitCodes.get(id) ?? details.exitCode };
  }

  override logs(id: string, options: LogOptions, sink: OutputSink, signal?: AbortSignal): Promise<void> {
    this.calls.push({ method: 'logs', args: [id, options] });
    if (this.away) return Promise.reject(this.away);
    return new Promise((resolve, reject) => {
      signal?.addEventListener('abort', () => reject(new CancelledError()), { once: true });
      this.open.push({ options, sink, end: resolve, fail: reject });
    });
  }

  get current(): OpenLogs {
    const open = this.open.at(-1);
    assert.ok(open, 'a log stream is open');
    return open;
  }
}

/** The event hub as the follower sees it: the test fires events and stream states. */
class FakeEvents {
  private readonly subscribers = new Set<{ onEvent: (e: EngineEvent) => void; onState?: (s: StreamState) => void }>();

  get listening(): number {
    return this.subscribers.size;
  }

  subscribe(onEvent: (e: EngineEvent) => void, onState?: (s: StreamState) => void) {
    const sub = { onEvent, onState };
    this.subscribers.add(sub);
    return { dispose: () => this.subscribers.delete(sub) };
  }

  state(state: StreamState): void {
    for (const s of [...this.subscribers]) s.onState?.(state);
  }

  fire(event: EngineEvent): void {
    for (const s of [...this.subscribers]) s.onEvent(event);
  }
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((r) => setImmediate(r));
  }
  assert.fail(`timed out waiting for ${what}`);
}

function setUp() {
  const engine = new FollowEngine();
  const events = new FakeEvents();
  const notes: string[] = [];
  let output = '';
  const controller = new AbortController();
  return {
    engine,
    events,
    notes,
    output: () => output,
    controller,
    follow(id: string, endAtExit?: (exitCode: number) => string) {
      const follower = new ContainerLogFollower(
        () => engine,
        events,
        id,
        'web',
        { output: (text) => (output += text), note: (text) => notes.push(text) },
        { retryMs: 60_000, endAtExit },
      );
      return follower.run('follow', () => undefined, controller.signal);
    },
  };
}

describe('ContainerLogFollower', () => {
  it('waiting for a start, the event stream breaks and comes back: it looks again and follows the container that started meanwhile', async () => {
    const t = setUp();
    const id = await t.engine.create({ image: 'debian', args: ['true'] });
    const container = t.engine.containers.find((c) => c.id === id)!;
    container.state = 'exited';
    const running = t.follow(id);
    await until(() => t.engine.open.length === 1, 'the first log stream');
    t.engine.current.end();
    await until(() => t.notes.some((n) => /waiting for it to start again/.test(n)), 'the follower to wait for a start');

    // The engine stops and comes back; the container starts while the stream is down, so no start event arrives.
    t.events.state('disconnected');
    container.state = 'running';
    t.engine.startedAt.set(id, new Date(1_700_000_000_000));
    t.events.state('connected');

    await until(() => t.engine.open.length === 2, 'a second log stream after the reconnect');
    assert.equal(t.engine.current.options.since, 1_700_000_000, 'from the new start on, not all over again');
    assert.ok(t.notes.some((n) => /started again/.test(n)));
    t.engine.current.sink('second run\n', 'stdout');
    assert.match(t.output(), /second run/);
    t.controller.abort();
    await running;
    assert.equal(t.events.listening, 0, 'no subscription is left behind');
  });

  it('the engine stops mid-stream and comes back with the container restarted: it says so, waits, and follows the new run', async () => {
    const t = setUp();
    const id = await t.engine.run({ image: 'debian', args: ['serve'] });
    t.engine.startedAt.set(id, new Date(Date.now() - 3_600_000));
    const running = t.follow(id);
    await until(() => t.engine.open.length === 1, 'the first log stream');
    t.engine.current.sink('first run\n', 'stdout');

    // SIGKILL of the engine: the stream breaks and nothing answers.
    t.engine.away = engineStoppedError(t.engine.endpoint, 'the log stream');
    t.engine.current.fail(t.engine.away);
    await until(() => t.notes.some((n) => /engine stopped/.test(n)), 'the note that the engine stopped');
    assert.ok(!t.notes.some((n) => /stopped following/.test(n)), 'it does not give up');
    await until(() => t.events.listening === 1, 'the follower to wait for the event stream');

    // Back, and `--restart always` started the container again.
    t.engine.away = undefined;
    const restartedAt = Math.ceil(Date.now() / 1000) + 5;
    t.engine.startedAt.set(id, new Date(restartedAt * 1000));
    t.events.state('connected');
    await until(() => t.engine.open.length === 2, 'a log stream on the restarted container');
    assert.equal(t.engine.current.options.since, restartedAt, 'from the new start on');
    t.engine.current.sink('second run\n', 'stdout');
    assert.match(t.output(), /first run\nsecond run/);
    t.controller.abort();
    await running;
  });

  it('the container is gone when the engine is back: it says so and ends', async () => {
    const t = setUp();
    const id = await t.engine.run({ image: 'debian', args: ['serve'] });
    const running = t.follow(id);
    await until(() => t.engine.open.length === 1, 'the log stream');
    t.engine.away = engineStoppedError(t.engine.endpoint, 'the log stream');
    t.engine.current.fail(t.engine.away);
    await until(() => t.events.listening === 1, 'the follower to wait');
    t.engine.away = undefined;
    t.engine.containers = [];
    t.events.state('connected');
    await running;
    assert.match(t.notes.at(-1) ?? '', /exited and was removed/);
  });

  it('waiting for a start, the container is removed: it says so and ends, no subscription left', async () => {
    const t = setUp();
    const id = await t.engine.create({ image: 'debian', args: ['true'] });
    t.engine.containers.find((c) => c.id === id)!.state = 'exited';
    const running = t.follow(id);
    await until(() => t.engine.open.length === 1, 'the log stream');
    t.engine.current.end();
    await until(() => t.notes.some((n) => /waiting for it to start again/.test(n)), 'the follower to wait for a start');
    t.engine.containers = [];
    t.events.fire({ type: 'container', action: 'destroy', id, time: new Date(), attributes: {} });
    await running;
    assert.match(t.notes.at(-1) ?? '', /web exited and was removed/);
    assert.equal(t.events.listening, 0, 'no subscription is left behind');
  });

  it('with endAtExit (a remote copy run): at the exit it says that line and ends instead of waiting for a start', async () => {
    const t = setUp();
    const id = await t.engine.run({ image: 'debian', args: ['convert'] });
    const container = t.engine.containers.find((c) => c.id === id)!;
    const running = t.follow(id, (code) => `[web exited with code ${code}; copying its output back to this machine…]`);
    await until(() => t.engine.open.length === 1, 'the log stream');
    t.engine.current.sink('converting\n', 'stdout');
    container.state = 'exited';
    t.engine.exitCodes.set(id, 3);
    t.engine.current.end();
    await running;
    assert.match(t.output(), /converting/);
    assert.deepEqual(t.notes, ['\n[web exited with code 3; copying its output back to this machine…]']);
    assert.ok(!t.notes.some((n) => /waiting for it to start again/.test(n)));
    assert.equal(t.events.listening, 0, 'no subscription is left behind');
    assert.equal(t.engine.open.length, 1, 'no second log stream');
  });
});
