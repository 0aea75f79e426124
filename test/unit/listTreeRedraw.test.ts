/**
 * The Containers and Images trees redraw only when what they show changes
 * (src/views/listTreeProvider.ts): a reload that brings the same rows leaves VS Code's rows,
 * their selection and their place alone. `vscode` is stubbed.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ImageSummary } from '../../src/engine/engine';
import type { EngineListModel, ListState } from '../../src/views/listModel';
import type * as ImagesTreeModule from '../../src/views/imagesTree';
import { installVscodeStub } from '../support/vscodeStub';
import { anImage } from '../support/viewFakes';

installVscodeStub();
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the stub is in place
const { ImagesTreeProvider } = require('../../src/views/imagesTree') as typeof ImagesTreeModule;

/** A list model whose answers the test sets, telling its listeners as the real one does. */
function fakeModel(): { model: EngineListModel<ImageSummary>; answer: (state: ListState<ImageSummary>) => void } {
  let state: ListState<ImageSummary> = { kind: 'idle' };
  const listeners: ((s: ListState<ImageSummary>) => void)[] = [];
  const model = {
    get state() {
      return state;
    },
    onDidChange: (listener: (s: ListState<ImageSummary>) => void) => {
      listeners.push(listener);
      return { dispose: () => undefined };
    },
    ensureLoaded: async () => undefined,
  } as unknown as EngineListModel<ImageSummary>;
  return {
    model,
    answer: (next: ListState<ImageSummary>) => {
      state = next;
      for (const l of listeners) l(next);
    },
  };
}

describe('list trees redraw only on a change they show', () => {
  const app = anImage({ repoTags: ['example/app:1'], created: new Date('2026-11-30T10:00:00Z') });
  const base = anImage({ repoTags: ['example/base:1'], created: new Date('2026-11-29T10:00:00Z') });

  function setUp(showDangling = false) {
    const { model, answer } = fakeModel();
    let dangling = showDangling;
    const tree = new ImagesTreeProvider(model, () => dangling);
    let redraws = 0;
    tree.onDidChangeTreeData(() => redraws++);
    return {
      tree,
      answer,
      redraws: () => redraws,
      showDangling: (value: boolean) => (dangling = value),
    };
  }

  it('the first list and a changed one redraw; the same list again does not, and the rows VS Code has stay', async () => {
    const { tree, answer, redraws } = setUp();
    answer({ kind: 'ready', items: [app, base] });
    assert.equal(redraws(), 1);
    const rows = await tree.getChildren();
    answer({ kind: 'ready', items: [{ ...app }, { ...base }] }); // a reload: new objects, the same images
    assert.equal(redraws(), 1, 'no redraw for the same rows');
    assert.equal(await tree.getChildren(), rows, 'the same row objects');
    answer({ kind: 'ready', items: [app] });
    assert.equal(redraws(), 2);
    assert.equal((await tree.getChildren()).length, 1);
  });

  it('what is not shown does not redraw (a dangling image while they are hidden); what is, does', async () => {
    const { tree, answer, redraws, showDangling } = setUp();
    const dangling = anImage({ repoTags: [], dangling: true });
    answer({ kind: 'ready', items: [app] });
    await tree.getChildren();
    answer({ kind: 'ready', items: [app, dangling] });
    assert.equal(redraws(), 1, 'the hidden image changes no row');
    showDangling(true);
    tree.redraw(); // the view option changed: always
    assert.equal(redraws(), 2);
    assert.equal((await tree.getChildren()).length, 2);
  });

  it('a failure and the way back redraw; the same failure again does not', async () => {
    const { tree, answer, redraws } = setUp();
    answer({ kind: 'ready', items: [app] });
    answer({ kind: 'failed', message: 'the engine said no' });
    assert.equal(redraws(), 2);
    const [row] = await tree.getChildren();
    assert.match(JSON.stringify(row.label), /Could not list images: the engine said no/);
    answer({ kind: 'failed', message: 'the engine said no' });
    assert.equal(redraws(), 2);
    answer({ kind: 'ready', items: [app] });
    assert.equal(redraws(), 3);
  });
});
