import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  hostPathsToUpload,
  uploadCancelledNotice,
  uploadQuestion,
  uploadRefusal,
  uploadSummary,
} from '../../src/commands/containers/uploadWording';
import type { UploadPlan } from '../../src/engine/files/uploadFromHost';

const plan: UploadPlan = {
  containerDir: '/data',
  items: [
    { hostPath: '/ws/new.txt', containerPath: '/data/new.txt', kind: 'file' },
    { hostPath: '/ws/notes.txt', containerPath: '/data/notes.txt', kind: 'file', existing: 'file' },
    { hostPath: '/ws/link', containerPath: '/data/link', kind: 'symlink', existing: 'symlink' },
  ],
  replaces: ['/data/notes.txt', '/data/link'],
  clashes: [],
};

describe('uploadQuestion', () => {
  it('asks nothing when no file of the container would be replaced', () => {
    assert.equal(uploadQuestion({ replaces: [], containerDir: '/data' }), undefined);
  });

  it('names the one file, or counts many in the folder and lists them', () => {
    assert.equal(uploadQuestion({ replaces: ['/data/a'], containerDir: '/data' })?.message, 'Replace /data/a in the container?');
    const many = uploadQuestion(plan);
    assert.equal(many?.message, 'Replace 2 files in /data?');
    assert.match(many?.detail ?? '', /\/data\/notes\.txt\n\/data\/link\n\nKeep Them uploads the rest\./);
  });
});

describe('hostPathsToUpload', () => {
  it('sends everything when replacing', () => {
    assert.deepEqual(hostPathsToUpload(plan, true), ['/ws/new.txt', '/ws/notes.txt', '/ws/link']);
  });

  it('keeps the existing files of the container otherwise (only the new ones go)', () => {
    assert.deepEqual(hostPathsToUpload(plan, false), ['/ws/new.txt']);
  });
});

describe('uploadRefusal', () => {
  it('lets an upload without clashes through', () => {
    assert.equal(uploadRefusal({ clashes: [] }), undefined);
  });

  it('refuses a file where a folder is (or the other way round) and says what to do', () => {
    assert.equal(
      uploadRefusal({ clashes: ['/data/cache'] }),
      '/data/cache is a folder or a file of the other kind in the container: rename the upload or remove it first.',
    );
  });
});

describe('uploadSummary', () => {
  it('says how many went where, what was kept and what was left out', () => {
    assert.equal(uploadSummary({ files: 1, skipped: [] }, '/data', 0), 'Uploaded 1 file to /data.');
    assert.equal(
      uploadSummary({ files: 3, skipped: ['/ws/fifo'] }, '/', 2),
      'Uploaded 3 files to /. Kept 2 existing files in the container. Left out (not a file, folder or link): /ws/fifo.',
    );
  });
});

describe('uploadCancelledNotice', () => {
  it('names what was sent before the cancel and the file that may be cut short, with what to do', () => {
    assert.equal(
      uploadCancelledNotice({ sent: ['/data/a.txt'], cut: '/data/big.bin' }, '/data'),
      'Upload into /data cancelled. Sent before the cancel, so in the container: /data/a.txt. /data/big.bin may be there cut short: upload it again to replace it.',
    );
    assert.equal(
      uploadCancelledNotice({ sent: ['/d/1', '/d/2', '/d/3', '/d/4', '/d/5'], cut: undefined }, '/d'),
      'Upload into /d cancelled. Sent before the cancel, so in the container: /d/1, /d/2, /d/3 and 2 more.',
    );
    assert.equal(
      uploadCancelledNotice({ sent: [], cut: '/d/x' }, '/d'),
      'Upload into /d cancelled. /d/x may be there cut short: upload it again to replace it.',
    );
  });
});
