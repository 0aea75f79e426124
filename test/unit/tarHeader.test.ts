/**
 * Tar headers of the build context (src/engine/tarHeader.ts), read back by tar-stream's
 * parser: plain ustar entries, PAX records for what ustar cannot hold (long or non-ASCII
 * names, long link targets, sizes past 8 GiB), and the PAX record's self-counting length.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extract, type Header } from 'tar-stream';
import { BLOCK, encodeTarHeader, paddingOf, paxRecord, type TarEntry } from '../../src/engine/tarHeader';

/** The headers of an archive made of these entries, each with a body of its size. */
async function readBack(entries: TarEntry[]): Promise<Header[]> {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    parts.push(encodeTarHeader(entry), Buffer.alloc(entry.size, 'a'), Buffer.alloc(paddingOf(entry.size)));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  const headers: Header[] = [];
  const reader = extract();
  reader.on('entry', (header, stream, next) => {
    headers.push(header);
    stream.on('end', next);
    stream.resume();
  });
  const done = new Promise<void>((resolve, reject) => {
    reader.on('finish', () => resolve());
    reader.on('error', reject);
  });
  reader.end(Buffer.concat(parts));
  await done;
  return headers;
}

describe('tar headers', () => {
  it('writes a file, a folder and a link as ustar, read back with their mode, size, time and owner root', async () => {
    const [file, folder, link] = await readBack([
      { name: 'src/app.js', type: 'file', mode: 0o754, size: 700, mtime: 1_700_000_000 },
      { name: 'src', type: 'directory', mode: 0o2775, size: 0, mtime: 1_600_000_000 },
      { name: 'latest', type: 'symlink', mode: 0o777, size: 0, mtime: 1_600_000_000, linkname: 'src/app.js' },
    ]);
    assert.deepEqual(
      { name: file.name, type: file.type, mode: file.mode, size: file.size, mtime: file.mtime?.getTime(), uid: file.uid, gid: file.gid },
      { name: 'src/app.js', type: 'file', mode: 0o754, size: 700, mtime: 1_700_000_000_000, uid: 0, gid: 0 },
    );
    assert.deepEqual([folder.name, folder.type, folder.mode], ['src/', 'directory', 0o2775]);
    assert.deepEqual([link.name, link.type, link.linkname], ['latest', 'symlink', 'src/app.js']);
  });

  it('gives a long or non-ASCII name and a long link target in a PAX header', async () => {
    const long = `${'deep/'.repeat(30)}file.txt`;
    const [longName, accented, longLink] = await readBack([
      { name: long, type: 'file', mode: 0o644, size: 3, mtime: 0 },
      { name: 'données/café.txt', type: 'file', mode: 0o644, size: 1, mtime: 0 },
      { name: 'link', type: 'symlink', mode: 0o777, size: 0, mtime: 0, linkname: long },
    ]);
    assert.equal(longName.name, long);
    assert.equal(longName.size, 3);
    assert.equal(accented.name, 'données/café.txt');
    assert.equal(longLink.linkname, long);
  });

  it('says a size past ustar’s 8 GiB in a PAX record', () => {
    const size = 9 * 1024 ** 3;
    const blocks = encodeTarHeader({ name: 'disk.img', type: 'file', mode: 0o644, size, mtime: 0 });
    assert.equal(blocks.length, 3 * BLOCK, 'PAX header, its records, the entry');
    assert.equal(String.fromCharCode(blocks[156]), 'x');
    assert.ok(
      blocks
        .subarray(BLOCK, 2 * BLOCK)
        .toString('latin1')
        .startsWith(paxRecord('size', String(size))),
    );
  });

  it('counts a PAX record’s own length digits in its length, across the 9→10 and 99→100 steps', () => {
    for (let valueLength = 0; valueLength < 120; valueLength++) {
      const record = paxRecord('path', 'x'.repeat(valueLength));
      assert.equal(Number.parseInt(record, 10), Buffer.byteLength(record), record);
    }
  });

  it('pads a body to whole blocks', () => {
    assert.deepEqual([0, 1, 511, 512, 513].map(paddingOf), [0, 511, 1, 0, 511]);
  });
});
