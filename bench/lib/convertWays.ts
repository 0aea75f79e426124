/**
 * The ways to a video that convert.bench.ts compares, each measured the same way, and the
 * frame sets they run on.
 *
 * - bare: `docker run --rm` (Debian's docker CLI) of bare `ffmpeg -framerate N
 *   -pattern_type glob -i '*.jpg' -c:v libx264 -preset veryfast -pix_fmt yuv420p` in the
 *   img2vid image itself (bench/images/ffmpeg: that image with its entrypoint cleared);
 * - ours: convertFolder() of src/workflows in this process, through the project's engine,
 *   as the extension runs it;
 * - oursCli: `node dist/cli.js convert …`, as a person runs it, the image already built;
 * - bareFaststart, article: the earlier benches' extra ways (bare + `-movflags
 *   +faststart`; the article's OpenCV mp4v), on request.
 *
 * For every way: the process's wall time (for ours, the convertFolder() call), and the
 * container's wall time from the engine's own events (create → die), so the container
 * part compares alike whoever started it. CPU time and peak memory come from a parent
 * cgroup (lib/cgroup.ts) where the container can be given one: not for oursCli, whose
 * container the CLI creates (ours runs the same container and has them).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type Docker from 'dockerode';
import type { ContainerEngine } from '../../src/engine/engine';
import { LineSplitter } from '../../src/engine/streamDemux';
import { STAGING_LABEL } from '../../src/workflows/convertStaging';
import { convertFolder } from '../../src/workflows/convertFolder';
import { ffmpeg, probeVideo, type VideoInfo } from '../../test/support/frames';
import { CgroupProbe } from './cgroup';
import { BENCH_LABEL, Trace, runId, traced } from './tracedEngine';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const workDir = path.join(repoRoot, 'bench', '.work');
export const templatesDir = path.join(repoRoot, 'templates');
export const fixturesDir = process.env.CW_FIXTURES ?? path.resolve(repoRoot, '..', 'shared', 'fixtures', 'mba');
export const BARE_IMAGE = 'cw-bench/ffmpeg:latest';
export const ARTICLE_IMAGE = 'cw-bench/article:latest';
/** Debian's docker CLI (the docker.io package), not another one on the PATH. */
export const DOCKER_CLI = '/usr/bin/docker';

export type Way = 'bare' | 'bareFaststart' | 'article' | 'ours' | 'oursCli';

export const WAY_LABEL: Record<Way, string> = {
  bare: '(a) bare ffmpeg (`docker run --rm`)',
  bareFaststart: '(a′) bare ffmpeg + `+faststart`',
  article: "(b) the article's OpenCV mp4v",
  ours: '(c) ours: convertFolder() in-process',
  oursCli: '(d) ours: `node dist/cli.js convert`',
};

export interface FrameSet {
  key: string;
  label: string;
  dir: string;
  frames: number;
  fps: number;
}

export interface Sample {
  way: Way;
  set: string;
  /** The process (docker run, node dist/cli.js) or the convertFolder() call, start to end. */
  wallMs: number;
  /** The container, from the engine's create event to its die event. */
  containerMs: number;
  cpuMs?: number;
  peak?: number;
  leftover?: number;
  probe?: VideoInfo;
  trace?: Trace;
  /** Ours had to build its image first (the tag was another worktree's build). */
  rebuilt?: boolean;
}

const listJpegs = (dir: string) =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.jpg'))
        .sort()
    : [];

/** The fixtures, copied (ours converts a copy, as a person's folder). */
export function fixtureSet(): FrameSet {
  const source = listJpegs(fixturesDir);
  if (source.length === 0) throw new Error(`No fixture frames in ${fixturesDir} (set CW_FIXTURES to a folder of JPEG frames).`);
  const dir = path.join(workDir, 'frames', 'mba');
  if (listJpegs(dir).length !== source.length) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    for (const f of source) fs.copyFileSync(path.join(fixturesDir, f), path.join(dir, f));
  }
  return { key: 'mba', label: `${source.length} fixture frames (1920x1080 JPEG, 5 fps)`, dir, frames: source.length, fps: 5 };
}

/**
 * `count` testsrc2 JPEG frames of `size`, made once with the host's ffmpeg (test/support)
 * and cached; smaller sets are hard links to the first frames of `largest`.
 */
export function generatedSet(count: number, largest: number, size = '1920x1080', fps = 5): FrameSet {
  const all = path.join(workDir, 'frames', `testsrc2-${size}-${largest}`);
  if (listJpegs(all).length !== largest) {
    process.stderr.write(`[convert.bench] generating ${largest} ${size} frames into ${all}\n`);
    fs.rmSync(all, { recursive: true, force: true });
    fs.mkdirSync(all, { recursive: true });
    ffmpeg([
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=${size}:rate=25`,
      '-frames:v',
      String(largest),
      '-q:v',
      '3',
      path.join(all, 'frame_%04d.jpg'),
    ]);
  }
  let dir = all;
  if (count !== largest) {
    dir = path.join(workDir, 'frames', `testsrc2-${size}-${count}`);
    const want = listJpegs(all).slice(0, count);
    if (listJpegs(dir).join() !== want.join()) {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      for (const f of want) fs.linkSync(path.join(all, f), path.join(dir, f));
    }
  }
  const key = size === '1920x1080' ? `gen${count}` : `gen${count}-${size.split('x')[1]}p`;
  return { key, label: `${count} generated frames (testsrc2, ${size} JPEG, ${fps} fps)`, dir, frames: count, fps };
}

interface ContainerEvent {
  id: string;
  create?: number;
  die?: number;
  labels: Record<string, string>;
}

/** The engine's container create and die events, with the engine's own timestamps. */
export class ContainerEvents {
  private readonly seen = new Map<string, ContainerEvent>();
  private stream?: NodeJS.ReadableStream;

  async open(docker: Docker): Promise<void> {
    this.stream = await docker.getEvents({ filters: { type: ['container'], event: ['create', 'die'] } });
    const lines = new LineSplitter((line) => {
      if (!line.trim()) return;
      const e = JSON.parse(line) as {
        id: string;
        status?: string;
        Action?: string;
        timeNano: number;
        Actor?: { Attributes?: Record<string, string> };
      };
      const entry = this.seen.get(e.id) ?? { id: e.id, labels: {} };
      const action = e.Action ?? e.status;
      if (action === 'create') {
        entry.create = e.timeNano / 1e6;
        entry.labels = e.Actor?.Attributes ?? {};
      } else if (action === 'die') entry.die = e.timeNano / 1e6;
      this.seen.set(e.id, entry);
    });
    this.stream.on('data', (chunk: Buffer) => lines.push(chunk));
  }

  /** create → die of the one container whose create labels match, waiting a little for its events. */
  async wallOf(matches: (labels: Record<string, string>) => boolean): Promise<number> {
    for (let tries = 0; tries < 50; tries++) {
      const found = [...this.seen.values()].find((e) => e.create !== undefined && e.die !== undefined && matches(e.labels));
      if (found) {
        this.seen.delete(found.id);
        return found.die! - found.create!;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the engine reported no create and die events for the container');
  }

  close(): void {
    (this.stream as unknown as { destroy?: () => void })?.destroy?.();
  }
}

export interface Env {
  engine: ContainerEngine;
  docker: Docker;
  events: ContainerEvents;
  user?: string;
}

/** Runs a command to its end; its wall time. Fails with its output when it fails. */
function runProcess(command: string, args: string[]): Promise<{ wall: number; output: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = performance.now() - started;
      if (code === 0) resolve({ wall, output });
      else reject(new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${output}`));
    });
  });
}

let sequence = 0;

export async function measure(env: Env, way: Way, set: FrameSet, options: { probe: boolean }): Promise<Sample> {
  const outDir = path.join(workDir, 'out', `${set.key}-${way}-${++sequence}`);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  fs.chmodSync(outDir, 0o777);
  const output = path.join(outDir, 'video.mp4');
  const tag = `${runId}-${sequence}`;
  let sample: Sample;
  if (way === 'oursCli') {
    const cli = path.join(repoRoot, 'dist', 'cli.js');
    const run = await runProcess(process.execPath, [cli, 'convert', set.dir, '-o', output, '--fps', String(set.fps), '--overwrite']);
    const containerMs = await env.events.wallOf((labels) => (labels[STAGING_LABEL] ?? '').startsWith(outDir));
    sample = { way, set: set.key, wallMs: run.wall, containerMs, rebuilt: /building image/.test(run.output) };
  } else {
    const memory = new CgroupProbe(tag);
    try {
      if (way === 'ours') {
        const trace = new Trace();
        const engine = traced(env.engine, trace, env.docker, memory.parent);
        const result = await convertFolder(engine, { folder: set.dir, output, fps: set.fps, templatesDir, overwrite: true });
        const containerMs = await env.events.wallOf(
          (labels) => labels[BENCH_LABEL] === runId && (labels[STAGING_LABEL] ?? '').startsWith(outDir),
        );
        sample = { way, set: set.key, wallMs: result.elapsedMs, containerMs, trace, rebuilt: result.imageBuilt, ...memory.finish() };
      } else {
        const mounts = ['-v', `${set.dir}:/input:ro`, '-v', `${outDir}:/output`];
        const common = [
          'run',
          '--rm',
          '--cgroup-parent',
          memory.parent,
          '--label',
          `${BENCH_LABEL}=${tag}`,
          ...(env.user ? ['--user', env.user] : []),
          ...mounts,
        ];
        const ffmpegArgs = [
          'ffmpeg', '-hide_banner', '-nostdin', '-loglevel', 'error', '-y',
          '-framerate', String(set.fps), '-pattern_type', 'glob', '-i', '*.jpg',
          '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p',
          ...(way === 'bareFaststart' ? ['-movflags', '+faststart'] : []), '/output/video.mp4',
        ]; // prettier-ignore
        const args =
          way === 'article'
            ? [...common, ARTICLE_IMAGE, '.', 'video.mp4', '', '.jpg', String(set.fps)]
            : [...common, '-w', '/input', BARE_IMAGE, ...ffmpegArgs];
        const { wall } = await runProcess(DOCKER_CLI, args);
        const containerMs = await env.events.wallOf((labels) => labels[BENCH_LABEL] === tag);
        sample = { way, set: set.key, wallMs: wall, containerMs, ...memory.finish() };
      }
    } finally {
      memory.dispose();
    }
  }
  if (options.probe) sample.probe = probeVideo(output);
  fs.rmSync(outDir, { recursive: true, force: true });
  return sample;
}
