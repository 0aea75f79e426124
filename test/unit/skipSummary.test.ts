import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { skipHeadline, skipLines } from '../../src/workflows/skipSummary';

describe('skipHeadline and skipLines', () => {
  const many = Array.from({ length: 2500 }, (_, i) => ({ file: `broken${i}.jpg`, reason: 'not a JPEG' }));

  it('a headline with the count and no names, however many files', () => {
    assert.equal(skipHeadline(1, 'holiday'), '1 file in holiday could not be read and was skipped.');
    assert.equal(skipHeadline(2500, 'holiday'), '2,500 files in holiday could not be read and were skipped.');
    assert.ok(skipHeadline(many.length, 'holiday').length < 80);
  });

  it('the names with their reasons, one line each, in order', () => {
    assert.deepEqual(
      skipLines([
        { file: 'a.tif', reason: 'truncated TIFF' },
        { file: 'b.png', reason: 'empty file' },
      ]),
      ['  a.tif: truncated TIFF', '  b.png: empty file'],
    );
  });
});
