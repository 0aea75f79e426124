import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineRequestError } from '../../src/engine/errors';
import { removeImages } from '../../src/commands/images/imageOperations';
import { FakeEngine } from '../support/fakeEngine';
import { anImage } from '../support/viewFakes';

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
