/**
 * What the sidebar's commands do to the engine, on an in-memory engine: which containers
 * a verb applies to, per-container outcomes, the clean-up of stopped owned containers,
 * removing images tag by tag, and the messages people read.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineRequestError, EngineUnavailableError } from '../../src/engine/errors';
import { removeImages } from '../../src/commands/images/imageOperations';
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
} from '../../src/commands/containers/operations';
import { FakeEngine } from '../support/fakeEngine';
import { aContainer, anImage, owned } from '../support/viewFakes';

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

describe('image operations', () => {
  it('removes every tag of an image, and a dangling one by id', async () => {
    const tagged = anImage({ repoTags: ['app:1', 'app:latest'] });
    const dangling = anImage({ repoTags: [] });
    const engine = new FakeEngine({ images: [tagged, dangling] });
    // Like the engine: removing a tag untags; the last tag (or the id) removes the image.
    const removed: string[] = [];
    engine.removeImage = async (ref: string) => {
      removed.push(ref);
      for (const image of engine.images) image.repoTags = image.repoTags.filter((t) => t !== ref);
      engine.images = engine.images.filter((i) => i.id !== ref && !(i.repoTags.length === 0 && i.id === tagged.id));
    };
    const outcomes = await removeImages(engine, [tagged, dangling]);
    assert.deepEqual(
      outcomes.map((o) => o.error),
      [undefined, undefined],
    );
    // Images go in parallel; the tags of one image in order.
    assert.deepEqual([...removed].sort(), ['app:1', 'app:latest', dangling.id].sort());
    assert.ok(removed.indexOf('app:1') < removed.indexOf('app:latest'));
    assert.equal(engine.images.length, 0);
  });

  it('a failure is that image’s outcome', async () => {
    const engine = new FakeEngine({ images: [] });
    const outcomes = await removeImages(engine, [anImage({ repoTags: ['missing:1'] })]);
    assert.ok(outcomes[0].error instanceof EngineRequestError);
  });
});
