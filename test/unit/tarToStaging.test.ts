import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { CancelledError } from '../../src/engine/errors';
import { unpackToStaging } from '../../src/engine/files/tarToStaging';
import { tarOf } from '../support/fakeEngineApi';

let scratch: string;
before(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-staging-'));
});
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

function stagingTop(): string {
  return path.join(fs.mkdtempSync(path.join(scratch, 's-')), 'entry');
}

describe('unpackToStaging: a tar into a fresh folder, nothing followed', () => {
  it('writes folders, files (with their mode and time), links as links and hard links', async () => {
    const top = stagingTop();
    const tar = await tarOf([
      { name: './', type: 'directory' },
      { name: './docs/', type: 'directory' },
      { name: './docs/a.txt', content: 'alpha', mode: 0o640 },
      { name: './run.sh', content: '#!/bin/sh\n', mode: 0o755 },
      { name: './link', type: 'symlink', linkname: 'docs/a.txt' },
      { name: './hard', type: 'link', linkname: './docs/a.txt' },
    ]);
    const outcome = await unpackToStaging(Readable.from([tar]), top, { stripParts: 0 });
    assert.deepEqual(outcome, { files: 3, bytes: 15, refused: [] });
    assert.equal(fs.readFileSync(path.join(top, 'docs', 'a.txt'), 'utf8'), 'alpha');
    assert.equal(fs.statSync(path.join(top, 'run.sh')).mode & 0o777, 0o755);
    assert.equal(fs.statSync(path.join(top, 'docs', 'a.txt')).mtime.getTime(), 0);
    assert.equal(fs.readlinkSync(path.join(top, 'link')), 'docs/a.txt');
    assert.equal(fs.statSync(path.join(top, 'hard')).ino, fs.statSync(path.join(top, 'docs', 'a.txt')).ino);
  });

  it('never writes through a link from the tar, nor outside by name; makes no devices', async () => {
    const outside = fs.mkdtempSync(path.join(scratch, 'outside-'));
    const top = stagingTop();
    const tar = await tarOf([
      { name: './', type: 'directory' },
      { name: './escape', type: 'symlink', linkname: outside },
      { name: './escape/evil.txt', content: 'gotcha' },
      { name: '../sibling.txt', content: 'gotcha' },
      { name: '/etc/absolute.txt', content: 'gotcha' },
      { name: './missing-parent/x.txt', content: 'gotcha' },
      { name: './hard-out', type: 'link', linkname: '../../etc/passwd' },
      { name: './dev', type: 'character-device' },
      { name: './ok.txt', content: 'fine' },
    ]);
    const outcome = await unpackToStaging(Readable.from([tar]), top, { stripParts: 0 });
    assert.deepEqual(fs.readdirSync(outside), [], 'nothing written where the link points');
    assert.deepEqual(fs.readdirSync(path.dirname(top)), ['entry'], 'nothing beside the staging folder');
    assert.deepEqual(fs.readdirSync(top).sort(), ['escape', 'ok.txt']);
    assert.deepEqual(
      outcome.refused.map((r) => r.hostPath),
      ['./escape/evil.txt', '../sibling.txt', '/etc/absolute.txt', './missing-parent/x.txt', './hard-out', './dev'],
    );
    assert.match(outcome.refused[0].reason, /link, a file, or was not in the archive/);
    assert.match(outcome.refused[1].reason, /leads out of the folder/);
    assert.equal(outcome.files, 1);
  });

  it("strips the entry's own name for a single file", async () => {
    const top = stagingTop();
    await unpackToStaging(Readable.from([await tarOf([{ name: 'tool.bin', content: Buffer.from([0, 1]) }])]), top, { stripParts: 1 });
    assert.deepEqual([...fs.readFileSync(top)], [0, 1]);
  });

  it('is cancelled by the signal', async () => {
    const controller = new AbortController();
    const pending = unpackToStaging(new Readable({ read() {} }), stagingTop(), { stripParts: 0 }, controller.signal);
    controller.abort();
    await assert.rejects(pending, CancelledError);
  });
});
