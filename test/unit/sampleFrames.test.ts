/** The walkthrough's sample frames and the PNG writer they use, read back by ffprobe-free checks. */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inflateSync } from 'node:zlib';
import { crc32, encodePng } from '../../src/util/png';
import { freeSampleFolderName, SAMPLE_HEIGHT, SAMPLE_WIDTH, sampleFrames } from '../../src/workflows/sampleFrames';

/** The chunks of a PNG, each CRC checked. */
function chunks(png: Buffer): { type: string; data: Buffer }[] {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  const out: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const typed = png.subarray(at + 4, at + 8 + length);
    assert.equal(png.readUInt32BE(at + 8 + length), crc32(typed), `CRC of ${typed.subarray(0, 4).toString('ascii')}`);
    out.push({ type: typed.subarray(0, 4).toString('ascii'), data: typed.subarray(4) });
    at += 12 + length;
  }
  return out;
}

describe('crc32', () => {
  it('matches the CRC-32 check value', () => {
    assert.equal(crc32(Buffer.from('123456789', 'ascii')), 0xcbf43926);
  });
});

describe('encodePng', () => {
  it('writes IHDR, IDAT and IEND, and the pixels come back as drawn', () => {
    const png = encodePng(3, 2, (x, y) => [x * 100, y * 200, 7]);
    const parts = chunks(png);
    assert.deepEqual(
      parts.map((c) => c.type),
      ['IHDR', 'IDAT', 'IEND'],
    );
    const header = parts[0].data;
    assert.deepEqual([header.readUInt32BE(0), header.readUInt32BE(4), header[8], header[9]], [3, 2, 8, 2]);
    const raw = inflateSync(parts[1].data);
    assert.equal(raw.length, 2 * (1 + 3 * 3));
    assert.deepEqual([...raw.subarray(0, 10)], [0, 0, 0, 7, 100, 0, 7, 200, 0, 7]);
    assert.deepEqual([...raw.subarray(10, 13)], [0, 0, 200]);
  });

  it('refuses a size that is not a positive whole number', () => {
    assert.throws(() => encodePng(0, 1, () => [0, 0, 0]), RangeError);
    assert.throws(() => encodePng(1.5, 1, () => [0, 0, 0]), RangeError);
  });
});

describe('sampleFrames', () => {
  it('gives twenty distinct frames of the sample size, named so they sort in order', () => {
    const frames = sampleFrames();
    assert.equal(frames.length, 20);
    assert.deepEqual(
      frames.map((f) => f.name),
      [...frames.map((f) => f.name)].sort(),
    );
    assert.equal(frames[0].name, 'frame-01.png');
    assert.equal(new Set(frames.map((f) => f.data.toString('base64'))).size, 20, 'each frame differs: the video moves');
    const header = chunks(frames[0].data)[0].data;
    assert.deepEqual([header.readUInt32BE(0), header.readUInt32BE(4)], [SAMPLE_WIDTH, SAMPLE_HEIGHT]);
    assert.equal(SAMPLE_WIDTH % 2, 0, 'even sizes: H.264 in yuv420p needs them');
    assert.equal(SAMPLE_HEIGHT % 2, 0);
  });
});

describe('freeSampleFolderName', () => {
  it('takes sample-frames, or the first numbered name that is free: an existing folder is never written into', () => {
    assert.equal(freeSampleFolderName(new Set()), 'sample-frames');
    assert.equal(freeSampleFolderName(new Set(['sample-frames'])), 'sample-frames-2');
    assert.equal(freeSampleFolderName(new Set(['sample-frames', 'sample-frames-2'])), 'sample-frames-3');
  });
});
