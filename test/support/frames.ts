/**
 * Test frames and video checks, made with the host's ffmpeg/ffprobe (real files, no mocks).
 *
 * Frames are solid colours from a small palette, so a decoded video can prove which input
 * went where: sampleColours() reads one pixel of every frame back and nearestColour() names it.
 */
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type Rgb = [number, number, number];

/** Far apart in RGB, so H.264's small colour errors never make one look like another. */
export const PALETTE: Record<string, Rgb> = {
  red: [255, 0, 0],
  green: [0, 200, 0],
  blue: [0, 0, 255],
  yellow: [255, 255, 0],
  cyan: [0, 255, 255],
  magenta: [255, 0, 255],
  white: [255, 255, 255],
  grey: [128, 128, 128],
  orange: [255, 128, 0],
  purple: [128, 0, 192],
  navy: [0, 0, 110],
  olive: [128, 128, 0],
  black: [0, 0, 0],
};

/** The palette minus black (black is the letterbox colour). */
export const FRAME_COLOURS = Object.keys(PALETTE).filter((c) => c !== 'black');

function run(cmd: string, args: string[], input?: Buffer): Buffer {
  const result = spawnSync(cmd, args, { input, maxBuffer: 512 * 1024 * 1024 });
  if (result.error) {
    throw new Error(`${cmd} could not run: ${result.error.message}`);
  }
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${result.status}): ${result.stderr.toString().trim()}`);
  }
  return result.stdout;
}

export function ffmpeg(args: string[]): Buffer {
  return run('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args]);
}

/** A fresh folder the container's users can read (and write, when `writable`). */
export function tempDir(label: string, options: { writable?: boolean; owner?: number } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cw-${label}-`));
  fs.chmodSync(dir, options.writable ? 0o777 : 0o755);
  if (options.owner !== undefined) {
    fs.chownSync(dir, options.owner, options.owner);
    fs.chmodSync(dir, 0o755);
  }
  return dir;
}

function hex([r, g, b]: Rgb): string {
  return `0x${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** One image of one colour; the format follows the file's extension. */
export function solidImage(file: string, colour: string, width: number, height: number): void {
  const rgb = PALETTE[colour];
  if (!rgb) throw new Error(`no colour ${colour} in the palette`);
  // lavfi sources round odd sizes; scaling a small source gives the exact size asked for.
  ffmpeg([
    '-f',
    'lavfi',
    '-i',
    `color=c=${hex(rgb)}:s=16x16`,
    '-frames:v',
    '1',
    '-vf',
    `scale=${width}:${height}:flags=neighbor,format=rgb24`,
    '-update',
    '1',
    file,
  ]);
  fs.chmodSync(file, 0o644);
}

/** `count` moving test-pattern frames named like `pattern` (ffmpeg's %d: unpadded numbers from 1). */
export function patternSequence(dir: string, count: number, size = '320x240', pattern = 'f%d.jpg'): void {
  ffmpeg([
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${size}:rate=25`,
    '-frames:v',
    String(count),
    '-q:v',
    '4',
    '-start_number',
    '1',
    path.join(dir, pattern),
  ]);
}

export interface VideoInfo {
  codec: string;
  pixFmt: string;
  width: number;
  height: number;
  frames: number;
  duration: number;
  audioStreams: number;
  streams: number;
}

/** What ffprobe says of a video's first stream and its container. */
interface FfprobeVideo {
  streams?: { codec_name: string; pix_fmt: string; width: number; height: number; nb_read_frames: string }[];
  format?: { duration?: string };
}

export function probeVideo(file: string): VideoInfo {
  const video = JSON.parse(
    run('ffprobe', [
      '-v', 'error', '-count_frames', '-select_streams', 'v:0',
      '-show_entries', 'stream=codec_name,pix_fmt,width,height,nb_read_frames',
      '-show_entries', 'format=duration', '-of', 'json', file,
    ]).toString(),
  ) as FfprobeVideo; // prettier-ignore
  const all = JSON.parse(run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'json', file]).toString()) as {
    streams?: { codec_type: string }[];
  };
  const stream = video.streams?.[0];
  if (!stream) throw new Error(`${file} has no video stream`);
  const types = (all.streams ?? []).map((s) => s.codec_type);
  return {
    codec: stream.codec_name,
    pixFmt: stream.pix_fmt,
    width: stream.width,
    height: stream.height,
    frames: Number(stream.nb_read_frames),
    duration: Number(video.format?.duration),
    audioStreams: types.filter((t) => t === 'audio').length,
    streams: types.length,
  };
}

/** The colour at pixel (x, y) of every frame, in order (a 2x2 block averaged). */
export function sampleColours(file: string, x: number, y: number): Rgb[] {
  const raw = run('ffmpeg', [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-i', file,
    '-vf', `crop=2:2:${x}:${y},scale=1:1:flags=area,format=rgb24`, '-f', 'rawvideo', 'pipe:1',
  ]); // prettier-ignore
  const colours: Rgb[] = [];
  for (let i = 0; i + 3 <= raw.length; i += 3) {
    colours.push([raw[i], raw[i + 1], raw[i + 2]]);
  }
  return colours;
}

/** The palette name closest to `rgb`. */
export function nearestColour(rgb: Rgb): string {
  let best = '';
  let bestDistance = Infinity;
  for (const [name, ref] of Object.entries(PALETTE)) {
    const d = (rgb[0] - ref[0]) ** 2 + (rgb[1] - ref[1]) ** 2 + (rgb[2] - ref[2]) ** 2;
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

/** A digest of a folder: every entry's path, type, mode, size, mtime and content. */
export function hashTree(dir: string): string {
  const hash = crypto.createHash('sha256');
  const walk = (rel: string) => {
    const entries = fs
      .readdirSync(path.join(dir, rel), { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const relPath = path.join(rel, entry.name);
      const full = path.join(dir, relPath);
      const st = fs.lstatSync(full);
      hash.update(`${relPath}\0${st.mode}\0${st.size}\0${st.mtimeMs}\0`);
      if (entry.isDirectory()) walk(relPath);
      else if (entry.isFile()) hash.update(fs.readFileSync(full));
    }
  };
  walk('');
  return hash.digest('hex');
}

/** Copies the fixture frames round-robin into `count` files named f1.jpg … fN.jpg. */
export function copyFrames(fromDir: string, toDir: string, count: number): void {
  const sources = fs
    .readdirSync(fromDir)
    .filter((n) => n.endsWith('.jpg'))
    .sort();
  for (let i = 0; i < count; i++) {
    const target = path.join(toDir, `f${i + 1}.jpg`);
    fs.copyFileSync(path.join(fromDir, sources[i % sources.length]), target);
    fs.chmodSync(target, 0o644);
  }
}

/** Every JSON line in `text` (other lines are ignored). */
export function jsonLines(text: string): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('{')) {
      events.push(JSON.parse(trimmed) as Record<string, unknown>);
    }
  }
  return events;
}
