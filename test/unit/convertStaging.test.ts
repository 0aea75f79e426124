/**
 * The converter's staging folder (src/workflows/convertStaging.ts) on real temp folders:
 * its name, which leftovers a new run removes (and which it must leave alone), and moving
 * the finished video into place without replacing a file unasked.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  createStagingFolder,
  hostTag,
  isProcessAlive,
  numberedName,
  parseStagingName,
  placeVideo,
  removeStaleStaging,
  staleStagingFolders,
  stagingName,
} from '../../src/workflows/convertStaging';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-staging-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

let counter = 0;
function freshDir(): string {
  const dir = path.join(tmp, `case-${++counter}`);
  fs.mkdirSync(dir);
  return dir;
}

/** The id of a process that has exited (so it is certainly not alive). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  const pid = Number(child.stdout.toString());
  assert.ok(pid > 0 && !isProcessAlive(pid), `pid ${pid} has exited`);
  return pid;
}

describe('staging names', () => {
  it('name this machine, the process and a random part, and parse back', () => {
    const name = stagingName(4242, 'deadbeef', 'abc123');
    assert.equal(name, '.container-workflows-abc123-4242-deadbeef');
    assert.deepEqual(parseStagingName(name), { host: 'abc123', pid: 4242 });
  });

  it('are unique per call, hidden, short, and carry this process id and host by default', () => {
    const a = stagingName();
    const b = stagingName();
    assert.notEqual(a, b);
    assert.ok(a.startsWith('.'));
    assert.ok(Buffer.byteLength(a) < 64, a);
    assert.deepEqual(parseStagingName(a), { host: hostTag(), pid: process.pid });
  });

  it('hostTag is six hex digits that depend on the host name', () => {
    assert.match(hostTag('box-1'), /^[0-9a-f]{6}$/);
    assert.equal(hostTag('box-1'), hostTag('box-1'));
    assert.notEqual(hostTag('box-1'), hostTag('box-2'));
  });

  it('nothing else parses as ours', () => {
    for (const name of [
      '.container-workflows',
      '.container-workflows-abc123-1-deadbee',
      '.container-workflows-ABC123-1-deadbeef',
      'container-workflows-abc123-1-deadbeef',
      '.container-workflows-abc123-x-deadbeef',
      '.container-workflows-abc123-1-deadbeef.mp4',
      'video.mp4',
    ]) {
      assert.equal(parseStagingName(name), undefined, name);
    }
  });
});

describe('staleStagingFolders', () => {
  const host = 'abc123';
  const alive = (pid: number) => pid === 100;
  it('picks only our folders made here by a process that is gone and used by no running container', () => {
    const entries = [
      { name: `.container-workflows-${host}-200-00000001`, isDirectory: true }, // dead process: stale
      { name: `.container-workflows-${host}-100-00000002`, isDirectory: true }, // live process: in use
      { name: `.container-workflows-${host}-300-00000003`, isDirectory: true }, // dead, but a running container mounts it
      { name: `.container-workflows-fff000-200-00000004`, isDirectory: true }, // another machine's
      { name: `.container-workflows-${host}-200-00000005`, isDirectory: false }, // a file or a link, not a folder
      { name: '.container-workflows-mine', isDirectory: true }, // not our pattern
      { name: 'holiday', isDirectory: true },
    ];
    const inUse = new Set([`.container-workflows-${host}-300-00000003`]);
    assert.deepEqual(staleStagingFolders(entries, inUse, alive, host), [`.container-workflows-${host}-200-00000001`]);
  });
});

describe('removeStaleStaging (real folders)', () => {
  it('removes a dead run’s folder with its partial video, keeps everything else', () => {
    const dir = freshDir();
    const dead = stagingName(deadPid());
    fs.mkdirSync(path.join(dir, dead));
    fs.writeFileSync(path.join(dir, dead, '.video.mp4.abcdefgh.partial'), 'half a video');
    const live = stagingName(process.pid);
    fs.mkdirSync(path.join(dir, live));
    const usedByContainer = stagingName(deadPid());
    fs.mkdirSync(path.join(dir, usedByContainer));
    const otherHost = stagingName(deadPid(), '0000000a', hostTag('another-machine'));
    fs.mkdirSync(path.join(dir, otherHost));
    fs.mkdirSync(path.join(dir, '.container-workflows-notes'));
    fs.writeFileSync(path.join(dir, 'video.mp4'), 'a video');

    const removed = removeStaleStaging(dir, [path.join(dir, usedByContainer), path.join(tmp, 'elsewhere', dead)]);
    assert.deepEqual(removed, [dead]);
    assert.deepEqual(fs.readdirSync(dir).sort(), [live, usedByContainer, otherHost, '.container-workflows-notes', 'video.mp4'].sort());
  });

  it('never follows a link named like a staging folder, dangling or not', () => {
    const dir = freshDir();
    const target = path.join(freshDir(), 'precious');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'keep.txt'), 'keep');
    const linkName = stagingName(deadPid());
    fs.symlinkSync(target, path.join(dir, linkName));
    const dangling = stagingName(deadPid());
    fs.symlinkSync(path.join(tmp, 'nowhere'), path.join(dir, dangling));
    assert.deepEqual(removeStaleStaging(dir, []), []);
    assert.equal(fs.readFileSync(path.join(target, 'keep.txt'), 'utf8'), 'keep');
    assert.ok(fs.lstatSync(path.join(dir, linkName)).isSymbolicLink());
    assert.ok(fs.lstatSync(path.join(dir, dangling)).isSymbolicLink());
  });

  it('a folder that cannot be listed is left alone, without an exception', () => {
    assert.deepEqual(removeStaleStaging(path.join(tmp, 'missing'), []), []);
  });
});

describe('createStagingFolder', () => {
  it('makes a new private folder named as ours, inside the output folder', () => {
    const dir = freshDir();
    const staging = createStagingFolder(dir);
    assert.equal(path.dirname(staging), dir);
    assert.deepEqual(parseStagingName(path.basename(staging)), { host: hostTag(), pid: process.pid });
    assert.equal(fs.statSync(staging).mode & 0o777, 0o700);
    assert.deepEqual(removeStaleStaging(dir, []), [], 'a live run’s folder is not stale');
  });
});

describe('placeVideo', () => {
  function staged(dir: string, text: string): string {
    const staging = createStagingFolder(dir);
    const file = path.join(staging, 'v.mp4');
    fs.writeFileSync(file, text);
    return file;
  }

  it('moves the video into place (the staged file is gone)', () => {
    const dir = freshDir();
    const file = staged(dir, 'new');
    assert.equal(placeVideo(file, path.join(dir, 'v.mp4'), false), path.join(dir, 'v.mp4'));
    assert.equal(fs.readFileSync(path.join(dir, 'v.mp4'), 'utf8'), 'new');
    assert.equal(fs.existsSync(file), false);
  });

  it('with overwrite, replaces the existing file', () => {
    const dir = freshDir();
    fs.writeFileSync(path.join(dir, 'v.mp4'), 'old');
    const file = staged(dir, 'new');
    assert.equal(placeVideo(file, path.join(dir, 'v.mp4'), true), path.join(dir, 'v.mp4'));
    assert.equal(fs.readFileSync(path.join(dir, 'v.mp4'), 'utf8'), 'new');
  });

  it('without overwrite, a file that appeared meanwhile is kept and the video takes the next free name', () => {
    const dir = freshDir();
    fs.writeFileSync(path.join(dir, 'v.mp4'), 'appeared');
    fs.writeFileSync(path.join(dir, 'v-2.mp4'), 'also taken');
    const file = staged(dir, 'new');
    assert.equal(placeVideo(file, path.join(dir, 'v.mp4'), false), path.join(dir, 'v-3.mp4'));
    assert.equal(fs.readFileSync(path.join(dir, 'v.mp4'), 'utf8'), 'appeared');
    assert.equal(fs.readFileSync(path.join(dir, 'v-2.mp4'), 'utf8'), 'also taken');
    assert.equal(fs.readFileSync(path.join(dir, 'v-3.mp4'), 'utf8'), 'new');
  });

  it('without overwrite, a dangling link at the name is kept, not written through', () => {
    const dir = freshDir();
    const outside = path.join(freshDir(), 'outside.mp4');
    fs.symlinkSync(outside, path.join(dir, 'v.mp4'));
    const file = staged(dir, 'new');
    assert.equal(placeVideo(file, path.join(dir, 'v.mp4'), false), path.join(dir, 'v-2.mp4'));
    assert.equal(fs.existsSync(outside), false, 'nothing was written where the link points');
    assert.ok(fs.lstatSync(path.join(dir, 'v.mp4')).isSymbolicLink());
  });

  it('numberedName puts the number before the extension', () => {
    assert.equal(numberedName('/a/b/clip.mp4', 2), '/a/b/clip-2.mp4');
    assert.equal(numberedName('/a/b.c/clip', 3), '/a/b.c/clip-3');
  });
});
