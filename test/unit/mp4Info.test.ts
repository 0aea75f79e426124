/**
 * The preview's MP4 facts (src/preview/mp4Info.ts) from hand-built boxes: a tiny box builder
 * writes exactly the fields the ISO base media format puts where, so each number the
 * parser returns is one this test chose.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parseMoov, readMp4Info } from '../../src/preview/mp4Info';

// ------------------------------------------------------------------ a tiny box builder

const u8 = (v: number) => Buffer.from([v & 0xff]);
const u16 = (v: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(v);
  return b;
};
const u32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v >>> 0);
  return b;
};
const u64 = (v: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(v));
  return b;
};
const zeros = (n: number) => Buffer.alloc(n);
const fourcc = (t: string) => Buffer.from(t, 'latin1');

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  return Buffer.concat([u32(8 + body.length), fourcc(type), body]);
}

/** A box with a 64-bit size (size field 1, then the large size). */
function largeBox(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  return Buffer.concat([u32(1), fourcc(type), u64(16 + body.length), body]);
}

function fullBox(type: string, version: number, flags: number, ...payload: Buffer[]): Buffer {
  return box(type, u8(version), u8(flags >> 16), u8(flags >> 8), u8(flags), ...payload);
}

function mvhd(timescale: number, duration: number, version = 0): Buffer {
  const times = version === 1 ? [u64(0), u64(0), u32(timescale), u64(duration)] : [u32(0), u32(0), u32(timescale), u32(duration)];
  // rate, volume, reserved, matrix, pre_defined, next_track_ID
  return fullBox('mvhd', version, 0, ...times, u32(0x00010000), u16(0x0100), zeros(10), zeros(36), zeros(24), u32(3));
}

function tkhd(width: number, height: number, version = 0): Buffer {
  const times = version === 1 ? [u64(0), u64(0), u32(1), u32(0), u64(0)] : [u32(0), u32(0), u32(1), u32(0), u32(0)];
  // reserved, layer, alternate_group, volume, reserved, matrix, then width and height in 16.16
  return fullBox(
    'tkhd',
    version,
    3,
    ...times,
    zeros(8),
    u16(0),
    u16(0),
    u16(0),
    u16(0),
    zeros(36),
    u32(width * 65536),
    u32(height * 65536),
  );
}

function mdhd(timescale: number, duration: number, version = 0): Buffer {
  const times = version === 1 ? [u64(0), u64(0), u32(timescale), u64(duration)] : [u32(0), u32(0), u32(timescale), u32(duration)];
  return fullBox('mdhd', version, 0, ...times, u16(0x55c4), u16(0));
}

function hdlr(handler: string, name: string): Buffer {
  return fullBox('hdlr', 0, 0, u32(0), fourcc(handler), zeros(12), Buffer.from(`${name}\0`, 'latin1'));
}

function stsd(format: string): Buffer {
  // one sample entry: 6 reserved bytes + data_reference_index, then (for video) 70 more bytes
  const entry = box(format, zeros(6), u16(1), zeros(70));
  return fullBox('stsd', 0, 0, u32(1), entry);
}

function stts(entries: [count: number, delta: number][]): Buffer {
  return fullBox('stts', 0, 0, u32(entries.length), ...entries.map(([count, delta]) => Buffer.concat([u32(count), u32(delta)])));
}

interface TrackSpec {
  handler: 'vide' | 'soun';
  width?: number;
  height?: number;
  timescale: number;
  format: string;
  samples: [count: number, delta: number][];
  version?: number;
}

function trak(t: TrackSpec): Buffer {
  const duration = t.samples.reduce((n, [count, delta]) => n + count * delta, 0);
  const minfHeader = t.handler === 'vide' ? fullBox('vmhd', 0, 1, zeros(8)) : fullBox('smhd', 0, 0, zeros(4));
  return box(
    'trak',
    tkhd(t.width ?? 0, t.height ?? 0, t.version),
    box('edts', fullBox('elst', 0, 0, u32(0))),
    box(
      'mdia',
      mdhd(t.timescale, duration, t.version),
      hdlr(t.handler, t.handler === 'vide' ? 'VideoHandler' : 'SoundHandler'),
      box(
        'minf',
        minfHeader,
        box('dinf', fullBox('dref', 0, 0, u32(0))),
        box('stbl', stsd(t.format), stts(t.samples), fullBox('stsz', 0, 0, u32(0), u32(0))),
      ),
    ),
  );
}

/** The payload of a moov box (what parseMoov takes). */
function moovPayload(movie: { timescale: number; duration: number; version?: number }, ...tracks: TrackSpec[]): Buffer {
  return Buffer.concat([mvhd(movie.timescale, movie.duration, movie.version), ...tracks.map(trak), box('udta', box('meta', zeros(4)))]);
}

const video: TrackSpec = { handler: 'vide', width: 1920, height: 1080, timescale: 10240, format: 'avc1', samples: [[50, 2048]] };
const audio: TrackSpec = { handler: 'soun', timescale: 44100, format: 'mp4a', samples: [[431, 1024]] };

// ------------------------------------------------------------------------------ tests

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-mp4info-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('parseMoov', () => {
  it('reads size, duration, frames, fps, codec and the audio track', () => {
    const info = parseMoov(moovPayload({ timescale: 1000, duration: 10_000 }, video, audio));
    assert.deepEqual(info, { width: 1920, height: 1080, durationSeconds: 10, frames: 50, fps: 5, codec: 'H.264 (avc1)', hasAudio: true });
  });

  it('finds the video track when the sound track comes first', () => {
    const info = parseMoov(moovPayload({ timescale: 1000, duration: 10_000 }, audio, video));
    assert.equal(info.hasAudio, true);
    assert.equal(info.width, 1920);
    assert.equal(info.frames, 50);
  });

  it('no sound track: hasAudio false', () => {
    const info = parseMoov(
      moovPayload({ timescale: 600, duration: 1200 }, { ...video, width: 640, height: 360, timescale: 15360, samples: [[60, 512]] }),
    );
    assert.deepEqual(info, { width: 640, height: 360, durationSeconds: 2, frames: 60, fps: 30, codec: 'H.264 (avc1)', hasAudio: false });
  });

  it('reads version 1 (64-bit) mvhd, tkhd and mdhd', () => {
    const info = parseMoov(
      moovPayload(
        { timescale: 90000, duration: 900_000, version: 1 },
        { ...video, version: 1, width: 1280, height: 720, timescale: 90000, samples: [[250, 3600]] },
      ),
    );
    assert.deepEqual(info, { width: 1280, height: 720, durationSeconds: 10, frames: 250, fps: 25, codec: 'H.264 (avc1)', hasAudio: false });
  });

  it('adds up every stts entry and rounds the fps to 3 decimals', () => {
    // NTSC 29.97 fps (timescale 30000, delta 1001), split over two entries.
    const ntsc = parseMoov(
      moovPayload(
        { timescale: 1000, duration: 3337 },
        {
          ...video,
          timescale: 30000,
          samples: [
            [60, 1001],
            [40, 1001],
          ],
        },
      ),
    );
    assert.equal(ntsc.frames, 100);
    assert.equal(ntsc.fps, 29.97);
    // A longer last frame: 100 frames over 101101 ticks of 1/30000 s = 29.673 fps.
    const uneven = parseMoov(
      moovPayload(
        { timescale: 1000, duration: 3370 },
        {
          ...video,
          timescale: 30000,
          samples: [
            [99, 1001],
            [1, 2002],
          ],
        },
      ),
    );
    assert.equal(uneven.frames, 100);
    assert.equal(uneven.fps, 29.673);
  });

  it('names known codecs and passes unknown ones through', () => {
    const codecs: Record<string, string> = {
      hvc1: 'H.265 (hvc1)',
      mp4v: 'MPEG-4 Part 2 (mp4v)',
      av01: 'AV1 (av01)',
      vp09: 'VP9 (vp09)',
      xyz1: 'xyz1',
    };
    for (const [format, name] of Object.entries(codecs)) {
      assert.equal(parseMoov(moovPayload({ timescale: 1000, duration: 1000 }, { ...video, format })).codec, name, format);
    }
  });

  it('an empty moov says only that there is no audio', () => {
    assert.deepEqual(parseMoov(Buffer.alloc(0)), { hasAudio: false });
  });

  it('a truncated moov gives what it can instead of throwing', () => {
    const full = moovPayload({ timescale: 1000, duration: 10_000 }, video);
    const info = parseMoov(full.subarray(0, mvhd(1000, 10_000).length + 20));
    assert.equal(info.durationSeconds, 10);
    assert.equal(info.hasAudio, false);
  });
});

describe('readMp4Info', () => {
  const ftyp = box('ftyp', fourcc('isom'), u32(0x200), fourcc('isom'), fourcc('iso2'), fourcc('avc1'), fourcc('mp41'));
  const mdat = (size: number) => box('mdat', Buffer.alloc(size, 0xab));

  it('finds moov after mdat (a file without +faststart)', () => {
    const file = path.join(tmp, 'end.mp4');
    fs.writeFileSync(
      file,
      Buffer.concat([ftyp, box('free'), mdat(200_000), box('moov', moovPayload({ timescale: 1000, duration: 10_000 }, video, audio))]),
    );
    assert.deepEqual(readMp4Info(file), {
      width: 1920,
      height: 1080,
      durationSeconds: 10,
      frames: 50,
      fps: 5,
      codec: 'H.264 (avc1)',
      hasAudio: true,
    });
  });

  it('finds moov before mdat (+faststart)', () => {
    const file = path.join(tmp, 'faststart.mp4');
    fs.writeFileSync(file, Buffer.concat([ftyp, box('moov', moovPayload({ timescale: 1000, duration: 10_000 }, video)), mdat(1000)]));
    assert.equal(readMp4Info(file)?.frames, 50);
  });

  it('steps over a 64-bit mdat', () => {
    const file = path.join(tmp, 'large.mp4');
    fs.writeFileSync(
      file,
      Buffer.concat([
        ftyp,
        largeBox('mdat', Buffer.alloc(5000, 1)),
        box('moov', moovPayload({ timescale: 1000, duration: 10_000 }, video)),
      ]),
    );
    assert.equal(readMp4Info(file)?.width, 1920);
  });

  it('a file that is not an MP4 gives undefined', () => {
    const cases: Record<string, Buffer> = {
      'text.txt': Buffer.from('hello world, this is certainly not a video file\n'.repeat(20)),
      'image.png': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100)]),
      'empty.mp4': Buffer.alloc(0),
      'tiny.mp4': Buffer.from([0, 0, 0]),
      'no-moov.mp4': Buffer.concat([ftyp, mdat(100)]),
      'zeros.bin': Buffer.alloc(64),
    };
    for (const [name, bytes] of Object.entries(cases)) {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, bytes);
      assert.equal(readMp4Info(file), undefined, name);
    }
  });
});
