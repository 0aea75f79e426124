import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { CancelledError } from '../../src/engine/errors';
import { TarIndexLimitError, indexTar } from '../../src/engine/files/tarIndex';
import { tarOf } from '../support/fakeEngineApi';

/** The archive of `/usr/.` as the engine names it: `./`, then depth-first in name order. */
const usr = [
  { name: './', type: 'directory' as const },
  { name: './bin/', type: 'directory' as const },
  { name: './bin/perl', content: 'PERL' },
  { name: './bin/perl5.36.0', type: 'link' as const, linkname: './bin/perl' },
  { name: './bin/python3', type: 'symlink' as const, linkname: 'python3.11' },
  { name: './lib/', type: 'directory' as const },
  { name: './lib/deep/', type: 'directory' as const },
  { name: './lib/deep/x.so', content: Buffer.alloc(1000) },
  { name: './local/', type: 'directory' as const },
  { name: './pipe', type: 'fifo' as const },
];

describe('indexTar: the entries of a folder from its archive, headers only', () => {
  it("indexes every level; links keep their stored target; a hard link gets its file's size", async () => {
    const index = await indexTar(Readable.from([await tarOf(usr)]), '/usr');
    assert.equal(index.entryCount, usr.length - 1);
    assert.deepEqual(
      index.folders.get('/usr')?.map((e) => [e.name, e.kind]),
      [
        ['bin', 'directory'],
        ['lib', 'directory'],
        ['local', 'directory'],
        ['pipe', 'other'],
      ],
    );
    const bin = index.folders.get('/usr/bin')!;
    assert.deepEqual(
      bin.map((e) => e.path),
      ['/usr/bin/perl', '/usr/bin/perl5.36.0', '/usr/bin/python3'],
    );
    assert.deepEqual(bin[1], {
      name: 'perl5.36.0',
      path: '/usr/bin/perl5.36.0',
      kind: 'file',
      size: 4,
      mode: 0o644,
      modified: new Date(0),
      linkTarget: '/usr/bin/perl',
      hardLink: true,
    });
    assert.equal(bin[2].kind, 'symlink');
    assert.equal(bin[2].linkTarget, 'python3.11');
    assert.deepEqual(
      index.folders.get('/usr/lib/deep')?.map((e) => [e.name, e.size]),
      [['x.so', 1000]],
    );
    assert.deepEqual(index.folders.get('/usr/local'), []);
  });

  it('reads the archive of `/` (names with a leading slash) the same way', async () => {
    const index = await indexTar(
      Readable.from([
        await tarOf([
          { name: '/', type: 'directory' },
          { name: '/.dockerenv' },
          { name: '/etc/', type: 'directory' },
          { name: '/etc/hosts' },
        ]),
      ]),
      '/',
    );
    assert.deepEqual(
      index.folders.get('/')?.map((e) => e.path),
      ['/.dockerenv', '/etc'],
    );
    assert.deepEqual(
      index.folders.get('/etc')?.map((e) => e.path),
      ['/etc/hosts'],
    );
  });

  it('stops past the entry limit, saying to open a folder further down', async () => {
    await assert.rejects(
      indexTar(Readable.from([await tarOf(usr)]), '/usr', { maxEntries: 3 }),
      (err: unknown) => err instanceof TarIndexLimitError && /more than 3 files and folders/.test(err.message),
    );
  });

  it('fails on an archive cut short, and is cancelled by the signal', async () => {
    const whole = await tarOf(usr);
    await assert.rejects(indexTar(Readable.from([whole.subarray(0, 1700)]), '/usr'), /Unexpected end/);
    const controller = new AbortController();
    const never = new Readable({ read() {} });
    const indexing = indexTar(never, '/usr', {}, controller.signal);
    controller.abort();
    await assert.rejects(indexing, CancelledError);
    assert.equal(never.destroyed, true, 'the stream is closed');
  });

  it('reports progress as entries arrive', async () => {
    const seen: number[] = [];
    await indexTar(Readable.from([await tarOf(usr)]), '/usr', { onProgress: (n) => seen.push(n) });
    assert.deepEqual(seen, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
