/**
 * The folders of images the walkthrough's video step offers (src/workflows/imageFolders.ts):
 * grouped by the folder the images are directly in, fullest first, without hidden or
 * dependency folders, files outside the workspace, or folders with too few images.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { IMAGE_EXTENSIONS, imageFilesGlob, imageFolderCandidates } from '../../src/workflows/imageFolders';

const root = path.join(path.sep, 'home', 'me', 'project');
const at = (...parts: string[]) => path.join(root, ...parts);
const frames = (folder: string, count: number, ext = '.png') => Array.from({ length: count }, (_, i) => at(folder, `frame-${i}${ext}`));

describe('imageFolderCandidates', () => {
  it('groups images by the folder they are directly in, the fullest first', () => {
    const found = imageFolderCandidates(
      [...frames('shots', 3), ...frames('renders/day1', 12, '.JPG'), ...frames('sample-frames', 20)],
      [root],
    );
    assert.deepEqual(
      found.map((f) => [f.relative, f.images]),
      [
        ['sample-frames', 20],
        [path.join('renders', 'day1'), 12],
        ['shots', 3],
      ],
    );
    assert.equal(found[0].folder, at('sample-frames'));
  });

  it('leaves out hidden and dependency folders, and files that are not images the converter reads', () => {
    const found = imageFolderCandidates(
      [
        ...frames('.git/objects', 5),
        ...frames('node_modules/pkg/icons', 30),
        ...frames('app/.cache', 4),
        ...frames('venv/lib', 4),
        at('docs', 'a.svg'),
        at('docs', 'b.gif'),
        at('docs', '.hidden.png'),
        ...frames('docs', 2, '.webp'),
      ],
      [root],
    );
    assert.deepEqual(
      found.map((f) => [f.relative, f.images]),
      [['docs', 2]],
    );
  });

  it('needs at least two images by default, and offers at most eight folders', () => {
    assert.deepEqual(imageFolderCandidates([at('one', 'only.png')], [root]), []);
    assert.equal(imageFolderCandidates([at('one', 'only.png')], [root], { minImages: 1 }).length, 1);
    const many = Array.from({ length: 12 }, (_, i) => frames(`f${String(i).padStart(2, '0')}`, 2 + i)).flat();
    const found = imageFolderCandidates(many, [root]);
    assert.equal(found.length, 8);
    assert.equal(found[0].relative, 'f11');
    assert.equal(imageFolderCandidates(many, [root], { max: 3 }).length, 3);
  });

  it('the workspace folder itself can be one; a file outside every workspace folder is not counted', () => {
    const found = imageFolderCandidates(
      [at('a.png'), at('b.png'), path.join(path.sep, 'home', 'me', 'projectX', 'c.png'), path.join(path.sep, 'tmp', 'd.png')],
      [root],
    );
    assert.deepEqual(found, [{ folder: root, relative: '', images: 2 }]);
  });

  it('with nested workspace folders, a folder is named from the innermost one', () => {
    const inner = at('sub');
    const found = imageFolderCandidates(frames('sub/pics', 2), [root, inner]);
    assert.deepEqual(found, [{ folder: at('sub', 'pics'), relative: 'pics', images: 2 }]);
  });

  it('equal counts in path order; the result does not depend on the order of the files', () => {
    const files = [...frames('b', 2), ...frames('a', 2)];
    assert.deepEqual(
      imageFolderCandidates(files, [root]).map((f) => f.relative),
      ['a', 'b'],
    );
    assert.deepEqual(imageFolderCandidates([...files].reverse(), [root]), imageFolderCandidates(files, [root]));
  });
});

describe('imageFilesGlob', () => {
  it('names every extension the converter reads, in both cases', () => {
    const glob = imageFilesGlob();
    assert.match(glob, /^\*\*\/\*\.\{.+\}$/);
    const names = glob.slice('**/*.{'.length, -1).split(',');
    for (const ext of IMAGE_EXTENSIONS) {
      assert.ok(names.includes(ext.slice(1)), `${ext} in lower case`);
      assert.ok(names.includes(ext.slice(1).toUpperCase()), `${ext} in upper case`);
    }
  });
});
