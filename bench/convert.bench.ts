/**
 * Benchmarks of the img2vid conversion (issues 3 and 5), printed as a Markdown section for
 * bench/RESULTS.md. Numbers only: no target is asserted, the section says met / not met.
 *
 * 1. Three ways to the same video, on the same frames, in one run, interleaved (the order
 *    rotates every round, so background load falls on all of them alike):
 *    (a) bare `ffmpeg -framerate 5 -pattern_type glob -i '*.jpg' -c:v libx264 -preset veryfast
 *        -pix_fmt yuv420p` in a container of the img2vid image itself (bench/images/ffmpeg:
 *        that image with its entrypoint cleared); also the same with `-movflags +faststart`,
 *        which ours adds, to show what that costs;
 *    (b) the article's approach (bench/images/article: OpenCV VideoWriter, fourcc mp4v, every
 *        frame read into a list first), Debian's python3-opencv on debian:bookworm-slim;
 *    (c) ours: convertFolder() of src/workflows, through the project's engine, the way the
 *        extension runs it (same image, arguments, mounts, user, labels).
 *    On the 50 fixture frames (1920x1080 JPEG) and on 300 generated 1080p frames.
 * 2. Warm convert: convertFolder() on a copy of the fixtures with the image built, from the
 *    call to the returned result (result.elapsedMs), and where that time goes.
 * 3. Memory by frame count: ours, bare ffmpeg and the article's at 50, 300 and 1000
 *    generated 1080p frames.
 *
 * Wall time of a container: from the create request to the engine's answer that it exited
 * (create, start, the work, exit); for ours that is the converter's container inside
 * convertFolder(), the whole call is item 2.
 *
 * Memory (cgroup v1, the engine's cgroupfs driver): every measured container is created with
 * HostConfig.CgroupParent set to a fresh cgroup of this run (/sys/fs/cgroup/memory/cw-bench/…),
 * which outlives the container, so after it exits the parent's memory.max_usage_in_bytes is
 * the container's exact peak (processes plus the page cache charged to it, such as the video
 * it wrote). What is still charged right after the exit (memory.usage_in_bytes then: the page
 * cache of the files it wrote or first read, and kernel objects) is recorded too, so
 * peak − that is close to the processes' own peak. (memory.stat is no use here: this kernel
 * flushes memcg statistics lazily, and samples of total_rss lag by up to 2 s.) CPU time is the
 * same parent's cpuacct.usage. The parent cgroups are removed afterwards.
 *
 *   DOCKER_HOST=… node out/bench/convert.bench.js [--runs 5] [--warm-runs 7]
 *     [--scale 50,300,1000] [--scale-runs 3] [--article-max 1000] [--only compare,warm,scale]
 *     [--sets mba,gen300] [--ways bare,bareFaststart,article,ours]
 *     [--wait-load 1.5] [--wait-max 600]
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import Docker from 'dockerode';
import { createEngine } from '../src/engine/createEngine';
import { toDockerodeOptions } from '../src/engine/dockerodeOptions';
import type { ContainerEngine, RunRequest } from '../src/engine/engine';
import { OWNER_LABEL } from '../src/engine/engine';
import { toCreateOptions } from '../src/engine/runArgs';
import { parseConverterLine } from '../src/workflows/converterProtocol';
import { containerUserFor } from '../src/engine/containerUser';
import { convertFolder } from '../src/workflows/convertFolder';
import { ensureTemplateImage } from '../src/workflows/templateImage';

const repoRoot = path.resolve(__dirname, '..', '..');
const workDir = path.join(repoRoot, 'bench', '.work');
const templatesDir = path.join(repoRoot, 'templates');
const fixturesDir = process.env.CW_FIXTURES ?? path.resolve(repoRoot, '..', 'shared', 'fixtures', 'mba');

const BARE_IMAGE = 'cw-bench/ffmpeg:latest';
const ARTICLE_IMAGE = 'cw-bench/article:latest';
const BENCH_LABEL = 'dev.container-workflows.bench-run';
const runId = `${process.pid}-${Date.now()}`;
const FPS = 5;

// ------------------------------------------------------------------------- options

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const numArg = (name: string, fallback: number) => Number(arg(name, String(fallback)));

const options = {
  runs: numArg('runs', 5),
  warmRuns: numArg('warm-runs', 7),
  scale: arg('scale', '50,300,1000')
    .split(',')
    .map(Number)
    .filter((n) => n > 0),
  scaleRuns: numArg('scale-runs', 3),
  articleMax: numArg('article-max', 1000),
  only: arg('only', 'compare,warm,scale').split(','),
  sets: arg('sets', 'mba,gen300').split(','),
  ways: arg('ways', 'bare,bareFaststart,article,ours').split(',') as Way[],
  waitLoad: numArg('wait-load', 1.5),
  waitMax: numArg('wait-max', 600),
};

const say = (text: string) => process.stderr.write(`[convert.bench] ${text}\n`);

// ------------------------------------------------------------------------- numbers

interface Stats {
  median: number;
  min: number;
  max: number;
}

function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const millis = (ms: number) => `${Math.round(ms)} ms`;
const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;
const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

// ------------------------------------------------------------------------- peak memory

const CGROUP_FS = '/sys/fs/cgroup';
const CGROUP_ROOT = 'cw-bench';

/** A parent cgroup for one container: its peak stays readable after the container is gone. */
class CgroupProbe {
  readonly parent: string;
  private readonly dir: string;

  constructor(name: string) {
    this.parent = `/${CGROUP_ROOT}/${name}`;
    this.dir = path.join(CGROUP_FS, 'memory', CGROUP_ROOT, name);
    fs.mkdirSync(this.dir, { recursive: true });
  }

  static check(): void {
    if (!fs.existsSync(path.join(CGROUP_FS, 'memory', 'memory.max_usage_in_bytes'))) {
      throw new Error(
        `${CGROUP_FS}/memory is not a cgroup v1 memory hierarchy: this benchmark reads peaks from cgroup v1 (memory.max_usage_in_bytes).`,
      );
    }
  }

  /**
   * Call right after the container exited: its peak, what is still charged (page cache and
   * kernel objects; the processes' memory is gone), and its CPU time (cpuacct.usage: user +
   * system of all its processes).
   */
  finish(): { peak: number; leftover: number; cpuMs: number } {
    const read = (dir: string, file: string) => Number(fs.readFileSync(path.join(dir, file), 'utf8').trim());
    const leftover = read(this.dir, 'memory.usage_in_bytes');
    const peak = read(this.dir, 'memory.max_usage_in_bytes');
    const name = path.basename(this.parent);
    const controller = ['cpuacct', 'cpu,cpuacct'].find((c) => fs.existsSync(path.join(CGROUP_FS, c, CGROUP_ROOT, name, 'cpuacct.usage')));
    const cpuMs = controller ? read(path.join(CGROUP_FS, controller, CGROUP_ROOT, name), 'cpuacct.usage') / 1e6 : NaN;
    return { peak, leftover, cpuMs };
  }

  /** Removes this parent in every controller (the engine made it there too); after the container is removed. */
  dispose(): void {
    const name = path.basename(this.parent);
    for (const controller of fs.readdirSync(CGROUP_FS)) {
      const dir = path.join(CGROUP_FS, controller, CGROUP_ROOT, name);
      if (fs.existsSync(dir)) {
        try {
          fs.rmdirSync(dir);
        } catch (err) {
          say(`could not remove ${dir}: ${(err as Error).message}`);
        }
      }
    }
  }

  static disposeRoot(): void {
    for (const controller of fs.readdirSync(CGROUP_FS)) {
      const dir = path.join(CGROUP_FS, controller, CGROUP_ROOT);
      try {
        if (fs.existsSync(dir)) fs.rmdirSync(dir);
      } catch {
        // another bench process still uses it
      }
    }
  }
}

// ------------------------------------------------------------------------- a traced engine

interface Call {
  call: string;
  start: number;
  end: number;
}

/** What one run through the engine did, and when (performance.now() times). */
class Trace {
  readonly calls: Call[] = [];
  firstStdout?: number;
  doneLine?: number;
  converterElapsedMs?: number;

  first(call: string): Call | undefined {
    return this.calls.find((c) => c.call === call);
  }

  /** From the create request to the engine saying the container exited. */
  containerWallMs(): number {
    const create = this.first('create');
    const wait = this.first('wait');
    if (!create || !wait) throw new Error('no container ran');
    return wait.end - create.start;
  }
}

/**
 * The project's engine, unchanged, with every call timed. `run` is create then start, as
 * DockerodeEngine.run does it; when `cgroupParent` is given the create goes through dockerode
 * with the same options plus HostConfig.CgroupParent (RunRequest has no such field).
 */
function traced(inner: ContainerEngine, trace: Trace, docker: Docker, cgroupParent?: string): ContainerEngine {
  const timed = async <T>(call: string, work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await work();
    } finally {
      trace.calls.push({ call, start, end: performance.now() });
    }
  };
  const create = (request: RunRequest, signal?: AbortSignal): Promise<string> => {
    const labelled: RunRequest = { ...request, labels: { ...(request.labels ?? {}), [BENCH_LABEL]: runId } };
    return timed('create', async () => {
      if (!cgroupParent) return inner.create(labelled, signal);
      const createOptions = toCreateOptions(labelled);
      createOptions.HostConfig = { ...createOptions.HostConfig, CgroupParent: cgroupParent };
      return (await docker.createContainer(createOptions)).id;
    });
  };
  let pending = '';
  const overrides: Partial<ContainerEngine> = {
    create,
    async run(request, signal) {
      const id = await create(request, signal);
      try {
        await timed('start', () => inner.start(id, signal));
      } catch (err) {
        await inner.remove(id, { force: true }).catch(() => undefined);
        throw err;
      }
      return id;
    },
    logs(id, logOptions, sink, signal) {
      return timed('logs', () =>
        inner.logs(
          id,
          logOptions,
          (text, stream) => {
            if (stream === 'stdout') {
              trace.firstStdout ??= performance.now();
              pending += text;
              const lines = pending.split('\n');
              pending = lines.pop() ?? '';
              for (const line of lines) {
                const event = parseConverterLine(line);
                if (event?.event === 'done') {
                  trace.doneLine = performance.now();
                  trace.converterElapsedMs = event.elapsed * 1000;
                }
              }
            }
            sink(text, stream);
          },
          signal,
        ),
      );
    },
  };
  return new Proxy(inner, {
    get(target, prop) {
      if (typeof prop === 'string' && prop in overrides) {
        return overrides[prop as keyof ContainerEngine];
      }
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const start = performance.now();
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (result instanceof Promise) {
          return result.finally(() => trace.calls.push({ call: String(prop), start, end: performance.now() }));
        }
        return result;
      };
    },
  });
}

// ------------------------------------------------------------------------- frames

interface FrameSet {
  key: string;
  label: string;
  dir: string;
  frames: number;
}

function listJpegs(dir: string): string[] {
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.jpg'))
        .sort()
    : [];
}

/** The fixtures, copied (the warm convert works on a copy, as a person's folder). */
function fixtureSet(): FrameSet {
  const source = listJpegs(fixturesDir);
  if (source.length === 0) {
    throw new Error(`No fixture frames in ${fixturesDir} (set CW_FIXTURES to a folder of JPEG frames).`);
  }
  const dir = path.join(workDir, 'frames', 'mba');
  if (listJpegs(dir).length !== source.length) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    for (const f of source) fs.copyFileSync(path.join(fixturesDir, f), path.join(dir, f));
  }
  return { key: 'mba', label: `${source.length} fixture frames (mba, 1920x1080 JPEG)`, dir, frames: source.length };
}

/**
 * `count` testsrc2 1080p JPEG frames, made once with the host's ffmpeg and cached; smaller
 * sets are hard links to the first frames of the largest, so every size has the same frames.
 */
function generatedSet(count: number, largest: number): FrameSet {
  const all = path.join(workDir, 'frames', `testsrc2-1080p-${largest}`);
  if (listJpegs(all).length !== largest) {
    say(`generating ${largest} 1080p frames with the host's ffmpeg into ${all}`);
    fs.rmSync(all, { recursive: true, force: true });
    fs.mkdirSync(all, { recursive: true });
    execFileSync('ffmpeg', [
      '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=25',
      '-frames:v', String(largest), '-q:v', '3', path.join(all, 'frame_%04d.jpg'),
    ]); // prettier-ignore
  }
  let dir = all;
  if (count !== largest) {
    dir = path.join(workDir, 'frames', `testsrc2-1080p-${count}`);
    const want = listJpegs(all).slice(0, count);
    if (
      listJpegs(dir).join() !== want.join() ||
      !want.every((f) => fs.statSync(path.join(dir, f)).ino === fs.statSync(path.join(all, f)).ino)
    ) {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      for (const f of want) fs.linkSync(path.join(all, f), path.join(dir, f));
    }
  }
  return { key: `gen${count}`, label: `${count} generated frames (testsrc2, 1920x1080 JPEG)`, dir, frames: count };
}

// ------------------------------------------------------------------------- the ways

type Way = 'bare' | 'bareFaststart' | 'article' | 'ours';

const WAY_LABEL: Record<Way, string> = {
  bare: '(a) bare ffmpeg, libx264 veryfast',
  bareFaststart: '(a′) bare ffmpeg + `-movflags +faststart`',
  article: "(b) article's OpenCV VideoWriter mp4v",
  ours: '(c) ours (img2vid, convertFolder)',
};

interface Sample {
  way: Way;
  set: string;
  wallMs: number;
  peak: number;
  /** Still charged right after the exit: page cache of what it wrote or first read, kernel objects. */
  leftover: number;
  /** CPU time of every process in the container (cpuacct), robust against other load. */
  cpuMs: number;
  probe: VideoProbe;
  /** ours only: the whole convertFolder() call. */
  convertMs?: number;
}

interface VideoProbe {
  codec: string;
  tag: string;
  pixFmt: string;
  width: number;
  height: number;
  frames: number;
}

function probeVideo(file: string): VideoProbe {
  const out = execFileSync('ffprobe', [
    '-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,codec_tag_string,pix_fmt,width,height,nb_frames', '-of', 'json', file,
  ], { encoding: 'utf8' }); // prettier-ignore
  const s = (JSON.parse(out) as { streams: Record<string, string | number>[] }).streams[0] ?? {};
  return {
    codec: String(s.codec_name),
    tag: String(s.codec_tag_string),
    pixFmt: String(s.pix_fmt),
    width: Number(s.width),
    height: Number(s.height),
    frames: Number(s.nb_frames),
  };
}

/** What Chromium (and so VS Code's webview) does with it: H.264 4:2:0 plays; MPEG-4 Part 2 ("mp4v") is refused. */
function chromiumPlays(p: VideoProbe): string {
  if (p.codec === 'h264' && p.pixFmt === 'yuv420p') return 'yes';
  if (p.codec === 'mpeg4') return 'no (MediaError 4)';
  return 'unknown';
}

interface Env {
  engine: ContainerEngine;
  docker: Docker;
  user?: string;
}

let sequence = 0;

async function measure(env: Env, way: Way, set: FrameSet): Promise<Sample> {
  const outDir = path.join(workDir, 'out', set.key);
  fs.mkdirSync(outDir, { recursive: true });
  const name = way === 'article' ? 'article.mp4' : `${way}.mp4`;
  const output = path.join(outDir, name);
  fs.rmSync(output, { force: true });
  const memory = new CgroupProbe(`${runId}-${++sequence}`);
  const trace = new Trace();
  const engine = traced(env.engine, trace, env.docker, memory.parent);
  let convertMs: number | undefined;
  try {
    if (way === 'ours') {
      const result = await convertFolder(engine, { folder: set.dir, output, fps: FPS, templatesDir, overwrite: true });
      convertMs = result.elapsedMs;
    } else {
      const volumes = [
        { hostPath: set.dir, containerPath: '/input', readOnly: true },
        { hostPath: outDir, containerPath: '/output', readOnly: false },
      ];
      const ffmpeg = [
        'ffmpeg', '-hide_banner', '-nostdin', '-loglevel', 'error', '-y',
        '-framerate', String(FPS), '-pattern_type', 'glob', '-i', '*.jpg',
        '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p',
        ...(way === 'bareFaststart' ? ['-movflags', '+faststart'] : []),
        `/output/${name}`,
      ]; // prettier-ignore
      const request: RunRequest =
        way === 'article'
          ? {
              image: ARTICLE_IMAGE,
              args: ['.', name, '', '.jpg', String(FPS)],
              volumes,
              user: env.user,
              labels: { [OWNER_LABEL]: 'container-workflows-bench' },
            }
          : {
              image: BARE_IMAGE,
              args: ffmpeg,
              workingDir: '/input',
              volumes,
              user: env.user,
              labels: { [OWNER_LABEL]: 'container-workflows-bench' },
            };
      const id = await engine.run(request);
      let log = '';
      try {
        await engine.logs(id, { follow: true }, (text) => (log += text));
        const exitCode = await engine.wait(id);
        if (exitCode !== 0 || !fs.existsSync(output)) {
          throw new Error(`${way} on ${set.key} failed (exit ${exitCode}):\n${log.slice(-2000)}`);
        }
      } finally {
        await env.engine.remove(id, { force: true }).catch(() => undefined);
      }
    }
    const { peak, leftover, cpuMs } = memory.finish();
    return { way, set: set.key, wallMs: trace.containerWallMs(), peak, leftover, cpuMs, probe: probeVideo(output), convertMs };
  } finally {
    memory.dispose();
  }
}

function rotate<T>(items: T[], by: number): T[] {
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

// ------------------------------------------------------------------------- 1. compare

async function compare(
  env: Env,
  sets: FrameSet[],
  runs: number,
): Promise<{ lines: string[]; samples: Sample[]; ratios: Map<string, { wall: number; cpu: number }> }> {
  const ways = (['bare', 'bareFaststart', 'article', 'ours'] as Way[]).filter((w) => options.ways.includes(w));
  if (!ways.includes('bare')) ways.unshift('bare'); // the reference
  const samples: Sample[] = [];
  const lines: string[] = [];
  const ratios = new Map<string, { wall: number; cpu: number }>();
  for (const set of sets) {
    // One unrecorded round first: the first container of an image pays for its layers
    // coming into the page cache.
    say(`${set.key}: warm-up round`);
    for (const way of ways) await measure(env, way, set);
    for (let round = 0; round < runs; round++) {
      const order = rotate(ways, round);
      say(`${set.key}: round ${round + 1} of ${runs} (${order.join(', ')}), load ${loadavg()}`);
      for (const way of order) samples.push(await measure(env, way, set));
    }
  }
  lines.push(
    '| frames | way | codec (tag), pixels | plays in Chromium | wall median | wall min | wall vs (a) | CPU time median | CPU vs (a) | peak memory median | peak min | left charged after exit | peak − left |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const set of sets) {
    const ofWay = (way: Way) => samples.filter((s) => s.set === set.key && s.way === way);
    const bareWall = stats(ofWay('bare').map((s) => s.wallMs));
    const bareCpu = stats(ofWay('bare').map((s) => s.cpuMs));
    for (const way of ways) {
      const mine = ofWay(way);
      const wall = stats(mine.map((s) => s.wallMs));
      const cpu = stats(mine.map((s) => s.cpuMs));
      const peak = stats(mine.map((s) => s.peak));
      const left = stats(mine.map((s) => s.leftover));
      const own = stats(mine.map((s) => s.peak - s.leftover));
      const p = mine[mine.length - 1].probe;
      const ratio = wall.median / bareWall.median;
      const cpuRatio = cpu.median / bareCpu.median;
      if (way === 'ours') ratios.set(set.key, { wall: ratio, cpu: cpuRatio });
      const b = way === 'ours' ? '**' : '';
      lines.push(
        `| ${set.label} | ${WAY_LABEL[way]} | ${p.codec} (${p.tag}), ${p.pixFmt} ${p.width}x${p.height}, ${p.frames} frames | ${chromiumPlays(p)} | ${b}${seconds(wall.median)}${b} | ${seconds(wall.min)} | ${b}${ratio.toFixed(2)}x${b} | ${seconds(cpu.median)} | ${b}${cpuRatio.toFixed(2)}x${b} | ${mib(peak.median)} | ${mib(peak.min)} | ${mib(left.median)} | ${mib(own.median)} |`,
      );
    }
  }
  const ours = samples.filter((s) => s.way === 'ours' && s.convertMs !== undefined);
  for (const set of sets) {
    const whole = stats(ours.filter((s) => s.set === set.key).map((s) => s.convertMs!));
    lines.push(
      '',
      `Ours on ${set.label}, the whole convertFolder() call around that container (image check, leftovers, container removal): median ${seconds(whole.median)}, min ${seconds(whole.min)}.`,
    );
  }
  return { lines, samples, ratios };
}

// ------------------------------------------------------------------------- 2. warm convert

async function warmConvert(env: Env, set: FrameSet, runs: number): Promise<{ lines: string[]; median: number }> {
  const outDir = path.join(workDir, 'out', 'warm');
  fs.mkdirSync(outDir, { recursive: true });
  const output = path.join(outDir, `${path.basename(set.dir)}.mp4`);
  type Row = Record<string, number>;
  const rows: Row[] = [];
  let probe: VideoProbe | undefined;
  for (let run = -1; run < runs; run++) {
    const trace = new Trace();
    const engine = traced(env.engine, trace, env.docker);
    const t0 = performance.now();
    const result = await convertFolder(engine, { folder: set.dir, output, fps: FPS, templatesDir, overwrite: true });
    const t1 = performance.now();
    if (result.imageBuilt) throw new Error('the img2vid image was rebuilt during the warm runs');
    if (run < 0) continue;
    probe = probeVideo(output);
    const call = (name: string) => {
      const c = trace.first(name);
      if (!c) throw new Error(`no ${name} call`);
      return c;
    };
    const create = call('create');
    const start = call('start');
    const wait = call('wait');
    const remove = call('remove');
    const listed = call('listContainers');
    const inspected = call('inspectImage');
    rows.push({
      elapsed: result.elapsedMs,
      prepare: create.start - t0,
      leftovers: listed.end - listed.start,
      inspectImage: inspected.end - inspected.start,
      create: create.end - create.start,
      start: start.end - start.start,
      toFirstLine: (trace.firstStdout ?? NaN) - start.end,
      converting: (trace.doneLine ?? NaN) - (trace.firstStdout ?? NaN),
      toPlayable: (trace.doneLine ?? NaN) - t0,
      exit: wait.end - (trace.doneLine ?? NaN),
      remove: remove.end - remove.start,
      after: t1 - remove.end,
      converter: trace.converterElapsedMs ?? NaN,
    });
    say(`warm convert ${run + 1} of ${runs}: ${result.elapsedMs} ms, load ${loadavg()}`);
  }
  const col = (key: string) => stats(rows.map((r) => r[key]));
  const row = (label: string, key: string, bold = false) => {
    const s = col(key);
    const b = bold ? '**' : '';
    return `| ${label} | ${b}${millis(s.median)}${b} | ${millis(s.min)} | ${millis(s.max)} |`;
  };
  const elapsed = col('elapsed');
  const lines = [
    `convertFolder() on a copy of the fixtures (${set.frames} frames) with the image already built, output ${probe ? `${probe.codec} ${probe.pixFmt} ${probe.width}x${probe.height}, ${probe.frames} frames` : '?'}; ${runs} runs after 1 warm-up. The steps are timed around the project's engine calls and the converter's JSON lines as they arrive.`,
    '',
    `| step (${runs} runs) | median | min | max |`,
    '|---|---|---|---|',
    row('before the container: validate, `listContainers` (leftovers), `inspectImage` + template hash', 'prepare'),
    row('… of which `listContainers` (leftovers)', 'leftovers'),
    row('… of which `inspectImage`', 'inspectImage'),
    row('container create', 'create'),
    row('container start', 'start'),
    row('started → first progress line (Python start, list and probe every image, first frame checked, ffmpeg launched)', 'toFirstLine'),
    row('first progress line → "done" line (encode, +faststart rewrite, rename into place)', 'converting'),
    row('"done" line → container exited', 'exit'),
    row('container remove', 'remove'),
    row('**call → file renamed into place ("done" line seen)**', 'toPlayable', true),
    row('**call → result (`result.elapsedMs`, target < 3 s)**', 'elapsed', true),
    row("the converter's own time (its `elapsed`, inside the container)", 'converter'),
  ];
  return { lines, median: elapsed.median };
}

/** The fixed costs: a container that does nothing, and one that starts Python with the converter's imports. */
async function floor(env: Env, runs: number): Promise<string[]> {
  const kinds = [
    { label: '`true` in the img2vid image (create → exited)', args: ['true'] },
    { label: '`python3 /app/img2vid.py --help` in the img2vid image (create → exited)', args: ['python3', '/app/img2vid.py', '--help'] },
  ];
  const results = kinds.map(() => ({ wall: [] as number[], remove: [] as number[] }));
  for (let run = -1; run < runs; run++) {
    for (const [i, kind] of kinds.entries()) {
      const trace = new Trace();
      const engine = traced(env.engine, trace, env.docker);
      const id = await engine.run({
        image: BARE_IMAGE,
        args: kind.args,
        user: env.user,
        labels: { [OWNER_LABEL]: 'container-workflows-bench' },
      });
      await engine.logs(id, { follow: true }, () => undefined);
      await engine.wait(id);
      await engine.remove(id, { force: true });
      if (run < 0) continue;
      results[i].wall.push(trace.containerWallMs());
      const remove = trace.first('remove')!;
      results[i].remove.push(remove.end - remove.start);
    }
  }
  return [
    `| fixed cost (${runs} runs) | median | min |`,
    '|---|---|---|',
    ...kinds.map((kind, i) => {
      const w = stats(results[i].wall);
      return `| ${kind.label} | ${millis(w.median)} | ${millis(w.min)} |`;
    }),
    `| container remove (after \`true\`) | ${millis(stats(results[0].remove).median)} | ${millis(stats(results[0].remove).min)} |`,
  ];
}

// ------------------------------------------------------------------------- 3. memory by frame count

async function scale(
  env: Env,
  counts: number[],
  runs: number,
  reuse: Sample[],
): Promise<{ lines: string[]; growth: number; ownGrowth: number }> {
  const largest = Math.max(...counts);
  const samples: Sample[] = [...reuse];
  for (const count of counts) {
    const set = generatedSet(count, largest);
    const ways: Way[] = ['bare', 'ours'];
    const have = (way: Way) => samples.filter((s) => s.set === set.key && s.way === way).length;
    for (let round = 0; have('ours') < runs || have('bare') < runs; round++) {
      for (const way of rotate(ways, round)) {
        if (have(way) < runs) {
          say(`${set.key}: ${way}, load ${loadavg()}`);
          samples.push(await measure(env, way, set));
        }
      }
    }
    if (count <= options.articleMax && have('article') === 0) {
      say(`${set.key}: article (about ${Math.round((count * 1920 * 1080 * 3) / 1024 / 1024)} MiB of frames in memory), load ${loadavg()}`);
      samples.push(await measure(env, 'article', set));
    }
  }
  const own = (s: Sample) => s.peak - s.leftover;
  const cell = (count: number, way: Way, pick: (s: Sample) => number, fmt: (n: number) => string) => {
    const mine = samples.filter((s) => s.set === `gen${count}` && s.way === way);
    return mine.length ? `${fmt(stats(mine.map(pick)).median)}${mine.length > 1 ? '' : ' (1 run)'}` : 'not run';
  };
  const lines = [
    `Generated 1080p frames (testsrc2, the same first frames at every count); ours and bare ffmpeg: medians of ${runs} runs${reuse.length ? ` (at 300 frames the comparison's ${options.runs} runs are reused)` : ''}; the article's approach: one run at counts outside the comparison${options.articleMax < largest ? ` and none above ${options.articleMax} frames` : ''}.`,
    '',
    '| frames | ours: peak memory | ours: left after exit | ours: peak − left | ours: wall | ours: CPU | (a) bare ffmpeg: peak memory | (a): peak − left | (a): wall | (a): CPU | (b) article: peak memory | (b): peak − left |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...counts.map(
      (n) =>
        `| ${n} | **${cell(n, 'ours', (s) => s.peak, mib)}** | ${cell(n, 'ours', (s) => s.leftover, mib)} | ${cell(n, 'ours', own, mib)} | ${cell(n, 'ours', (s) => s.wallMs, seconds)} | ${cell(n, 'ours', (s) => s.cpuMs, seconds)} | ${cell(n, 'bare', (s) => s.peak, mib)} | ${cell(n, 'bare', own, mib)} | ${cell(n, 'bare', (s) => s.wallMs, seconds)} | ${cell(n, 'bare', (s) => s.cpuMs, seconds)} | ${cell(n, 'article', (s) => s.peak, mib)} | ${cell(n, 'article', own, mib)} |`,
    ),
  ];
  const median = (count: number, pick: (s: Sample) => number) =>
    stats(samples.filter((s) => s.set === `gen${count}` && s.way === 'ours').map(pick)).median;
  const smallest = Math.min(...counts);
  return {
    lines,
    growth: median(largest, (s) => s.peak) / median(smallest, (s) => s.peak),
    ownGrowth: median(largest, own) / median(smallest, own),
  };
}

// ------------------------------------------------------------------------- setup and main

async function buildImage(engine: ContainerEngine, contextDir: string, tag: string, buildArgs?: Record<string, string>): Promise<void> {
  let output = '';
  const started = performance.now();
  await engine
    .build({ contextDir, dockerfile: 'Dockerfile', tag, buildArgs, labels: { [BENCH_LABEL]: 'cache' } }, (event) => {
      if (event.kind === 'output') output += event.text;
      if (event.kind === 'error') output += `ERROR: ${event.message}\n`;
    })
    .catch((err: Error) => {
      throw new Error(`building ${tag} failed: ${err.message}\n${output.slice(-3000)}`);
    });
  say(`${tag} ready in ${seconds(performance.now() - started)}`);
}

async function waitForQuiet(): Promise<string> {
  const started = Date.now();
  const first = os.loadavg()[0];
  if (options.waitMax <= 0 || first < options.waitLoad) {
    return `1-minute load ${first.toFixed(2)} at the start`;
  }
  say(`1-minute load ${first.toFixed(2)}: waiting up to ${options.waitMax} s for it to drop under ${options.waitLoad}`);
  while (os.loadavg()[0] >= options.waitLoad && Date.now() - started < options.waitMax * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 15_000));
  }
  const now = os.loadavg()[0];
  const waited = Math.round((Date.now() - started) / 1000);
  return now < options.waitLoad
    ? `1-minute load ${first.toFixed(2)} at first; waited ${waited} s until it was ${now.toFixed(2)}`
    : `1-minute load ${first.toFixed(2)} at first and still ${now.toFixed(2)} after waiting ${waited} s (other work on the machine): the numbers are upper bounds`;
}

function machine(engineVersion: string): string {
  const cpu = os.cpus();
  const ffmpegVersion = execFileSync('ffmpeg', ['-hide_banner', '-version'], { encoding: 'utf8' }).split('\n')[0].split(' Copyright')[0];
  return `${cpu.length} × ${cpu[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM (${Math.round(os.freemem() / 2 ** 30)} GiB free), Linux ${os.release()}, Docker ${engineVersion} (cgroup v1, cgroupfs), host ${ffmpegVersion} (for generating frames and ffprobe only)`;
}

async function main(): Promise<void> {
  CgroupProbe.check();
  const engine = createEngine(undefined);
  const version = await engine.version();
  const docker = new Docker(toDockerodeOptions(engine.endpoint, (p) => fs.readFileSync(p), process.env));
  fs.mkdirSync(workDir, { recursive: true });

  say('images: img2vid (ensureTemplateImage), cw-bench/ffmpeg, cw-bench/article');
  const ours = await ensureTemplateImage(engine, path.join(templatesDir, 'img2vid'), () => undefined);
  await buildImage(engine, path.join(repoRoot, 'bench', 'images', 'ffmpeg'), BARE_IMAGE, { BASE: ours.tag });
  await buildImage(engine, path.join(repoRoot, 'bench', 'images', 'article'), ARTICLE_IMAGE);
  const env: Env = { engine, docker, user: containerUserFor(engine.endpoint.host) };

  const fixtures = fixtureSet();
  const largest = Math.max(300, ...options.scale);
  const gen300 = generatedSet(300, largest);

  const quiet = await waitForQuiet();
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const out: string[] = [
    `## Conversion (issues 3 and 5) — ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${machine(version.version)}. Load average (1, 5, 15 min) at the start: ${loadAtStart} (${quiet}).`,
    '',
    'How: every way runs in a container on the same engine, the frames mounted read-only and the video written to a mounted folder, as the same user. Wall time is from the create request to the engine reporting the container exited. Peak memory is the container\'s cgroup v1 `memory.max_usage_in_bytes` (read from a parent cgroup made for each run with `HostConfig.CgroupParent`, so it is exact and includes the page cache charged to the container, such as the video it wrote); "left charged after exit" is `memory.usage_in_bytes` right after the exit (the processes are gone: what stays is the page cache of the files it wrote or first read, and kernel objects), so "peak − left" is close to the processes\' own peak (`memory.stat` could not be used for that: this kernel updates it lazily, up to 2 s late). CPU time is `cpuacct.usage` of the same parent cgroup (user + system of every process in the container): unlike wall time it hardly moves with other load on the machine. Same method for all ways.',
    '',
  ];

  let ratios = new Map<string, { wall: number; cpu: number }>();
  let compared: Sample[] = [];
  if (options.only.includes('compare')) {
    const result = await compare(
      env,
      [fixtures, gen300].filter((set) => options.sets.includes(set.key)),
      options.runs,
    );
    ratios = result.ratios;
    compared = result.samples;
    out.push(
      `### Three ways to a video, same frames, one run (${options.runs} rounds after a warm-up, order rotated each round)`,
      '',
      ...result.lines,
      '',
      `Load average at the end: ${loadavg()}.`,
      '',
    );
  }

  let warmMedian: number | undefined;
  if (options.only.includes('warm')) {
    const result = await warmConvert(env, fixtures, options.warmRuns);
    warmMedian = result.median;
    out.push(
      '### Warm convert: command to playable file',
      '',
      ...result.lines,
      '',
      ...(await floor(env, 5)),
      '',
      `Load average at the end: ${loadavg()}.`,
      '',
    );
  }

  let growth: { growth: number; ownGrowth: number } | undefined;
  if (options.only.includes('scale')) {
    const result = await scale(
      env,
      options.scale,
      options.scaleRuns,
      compared.filter((s) => s.set !== 'mba'),
    );
    growth = result;
    out.push('### Memory by frame count', '', ...result.lines, '', `Load average at the end: ${loadavg()}.`, '');
  }

  out.push('### Targets (computed by the bench)', '');
  for (const [key, ratio] of ratios) {
    out.push(
      `- Ours within 1.1x of bare ffmpeg, ${key === 'mba' ? fixtures.label : gen300.label}: wall ${ratio.wall.toFixed(2)}x, CPU time ${ratio.cpu.toFixed(2)}x (medians): ${ratio.wall <= 1.1 ? 'met' : 'not met'} on wall time${ratio.cpu <= 1.1 ? ', met on CPU time' : ', not met on CPU time'}.`,
    );
  }
  if (warmMedian !== undefined) {
    out.push(`- Warm convert of the fixtures under 3 s: median ${seconds(warmMedian)}: ${warmMedian < 3000 ? 'met' : 'not met'}.`);
  }
  if (growth) {
    const flat = growth.ownGrowth <= 1.2;
    out.push(
      `- Memory flat in frame count (${Math.min(...options.scale)} → ${Math.max(...options.scale)} frames): ours' peak − left after exit ×${growth.ownGrowth.toFixed(2)}, whole cgroup peak ×${growth.growth.toFixed(2)}: ${flat ? 'met' : 'not met'} (flat taken as at most ×1.2 in the processes' own memory).`,
    );
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

async function cleanup(): Promise<void> {
  try {
    const engine = createEngine(undefined);
    const mine = await engine.listContainers({ all: true, label: `${BENCH_LABEL}=${runId}` });
    await Promise.all(mine.map((c) => engine.remove(c.id, { force: true }).catch(() => undefined)));
  } catch {
    // the engine is gone: nothing of ours can be left on it
  }
  CgroupProbe.disposeRoot();
}

main()
  .then(cleanup)
  .catch(async (err) => {
    console.error(err);
    await cleanup();
    process.exit(1);
  });
