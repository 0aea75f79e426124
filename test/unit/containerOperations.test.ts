import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineRequestError, EngineUnavailableError } from '../../src/engine/errors';
import {
  applicable,
  describeTargets,
  failures,
  pruneOwnedContainers,
  removeContainers,
  startContainers,
  stopContainers,
  stoppedOwnedContainers,
  summarize,
  unavailableError,
} from '../../src/commands/containers/containerOperations';
import { FakeEngine } from '../support/fakeEngine';
import { aContainer, owned } from '../support/viewFakes';
import { type ContainerMount } from '../../src/engine/engine';

describe('container operations', () => {
  it('start applies to stopped containers, stop to running, paused and restarting ones', () => {
    const list = [
      aContainer({ state: 'running' }),
      aContainer({ state: 'exited' }),
      aContainer({ state: 'paused' }),
      aContainer({ state: 'created' }),
    ];
    assert.deepEqual(
      applicable('start', list).map((c) => c.state),
      ['exited', 'created'],
    );
    assert.deepEqual(
      applicable('stop', list).map((c) => c.state),
      ['running', 'paused'],
    );
    assert.equal(applicable('remove', list).length, 4);
  });

  it('each container gets its own outcome; one failure does not stop the others', async () => {
    const a = aContainer({ name: 'a', state: 'running' });
    const b = aContainer({ name: 'b', state: 'running' });
    const engine = new FakeEngine({ containers: [a, b] });
    const gone = aContainer({ name: 'gone' });
    const outcomes = await stopContainers(engine, [a, gone, b]);
    assert.equal(failures(outcomes).length, 1);
    assert.equal(failures(outcomes)[0].target.name, 'gone');
    assert.deepEqual(
      engine.containers.map((c) => c.state),
      ['exited', 'exited'],
    );
    const summary = summarize('stop', outcomes);
    assert.equal(summary.ok, 'Stopped a and b');
    assert.deepEqual(summary.errors, [`Could not stop gone: No such container: ${gone.id}`]);
  });

  it('start brings stopped containers up', async () => {
    const c = aContainer({ state: 'exited' });
    const engine = new FakeEngine({ containers: [c] });
    assert.equal(failures(await startContainers(engine, [c])).length, 0);
    assert.equal(engine.containers[0].state, 'running');
  });

  it('remove without force refuses a running container; with force it goes', async () => {
    const running = aContainer({ state: 'running' });
    const engine = new FakeEngine({ containers: [running] });
    const refused = await removeContainers(engine, [running], { force: false });
    assert.ok(refused[0].error instanceof EngineRequestError);
    await removeContainers(engine, [running], { force: true });
    assert.equal(engine.containers.length, 0);
  });

  it('an unreachable engine is found among the outcomes, to be reported once', async () => {
    const engine = new FakeEngine({ containers: [aContainer(), aContainer()] });
    engine.stop = async () => {
      throw new EngineUnavailableError({ kind: 'notRunning', summary: 's', action: 'a' });
    };
    const outcomes = await stopContainers(engine, engine.containers);
    assert.ok(unavailableError(outcomes));
  });

  it('only stopped containers with the owner label are pruned', async () => {
    const keep = [aContainer({ state: 'running', labels: owned }), aContainer({ state: 'exited' })];
    const prune = [
      aContainer({ state: 'exited', labels: owned }),
      aContainer({ state: 'created', labels: owned }),
      aContainer({ state: 'dead', labels: owned }),
    ];
    assert.deepEqual(
      stoppedOwnedContainers([...keep, ...prune]).map((c) => c.id),
      prune.map((c) => c.id),
    );
    const engine = new FakeEngine({ containers: [...keep, ...prune] });
    const outcomes = await pruneOwnedContainers(engine);
    assert.equal(outcomes.length, 3);
    assert.deepEqual(
      engine.containers.map((c) => c.id),
      keep.map((c) => c.id),
    );
    assert.equal(
      (engine.calls.find((c) => c.method === 'listContainers')!.args[0] as { label: string }).label,
      'dev.container-workflows.owner',
    );
  });

  it('names targets the way a sentence does', () => {
    assert.equal(describeTargets([{ name: 'web' }]), 'web');
    assert.equal(describeTargets([{ name: 'web' }, { name: 'db' }]), 'web and db');
    assert.equal(describeTargets([{ name: 'a' }, { name: 'b' }, { name: 'c' }]), '3 containers');
  });
});
const hex = (digit: string) => digit.repeat(64);

function anonymousAt(containerPath: string, digit = 'a'): ContainerMount {
  return { type: 'volume', name: hex(digit), containerPath, anonymous: true };
}

describe('removing containers and their anonymous volumes', () => {
  it('keeps anonymous volumes unless asked, as docker rm does', async () => {
    const kept = aContainer({ name: 'kept', state: 'exited', labels: owned });
    const dropped = aContainer({ name: 'dropped', state: 'exited', labels: owned });
    const engine = new FakeEngine({ containers: [kept, dropped] });
    engine.mounts.set(kept.id, [anonymousAt('/data', 'd')]);
    engine.mounts.set(dropped.id, [anonymousAt('/data', 'e')]);

    assert.deepEqual(failures(await removeContainers(engine, [kept], { force: false })), []);
    assert.deepEqual(engine.calls.find((c) => c.method === 'remove')?.args[1], { force: false, volumes: false });
    assert.deepEqual(engine.removedVolumes, []);

    assert.deepEqual(failures(await removeContainers(engine, [dropped], { force: false, volumes: true })), []);
    assert.deepEqual(engine.removedVolumes, [hex('e')]);
    assert.equal(engine.containers.length, 0);
  });
});
