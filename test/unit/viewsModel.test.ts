/**
 * The sidebar without an editor or an engine: list states (ready, unreachable, failed,
 * timed out), coalesced loads, the refresh manager's visibility rule (no stream while
 * hidden), its debounce, and how the models follow the event stream and the monitor.
 */
import * as assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import type { ContainerEngine, ContainerSummary, EngineEvent } from '../../src/engine/engine';
import { EngineMonitor } from '../../src/engine/engineMonitor';
import { EngineRequestError, EngineUnavailableError } from '../../src/engine/errors';
import type { StreamState } from '../../src/engine/eventHub';
import { Emitter } from '../../src/util/emitter';
import { EngineListModel, type ListState, createContainersModel, createImagesModel } from '../../src/views/listModel';
import { type EngineEventSource, SidebarRefreshManager, listAffectedBy } from '../../src/views/refreshManager';
import { createSidebarModels } from '../../src/views/sidebarModels';
import { FakeEngine } from '../support/fakeEngine';
import { aContainer, anImage } from '../support/viewFakes';

/** The state as the model has it now (a plain read, so assertions do not narrow it for later lines). */
function stateOf<T>(model: EngineListModel<T>): ListState<T> {
  return model.state;
}

const unavailable = () =>
  new EngineUnavailableError({ kind: 'notRunning', summary: 'The container engine is not running.', action: 'Start it.' });

function event(type: EngineEvent['type'], action: string): EngineEvent {
  return { type, action, id: 'x', time: new Date(), attributes: {} };
}

/** An event source the test drives by hand, counting subscriptions. */
class ManualEvents implements EngineEventSource {
  readonly events = new Emitter<EngineEvent>();
  readonly states = new Emitter<StreamState>();
  subscribers = 0;
  subscribe(onEvent: (e: EngineEvent) => void, onState?: (s: StreamState) => void) {
    this.subscribers++;
    const a = this.events.event(onEvent);
    const b = onState ? this.states.event(onState) : undefined;
    return {
      dispose: () => {
        this.subscribers--;
        a.dispose();
        b?.dispose();
      },
    };
  }
}

class CountingList {
  count = 0;
  async refresh(): Promise<void> {
    this.count++;
  }
}

describe('EngineListModel', () => {
  it('starts idle, becomes ready with the engine’s list, and tells listeners', async () => {
    const engine = new FakeEngine({ containers: [aContainer({ name: 'web' })], images: [anImage(), anImage({ repoTags: [] })] });
    const containers = createContainersModel(() => engine);
    const images = createImagesModel(() => engine);
    assert.equal(stateOf(containers).kind, 'idle');
    let changes = 0;
    containers.onDidChange(() => changes++);
    await containers.refresh();
    await images.refresh();
    assert.equal(changes, 1);
    assert.deepEqual(containers.state.kind === 'ready' && containers.state.items.map((c) => c.name), ['web']);
    // Dangling images are fetched too: showing them is a filter, not another call.
    assert.equal(images.state.kind === 'ready' && images.state.items.length, 2);
    const listCall = engine.calls.find((c) => c.method === 'listContainers')!;
    assert.deepEqual(listCall.args[0], { all: true });
  });

  it('an unreachable engine is a state, not a throw, and is reported once per outage', async () => {
    const reported: EngineUnavailableError[] = [];
    const model = new EngineListModel<ContainerSummary>(
      () => ({}) as ContainerEngine,
      async () => {
        throw unavailable();
      },
      { onUnavailable: (e) => reported.push(e) },
    );
    let changes = 0;
    model.onDidChange(() => changes++);
    await model.refresh();
    await model.refresh();
    assert.equal(model.state.kind, 'unavailable');
    assert.equal(model.state.kind === 'unavailable' && model.state.problem.kind, 'notRunning');
    assert.equal(reported.length, 2, 'the monitor hears every failure');
    assert.equal(changes, 1, 'the view redraws once for one outage');
  });

  it('no engine configured (the getter throws) is unavailable too', async () => {
    const model = createContainersModel(() => {
      throw unavailable();
    });
    await model.refresh();
    assert.equal(model.state.kind, 'unavailable');
  });

  it('other engine errors become a failed state with the engine’s message', async () => {
    const model = new EngineListModel(
      () => ({}) as ContainerEngine,
      async () => {
        throw new EngineRequestError('server error', 500);
      },
    );
    await model.refresh();
    assert.deepEqual(model.state, { kind: 'failed', message: 'server error' });
  });

  it('a list that hangs ends as unavailable after the timeout, never spinning forever', async () => {
    const endpoint = { host: 'unix:///tmp/hangs.sock', source: 'setting' as const, socketExists: true };
    const model = new EngineListModel(
      () => ({ endpoint }) as ContainerEngine,
      (_e, signal) =>
        new Promise<ContainerSummary[]>((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))),
        ),
      { timeoutMs: 30 },
    );
    await model.refresh();
    assert.equal(model.state.kind, 'unavailable');
    assert.match(model.state.kind === 'unavailable' ? model.state.problem.summary : '', /hangs\.sock/);
  });

  it('refreshes asked for during a load make exactly one more load, and the promise waits for it', async () => {
    let calls = 0;
    let release!: () => void;
    const model = new EngineListModel(
      () => ({}) as ContainerEngine,
      async () => {
        calls++;
        if (calls === 1) await new Promise<void>((r) => (release = r));
        return [calls];
      },
    );
    const first = model.refresh();
    const second = model.refresh();
    const third = model.refresh();
    release();
    await Promise.all([first, second, third]);
    assert.equal(calls, 2);
    assert.deepEqual(model.state, { kind: 'ready', items: [2] });
  });

  it('ensureLoaded loads once, then not again', async () => {
    const engine = new FakeEngine({ containers: [aContainer()] });
    const model = createContainersModel(() => engine);
    await Promise.all([model.ensureLoaded(), model.ensureLoaded()]);
    await model.ensureLoaded();
    assert.equal(engine.count('listContainers'), 1);
  });

  it('markUnavailable shows the outage at once; the next good load clears it', async () => {
    const engine = new FakeEngine({ containers: [aContainer()] });
    const model = createContainersModel(() => engine);
    await model.refresh();
    model.markUnavailable(unavailable().problem);
    assert.equal(model.state.kind, 'unavailable');
    await model.refresh();
    assert.equal(model.state.kind, 'ready');
  });
});

describe('listAffectedBy', () => {
  it('routes container and image events; ignores exec, attach, networks and volumes', () => {
    assert.equal(listAffectedBy(event('container', 'start')), 'containers');
    assert.equal(listAffectedBy(event('container', 'die')), 'containers');
    assert.equal(listAffectedBy(event('container', 'destroy')), 'containers');
    assert.equal(listAffectedBy(event('container', 'health_status: healthy')), 'containers');
    assert.equal(listAffectedBy(event('container', 'exec_start: sh')), undefined);
    assert.equal(listAffectedBy(event('container', 'attach')), undefined);
    assert.equal(listAffectedBy(event('image', 'tag')), 'images');
    assert.equal(listAffectedBy(event('image', 'delete')), 'images');
    assert.equal(listAffectedBy(event('network', 'connect')), undefined);
    assert.equal(listAffectedBy(event('volume', 'create')), undefined);
  });
});

describe('SidebarRefreshManager', () => {
  let events: ManualEvents;
  let containers: CountingList;
  let images: CountingList;
  let manager: SidebarRefreshManager;

  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout'] });
    events = new ManualEvents();
    containers = new CountingList();
    images = new CountingList();
    manager = new SidebarRefreshManager(events, { containers, images }, { debounceMs: 500 });
  });

  afterEach(() => {
    manager.dispose();
    mock.timers.reset();
  });

  it('does nothing until a view is visible: no load, no stream', () => {
    events.events.fire(event('container', 'start'));
    mock.timers.tick(1000);
    assert.equal(events.subscribers, 0);
    assert.equal(containers.count, 0);
  });

  it('a view becoming visible loads it and opens the stream; all hidden closes it', () => {
    manager.setVisible('containers', true);
    assert.equal(containers.count, 1);
    assert.equal(images.count, 0, 'the hidden Images view waits');
    assert.equal(events.subscribers, 1);
    manager.setVisible('images', true);
    assert.equal(images.count, 1);
    assert.equal(events.subscribers, 1, 'one stream for both views');
    manager.setVisible('containers', false);
    assert.equal(events.subscribers, 1);
    manager.setVisible('images', false);
    assert.equal(events.subscribers, 0);
    assert.equal(manager.listening, false);
  });

  it('events are debounced: a burst is one refresh, at most 500 ms after the first', () => {
    manager.setVisible('containers', true);
    const before = containers.count;
    for (let i = 0; i < 10; i++) {
      events.events.fire(event('container', 'start'));
      mock.timers.tick(40);
    }
    assert.equal(containers.count, before);
    mock.timers.tick(100);
    assert.equal(containers.count, before + 1);
    mock.timers.tick(1000);
    assert.equal(containers.count, before + 1);
    assert.equal(images.count, 0);
  });

  it('a steady trickle of events cannot postpone the refresh forever', () => {
    manager.setVisible('containers', true);
    const before = containers.count;
    for (let i = 0; i < 30; i++) {
      events.events.fire(event('container', 'die'));
      mock.timers.tick(100);
    }
    assert.ok(containers.count - before >= 5, `refreshed ${containers.count - before} times in 3 s`);
  });

  it('events for a hidden view mark it stale; it reloads when shown again', () => {
    manager.setVisible('containers', true);
    manager.setVisible('images', false);
    events.events.fire(event('image', 'tag'));
    mock.timers.tick(600);
    assert.equal(images.count, 0);
    manager.setVisible('images', true);
    assert.equal(images.count, 1);
  });

  it('after all views were hidden (stream closed), showing one reloads it: events were missed', () => {
    manager.setVisible('containers', true);
    manager.setVisible('containers', false);
    manager.setVisible('containers', true);
    assert.equal(containers.count, 2);
  });

  it('the stream breaking reloads at once; it coming back reloads after the debounce', () => {
    const states: StreamState[] = [];
    manager.dispose();
    manager = new SidebarRefreshManager(events, { containers, images }, { onStreamState: (s) => states.push(s) });
    manager.setVisible('containers', true);
    const before = containers.count;
    events.states.fire('disconnected');
    assert.equal(containers.count, before + 1);
    events.states.fire('connected');
    mock.timers.tick(500);
    assert.equal(containers.count, before + 2);
    assert.deepEqual(states, ['disconnected', 'connected']);
  });

  it('a visible list reloads once a minute without events (relative times in its rows), a hidden one never', () => {
    manager.setVisible('containers', true);
    assert.equal(containers.count, 1);
    mock.timers.tick(59_000);
    assert.equal(containers.count, 1);
    mock.timers.tick(1_000);
    assert.equal(containers.count, 2, 'a minute old: reloaded');
    mock.timers.tick(60_000);
    assert.equal(containers.count, 3);
    assert.equal(images.count, 0, 'the hidden Images view is not reloaded');

    manager.setVisible('containers', false);
    mock.timers.tick(10 * 60_000);
    assert.equal(containers.count, 3, 'nothing runs while hidden');
  });

  it('an event-driven reload restarts the minute', () => {
    manager.setVisible('containers', true);
    mock.timers.tick(40_000);
    events.events.fire(event('container', 'start'));
    mock.timers.tick(500);
    assert.equal(containers.count, 2);
    mock.timers.tick(59_000);
    assert.equal(containers.count, 2, 'the list is 59.5 s old, not a minute');
    mock.timers.tick(1_000);
    assert.equal(containers.count, 3);
  });

  it('dispose closes the stream and cancels pending refreshes', () => {
    manager.setVisible('containers', true);
    events.events.fire(event('container', 'start'));
    const before = containers.count;
    manager.dispose();
    mock.timers.tick(2 * 60_000);
    assert.equal(containers.count, before, 'neither the debounced nor the minute reload runs');
    assert.equal(events.subscribers, 0);
  });
});

describe('createSidebarModels', () => {
  it('follows the monitor: unavailable empties the lists, connected reloads them', async () => {
    const engine = new FakeEngine({ containers: [aContainer()] });
    const monitor = new EngineMonitor(() => engine);
    const events = new ManualEvents();
    const models = createSidebarModels(monitor, events);
    try {
      models.refresher.setVisible('containers', true);
      await models.containers.refresh();
      assert.equal(models.containers.state.kind, 'ready');

      engine.versionError = unavailable();
      await monitor.check();
      assert.equal(models.containers.state.kind, 'unavailable');
      assert.equal(models.images.state.kind, 'unavailable');

      engine.versionError = undefined;
      const listsBefore = engine.count('listContainers');
      assert.equal(stateOf(models.containers).kind, 'unavailable');
      await monitor.check();
      await models.containers.refresh();
      assert.equal(stateOf(models.containers).kind, 'ready');
      assert.ok(engine.count('listContainers') > listsBefore);
    } finally {
      models.dispose();
      monitor.dispose();
    }
  });

  it('a list that cannot reach the engine tells the monitor (status bar and context key follow)', async () => {
    const engine = new FakeEngine();
    engine.listContainers = async () => {
      throw unavailable();
    };
    const monitor = new EngineMonitor(() => engine);
    const models = createSidebarModels(monitor, new ManualEvents());
    try {
      await models.containers.refresh();
      assert.equal(monitor.status.state, 'unavailable');
    } finally {
      models.dispose();
      monitor.dispose();
    }
  });

  it('a stream state change makes the monitor check the engine', async () => {
    const engine = new FakeEngine();
    const monitor = new EngineMonitor(() => engine);
    const events = new ManualEvents();
    const models = createSidebarModels(monitor, events);
    try {
      models.refresher.setVisible('images', true);
      const before = engine.count('version');
      events.states.fire('disconnected');
      await monitor.check();
      assert.ok(engine.count('version') > before);
    } finally {
      models.dispose();
      monitor.dispose();
    }
  });
});
