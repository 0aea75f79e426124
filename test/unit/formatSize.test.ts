import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatSize, inDecimalUnits } from '../../src/util/formatSize';

describe('formatSize', () => {
  it('sizes in decimal units with three significant digits', () => {
    assert.equal(formatSize(0), '0 B');
    assert.equal(formatSize(999), '999 B');
    assert.equal(formatSize(1000), '1 kB');
    assert.equal(formatSize(74_800_000), '74.8 MB');
    assert.equal(formatSize(138_000_000), '138 MB');
    assert.equal(formatSize(1_210_000_000), '1.21 GB');
    assert.equal(formatSize(1_200_000_000), '1.2 GB');
    assert.equal(formatSize(-1), '?');
  });

  it('the preview and the picker get the same words as the Images view', () => {
    assert.equal(formatSize(2_500_000), '2.5 MB');
    assert.equal(formatSize(Number.NaN), '?');
  });
});

describe('inDecimalUnits', () => {
  it('the largest decimal unit with at least one of it, up to TB', () => {
    assert.deepEqual(inDecimalUnits(999), { value: 999, unit: 'B' });
    assert.deepEqual(inDecimalUnits(1000), { value: 1, unit: 'kB' });
    assert.deepEqual(inDecimalUnits(138_000_000), { value: 138, unit: 'MB' });
    assert.deepEqual(inDecimalUnits(5e15), { value: 5000, unit: 'TB' });
  });
});
