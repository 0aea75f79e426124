import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  describeImage,
  imageContextValue,
  imageDescription,
  imageLabel,
  imagePickItems,
  imageTooltip,
  visibleImages,
} from '../../src/views/imagePresentation';
import { NOW, anImage } from '../support/viewFakes';

describe('image rows', () => {
  it('label is repository:tag; description size and age', () => {
    const image = anImage({ repoTags: ['python:3.11-slim'], size: 302_400_000, created: new Date(NOW.getTime() - 3 * 86_400_000) });
    assert.equal(imageLabel(image), 'python:3.11-slim');
    assert.equal(imageDescription(image, NOW), '302 MB · 3 days ago');
    assert.equal(imageContextValue(image), 'image');
  });

  it('an image with several tags is labelled by the first in order and says how many more', () => {
    const image = anImage({
      repoTags: ['zed:1', 'app:latest', 'app:1.0'],
      size: 74_800_000,
      created: new Date(NOW.getTime() - 2 * 3600_000),
    });
    assert.equal(imageLabel(image), 'app:1.0');
    assert.equal(imageDescription(image, NOW), '74.8 MB · 2 hours ago · +2 tags');
    assert.match(imageTooltip(image, NOW), /Tags: app:1\\\.0, app:latest, zed:1/);
  });

  it('a dangling image shows <none> and its short id, with its own contextValue', () => {
    const image = anImage({ id: `sha256:${'0123456789ab'.repeat(5)}abcd`, repoTags: [] });
    assert.equal(image.dangling, true);
    assert.equal(imageLabel(image), '<none> 0123456789ab');
    assert.equal(imageContextValue(image), 'image.dangling');
    assert.match(imageTooltip(image, NOW), /Dangling/);
    // "Run Image…" is offered on /^image/: dangling ones too.
    assert.match(imageContextValue(image), /^image/);
  });

  it('dangling images are hidden by default, shown last when asked', () => {
    const images = [anImage({ repoTags: [] }), anImage({ repoTags: ['b:1'] }), anImage({ repoTags: ['a:1'] })];
    assert.deepEqual(
      visibleImages(images, false, NOW).map((v) => v.label),
      ['a:1', 'b:1'],
    );
    const all = visibleImages(images, true, NOW);
    assert.equal(all.length, 3);
    assert.match(all[2].label, /^<none> /);
  });

  it('rows carry the ImageSummary itself', () => {
    const image = anImage();
    assert.equal(describeImage(image, NOW).image, image);
  });
});

describe('imagePickItems', () => {
  it('tagged images only, newest first, each with the label and description of its row', () => {
    const old = anImage({ repoTags: ['old:1'], created: new Date(NOW.getTime() - 86_400_000 * 9) });
    const fresh = anImage({ repoTags: ['fresh:2', 'fresh:latest'], created: new Date(NOW.getTime() - 60_000) });
    const dangling = anImage({ repoTags: [], created: new Date(NOW.getTime()) });
    const items = imagePickItems([old, dangling, fresh], NOW);
    assert.deepEqual(
      items.map((i) => i.label),
      ['fresh:2', 'old:1'],
    );
    assert.equal(items[0].image, fresh);
    assert.equal(items[0].description, imageDescription(fresh, NOW));
  });

  it('does not reorder the list it is given', () => {
    const list = [anImage({ created: new Date(1) }), anImage({ created: new Date(2) })];
    const before = [...list];
    imagePickItems(list, NOW);
    assert.deepEqual(list, before);
  });
});
