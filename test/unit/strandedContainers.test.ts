/** The step containers a cut-off build leaves (src/engine/strandedContainers.ts). */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineRequestError } from '../../src/engine/errors';
import { StrandedContainers } from '../../src/engine/strandedContainers';

const settle = () => new Promise((r) => setImmediate(r));

describe('StrandedContainers', () => {
  it('removes each once; one the engine could not remove yet is tried again next time, one already gone is forgotten', async () => {
    const removed: string[] = [];
    let failing = new Set(['b']);
    const stranded = new StrandedContainers(async (id) => {
      removed.push(id);
      if (failing.has(id)) throw new EngineRequestError('engine busy', 500);
      if (id === 'c') throw new EngineRequestError('no such container', 404);
    });
    stranded.add(['a', 'b', 'c']);
    stranded.removeAll();
    await settle();
    assert.deepEqual(removed, ['a', 'b', 'c']);
    assert.equal(stranded.size, 1, 'only b is left to try again');
    failing = new Set();
    stranded.removeAll();
    await settle();
    assert.deepEqual(removed, ['a', 'b', 'c', 'b']);
    assert.equal(stranded.size, 0);
    stranded.removeAll();
    await settle();
    assert.equal(removed.length, 4, 'nothing more to remove');
  });
});
