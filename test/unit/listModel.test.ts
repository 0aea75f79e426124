import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContainerEngine, ContainerSummary } from '../../src/engine/engine';
import { EngineRequestError, EngineUnavailableError } from '../../src/engine/errors';
import { EngineListModel, type ListState, createContainersModel, createImagesModel } from '../../src/views/listModel';
import { FakeEngine } from '../support/fakeEngine';
import { aContainer, anImage } from '../support/viewFakes';

/** The state as the model has it now (a plain read, so assertions do not narrow it for later lines). */
function stateOf<T>(model: EngineListModel<T>): ListState<T> {
  return model.state;
}

const unavailable = () =>
  new EngineUnavailableError({ kind: 'notRunning', summary: 'The container engine is not running.', action: 'Start it.' });

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
