/**
 * Reads a video's facts from its MP4 boxes: size, duration, frame count, frame rate and
 * codec, without ffprobe and without reading the media data. Only the box headers and the
 * `moov` box (kilobytes, at the start with +faststart, else at the end) are read.
 */
import * as fs from 'node:fs';

export interface Mp4Info {
  width?: number;
  height?: number;
  durationSeconds?: number;
  frames?: number;
  fps?: number;
  codec?: string;
  hasAudio: boolean;
}

const codecNames: Record<string, string> = {
  avc1: 'H.264 (avc1)',
  avc3: 'H.264 (avc3)',
  hvc1: 'H.265 (hvc1)',
  hev1: 'H.265 (hev1)',
  mp4v: 'MPEG-4 Part 2 (mp4v)',
  av01: 'AV1 (av01)',
  vp09: 'VP9 (vp09)',
};

interface Box {
  type: string;
  start: number; // offset of the payload
  end: number;
}

function* boxes(buf: Buffer, start: number, end: number): Generator<Box> {
  let offset = start;
  while (offset + 8 <= end) {
    let size = buf.readUInt32BE(offset);
    const type = buf.toString('latin1', offset + 4, offset + 8);
    let header = 8;
    if (size === 1) {
      size = Number(buf.readBigUInt64BE(offset + 8));
      header = 16;
    } else if (size === 0) {
      size = end - offset;
    }
    if (size < header || offset + size > end) {
      return;
    }
    yield { type, start: offset + header, end: offset + size };
    offset += size;
  }
}

function child(buf: Buffer, parent: Box, type: string): Box | undefined {
  for (const b of boxes(buf, parent.start, parent.end)) {
    if (b.type === type) return b;
  }
  return undefined;
}

function path(buf: Buffer, parent: Box, ...types: string[]): Box | undefined {
  let current: Box | undefined = parent;
  for (const t of types) {
    current = current && child(buf, current, t);
  }
  return current;
}

/** Parses a `moov` box payload held in `buf`. */
export function parseMoov(buf: Buffer): Mp4Info {
  const moov: Box = { type: 'moov', start: 0, end: buf.length };
  const info: Mp4Info = { hasAudio: false };
  const mvhd = child(buf, moov, 'mvhd');
  if (mvhd) {
    const version = buf[mvhd.start];
    const timescale = buf.readUInt32BE(mvhd.start + (version === 1 ? 20 : 12));
    const duration = version === 1 ? Number(buf.readBigUInt64BE(mvhd.start + 24)) : buf.readUInt32BE(mvhd.start + 16);
    if (timescale > 0) info.durationSeconds = duration / timescale;
  }
  for (const trak of boxes(buf, moov.start, moov.end)) {
    if (trak.type !== 'trak') continue;
    const hdlr = path(buf, trak, 'mdia', 'hdlr');
    const handler = hdlr ? buf.toString('latin1', hdlr.start + 8, hdlr.start + 12) : '';
    if (handler === 'soun') {
      info.hasAudio = true;
      continue;
    }
    if (handler !== 'vide' || info.codec) continue;
    const tkhd = child(buf, trak, 'tkhd');
    if (tkhd) {
      // width and height are 16.16 fixed point, the last 8 bytes of tkhd
      info.width = buf.readUInt32BE(tkhd.end - 8) >>> 16;
      info.height = buf.readUInt32BE(tkhd.end - 4) >>> 16;
    }
    const mdhd = path(buf, trak, 'mdia', 'mdhd');
    const timescale = mdhd ? buf.readUInt32BE(mdhd.start + (buf[mdhd.start] === 1 ? 20 : 12)) : 0;
    const stbl = path(buf, trak, 'mdia', 'minf', 'stbl');
    if (!stbl) continue;
    const stsd = child(buf, stbl, 'stsd');
    if (stsd && stsd.start + 16 <= stsd.end) {
      const fourcc = buf.toString('latin1', stsd.start + 12, stsd.start + 16);
      info.codec = codecNames[fourcc] ?? fourcc;
    }
    const stts = child(buf, stbl, 'stts');
    if (stts) {
      const entries = buf.readUInt32BE(stts.start + 4);
      let frames = 0;
      let ticks = 0;
      for (let i = 0; i < entries; i++) {
        const count = buf.readUInt32BE(stts.start + 8 + i * 8);
        const delta = buf.readUInt32BE(stts.start + 12 + i * 8);
        frames += count;
        ticks += count * delta;
      }
      info.frames = frames;
      if (ticks > 0 && timescale > 0) {
        info.fps = Math.round((frames * timescale * 1000) / ticks) / 1000;
      }
    }
  }
  return info;
}

/** Finds the moov box in the file and parses it; undefined when the file is not an MP4. */
export function readMp4Info(file: string): Mp4Info | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const header = Buffer.alloc(16);
    let offset = 0;
    while (offset + 8 <= size) {
      fs.readSync(fd, header, 0, 16, offset);
      let boxSize = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      let headerSize = 8;
      if (boxSize === 1) {
        boxSize = Number(header.readBigUInt64BE(8));
        headerSize = 16;
      } else if (boxSize === 0) {
        boxSize = size - offset;
      }
      if (boxSize < headerSize || !/^[\x20-\x7e]{4}$/.test(type)) {
        return undefined;
      }
      if (type === 'moov') {
        const payload = Buffer.alloc(Math.min(boxSize - headerSize, 64 * 1024 * 1024));
        fs.readSync(fd, payload, 0, payload.length, offset + headerSize);
        return parseMoov(payload);
      }
      offset += boxSize;
    }
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}
