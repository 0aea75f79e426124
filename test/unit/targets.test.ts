import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { containersFromArgs, findContainer, findImage, imageRef, imagesFromArgs } from '../../src/commands/shared/targets';
import type { ContainerSummary } from '../../src/engine/engine';
import { aContainer, anImage } from '../support/viewFakes';

/** A tree row as the Containers view makes it: the container behind a getter, as ContainerNode has it. */
class RowWithGetter {
  constructor(private readonly summary: ContainerSummary) {}
  get container(): ContainerSummary {
    return this.summary;
  }
}

describe('containersFromArgs', () => {
  const web = aContainer({ name: 'web' });
  const db = aContainer({ name: 'db' });
  const cache = aContainer({ name: 'cache' });

  it('the selection, when the clicked row is in it', () => {
    const rows = [new RowWithGetter(web), new RowWithGetter(db)];
    assert.deepEqual(containersFromArgs([rows[0], rows]), [web, db]);
  });

  it('the clicked row alone when it is outside the selection (an inline icon)', () => {
    assert.deepEqual(containersFromArgs([{ container: cache }, [{ container: web }, { container: db }]]), [cache]);
  });

  it('ids or names from another caller are passed on for lookup; nothing, or other rows, give nothing', () => {
    assert.deepEqual(containersFromArgs(['web']), ['web']);
    assert.deepEqual(containersFromArgs([]), []);
    assert.deepEqual(containersFromArgs([{ kind: 'group', children: [] }]), []);
    assert.deepEqual(containersFromArgs([{ container: null }]), []);
    assert.deepEqual(containersFromArgs(['']), []);
  });
});

describe('imagesFromArgs and imageRef', () => {
  const app = anImage({ repoTags: ['app:1', 'app:latest'] });
  const dangling = anImage({ repoTags: [] });

  it('Images rows and the selection, references as given', () => {
    const rows = [{ image: app }, { image: dangling }];
    assert.deepEqual(imagesFromArgs([rows[1], rows]), [app, dangling]);
    assert.deepEqual(imagesFromArgs(['app:1']), ['app:1']);
    assert.deepEqual(imagesFromArgs([{ image: { id: 1 } }]), []);
  });

  it('imageRef: a reference as given, a row by its first tag, an untagged row by its id', () => {
    assert.equal(imageRef('debian:bookworm-slim'), 'debian:bookworm-slim');
    assert.equal(imageRef({ image: app }), 'app:1');
    assert.equal(imageRef({ image: dangling }), dangling.id);
    assert.equal(imageRef(undefined), undefined);
    assert.equal(imageRef({ uri: 'file:///x' }), undefined);
  });
});

describe('findContainer and findImage', () => {
  it('a container by full id, id prefix or name', () => {
    const web = aContainer({ name: 'web' });
    const all = [aContainer(), web];
    assert.equal(findContainer(all, web.id), web);
    assert.equal(findContainer(all, web.id.slice(0, 12)), web);
    assert.equal(findContainer(all, 'web'), web);
    assert.equal(findContainer(all, 'nope'), undefined);
  });

  it('an image by id, id prefix with or without sha256:, or a tag', () => {
    const app = anImage({ repoTags: ['app:1'] });
    const all = [anImage(), app];
    const bare = app.id.replace(/^sha256:/, '');
    assert.equal(findImage(all, app.id), app);
    assert.equal(findImage(all, bare.slice(0, 12)), app);
    assert.equal(findImage(all, `sha256:${bare.slice(0, 12)}`), app);
    assert.equal(findImage(all, 'app:1'), app);
    assert.equal(findImage(all, 'app:2'), undefined);
  });
});
