import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EngineEvent } from '../../src/engine/engine';
import { EngineMonitor } from '../../src/engine/engineMonitor';
import { EngineUnavailableError } from '../../src/engine/errors';
import type { StreamState } from '../../src/engine/eventHub';
import { Emitter } from '../../src/util/emitter';
import { type EngineListModel, type ListState } from '../../src/views/listModel';
import { type EngineEventSource } from '../../src/views/refreshManager';
import { createSidebarModels } from '../../src/views/sidebarModels';
import { FakeEngine } from '../support/fakeEngine';
import { aContainer } from '../support/viewFakes';

/** The state as the model has it now (a plain read, so assertions do not narrow it for later lines). */
function stateOf<T>(model: EngineListModel<T>): ListState<T> {
  return model.state;
}

const unavailable = () =>
  new EngineUnavailableError({ kind: 'notRunning', summary: 'The container engine is not running.', action: 'Start it.' });

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
