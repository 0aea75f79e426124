import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { downloadQuestion, downloadSummary, volumeDownloadLabel } from '../../src/commands/containers/downloadWording';

describe('downloadQuestion', () => {
  it('asks nothing when nothing would be replaced', () => {
    assert.equal(downloadQuestion({ replaces: [], target: '/ws/etc' }), undefined);
  });

  it('names the one file, or counts many and lists the first ten', () => {
    assert.equal(downloadQuestion({ replaces: ['/ws/a.txt'], target: '/ws/a.txt' })?.message, 'Replace /ws/a.txt?');
    const many = downloadQuestion({ replaces: Array.from({ length: 12 }, (_, i) => `/ws/etc/f${i}`), target: '/ws/etc' });
    assert.equal(many?.message, 'Replace 12 files in /ws/etc?');
    assert.match(many?.detail ?? '', /f9\n… and 2 more/);
  });
});

describe('downloadSummary', () => {
  it('says where, how many, what was kept and what could not be written', () => {
    assert.equal(
      downloadSummary({
        target: '/ws/etc',
        files: 3,
        kept: ['/ws/etc/a'],
        blocked: [{ hostPath: '/ws/etc/l', reason: 'a link is in the way' }],
      }),
      'Downloaded to /ws/etc (3 files). Kept 1 existing file. Not written: /ws/etc/l (a link is in the way).',
    );
  });
});

describe('volumeDownloadLabel', () => {
  it('names a path of the volume, or the volume itself for its top', () => {
    assert.equal(volumeDownloadLabel('data', '/notes/a.txt'), '/notes/a.txt of the volume data');
    assert.equal(volumeDownloadLabel('data', '/'), 'the volume data');
  });
});
