/**
 * What a remote run with copies says in its log terminal after the container exits
 * (src/workflows/copyRunNotes.ts): the exit line for each case the flow can be in, then
 * one line per step, the last one saying it is done.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { copyRunExitNote, copyRunNote, placedSummary } from '../../src/workflows/copyRunNotes';
import type { CopyPlan } from '../../src/workflows/runCopies';
import type { PlacedOutput } from '../../src/workflows/runCopyWork';

const backPlan: CopyPlan = {
  volumes: ['cw-copy-in-abc', 'cw-copy-out-abc'],
  copiesIn: [{ folder: '/home/me/in', volume: 'cw-copy-in-abc' }],
  copiesBack: [{ folder: '/home/me/out', volume: 'cw-copy-out-abc', containerPath: '/out' }],
};
const inOnlyPlan: CopyPlan = {
  volumes: ['cw-copy-in-abc'],
  copiesIn: [{ folder: '/home/me/in', volume: 'cw-copy-in-abc' }],
  copiesBack: [],
};
const placed = (partial: Partial<PlacedOutput> = {}): PlacedOutput => ({
  files: 3,
  unchanged: 0,
  replaced: [],
  keptBoth: [],
  skipped: [],
  ...partial,
});

describe('copyRunExitNote', () => {
  it('says the output is being copied back when there is output to bring back', () => {
    assert.equal(
      copyRunExitNote('convert', 0, backPlan, true, true),
      '[convert exited with code 0; copying its output back to this machine…]',
    );
    assert.equal(
      copyRunExitNote('convert', 2, backPlan, true, false),
      '[convert exited with code 2; copying its output back to this machine…]',
    );
  });

  it('with only inputs: removing, or asking whether to remove, the container and its volumes', () => {
    assert.equal(
      copyRunExitNote('convert', 0, inOnlyPlan, true, true),
      '[convert exited with code 0; removing it and the volume cw-copy-in-abc made for this run…]',
    );
    assert.equal(
      copyRunExitNote('convert', 0, inOnlyPlan, true, false),
      '[convert exited with code 0; asking whether to remove it and the volume cw-copy-in-abc made for this run]',
    );
  });

  it('once the person stopped the waiting: where the output stays, nothing about copying', () => {
    const note = copyRunExitNote('convert', 1, backPlan, false, true);
    assert.equal(note, '[convert exited with code 1; its output stays in the volumes cw-copy-in-abc, cw-copy-out-abc on the engine]');
    assert.doesNotMatch(note, /copying|waiting/);
  });
});

describe('placedSummary', () => {
  it('counts the files and says what was replaced, kept beside, or left out', () => {
    assert.equal(placedSummary(placed({ files: 1 })), '1 file');
    assert.equal(placedSummary(placed()), '3 files');
    assert.equal(
      placedSummary(placed({ replaced: ['a'], keptBoth: ['b', 'c'], skipped: ['link'] })),
      '3 files (1 replaced, 2 kept beside yours, 1 links or special files left out)',
    );
  });
});

describe('copyRunNote', () => {
  it('a copy back names the folder and what arrived', () => {
    assert.equal(
      copyRunNote('convert', { kind: 'copied', folder: '/home/me/out', placed: placed({ replaced: ['x'] }) }),
      '[Copied 3 files (1 replaced) into /home/me/out]',
    );
  });

  it('the last line says what was removed or kept, and that it is done', () => {
    assert.equal(
      copyRunNote('convert', { kind: 'removed', removed: ['cw-copy-in-abc', 'cw-copy-out-abc'], refused: [] }),
      '[Removed convert and the volumes cw-copy-in-abc, cw-copy-out-abc. Done.]',
    );
    assert.equal(
      copyRunNote('convert', { kind: 'removed', removed: ['cw-copy-in-abc'], refused: ['cw-copy-out-abc'] }),
      '[Removed convert and the volume cw-copy-in-abc; the engine kept the volume cw-copy-out-abc (the output log says why). Done.]',
    );
    assert.equal(
      copyRunNote('convert', { kind: 'removed', removed: [], refused: ['v'] }),
      '[Removed convert; the engine kept the volume v (the output log says why). Done.]',
    );
    assert.equal(
      copyRunNote('convert', { kind: 'kept', volumes: ['cw-copy-in-abc'] }),
      '[Kept convert and the volume cw-copy-in-abc made for this run, as asked. Done.]',
    );
  });

  it('a failure says why and where the output stays', () => {
    assert.equal(
      copyRunNote('convert', { kind: 'copy-failed', reason: 'The engine stopped.', volumes: ['cw-copy-out-abc'] }),
      '[Could not copy the output back: The engine stopped. It stays in the volume cw-copy-out-abc on the engine.]',
    );
    assert.equal(
      copyRunNote('convert', { kind: 'remove-failed', reason: 'no such container' }),
      '[Could not remove convert and the volumes made for this run: no such container]',
    );
  });
});
