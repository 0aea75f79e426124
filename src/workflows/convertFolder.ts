/**
 * Convert a folder of images to a video, in a container: the flow the Explorer command and
 * the CLI share. No `vscode` here.
 *
 *   ensure the img2vid image (built from the bundled template when missing or changed)
 *   -> run it with the folder mounted read-only and the output's folder mounted read-write,
 *      as the person's own uid:gid on a local Linux engine
 *   -> read the converter's JSON progress lines -> report frames done of total
 *   -> the converter writes to a temporary name and renames it when complete.
 *
 * Cancelling stops the container (the converter deletes its partial file on SIGTERM) and
 * removes it; every container started here carries the extension's labels, and leftovers of
 * an earlier crash are removed before a new run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BuildEvent, ContainerEngine } from '../engine/engine';
import { OWNER_LABEL, OWNER_VALUE, PURPOSE_LABEL } from '../engine/engine';
import { CancelledError } from '../engine/errors';
import { LineSplitter } from '../engine/streamDemux';
import { type ConverterEvent, parseConverterLine } from './converterProtocol';
import { ensureTemplateImage } from './templateImage';

export const CONVERT_PURPOSE = 'img2vid-convert';

export interface ConvertRequest {
  /** Absolute path of the folder of images. */
  folder: string;
  /** Absolute path of the video to write (.mp4). */
  output: string;
  fps: number;
  /** The bundled templates folder (holds img2vid/). */
  templatesDir: string;
  /** Replace an existing output file. Without it, an existing file is an error. */
  overwrite?: boolean;
}

export type ConvertProgress =
  | { kind: 'preparing'; message: string }
  | { kind: 'build'; event: BuildEvent }
  | { kind: 'start'; total: number; width: number; height: number }
  | { kind: 'frame'; frame: number; total: number }
  | { kind: 'skip'; file: string; reason: string }
  | { kind: 'output'; text: string };

export interface ConvertResult {
  output: string;
  frames: number;
  skipped: { file: string; reason: string }[];
  durationSeconds: number;
  width: number;
  height: number;
  fps: number;
  /** Wall time of the whole flow, command to playable file. */
  elapsedMs: number;
  imageBuilt: boolean;
  /** Everything the container printed, for "Show Output". */
  log: string;
}

export class ConvertError extends Error {
  constructor(message: string, readonly log: string = '') {
    super(message);
    this.name = 'ConvertError';
  }
}

export class OutputExistsError extends ConvertError {
  constructor(readonly output: string) {
    super(`${output} already exists.`);
    this.name = 'OutputExistsError';
  }
}

/** `<parent>/<folder>.mp4`, or the pattern from the setting with ${folder}, ${folderName}, ${folderDirname}. */
export function defaultOutputPath(folder: string, pattern = ''): string {
  const resolved = path.resolve(folder);
  const vars: Record<string, string> = { folder: resolved, folderName: path.basename(resolved), folderDirname: path.dirname(resolved) };
  if (!pattern.trim()) {
    return path.join(vars.folderDirname, `${vars.folderName}.mp4`);
  }
  const expanded = pattern.replace(/\$\{(folder|folderName|folderDirname)\}/g, (_, name: string) => vars[name]);
  const absolute = path.isAbsolute(expanded) ? expanded : path.join(vars.folderDirname, expanded);
  return /\.mp4$/i.test(absolute) ? absolute : `${absolute}.mp4`;
}

/**
 * On a local Linux engine the container runs as the caller, so what it writes is theirs.
 * A rootless engine (Docker or Podman, its socket under /run/user/<uid>/) maps the caller
 * to root in the container already: there, running as uid would give files to a sub-uid.
 */
export function containerUserFor(engineHost: string, platform = process.platform, ids = { uid: process.getuid?.(), gid: process.getgid?.() }): string | undefined {
  const local = engineHost.startsWith('unix://');
  const rootless = /^unix:\/\/\/run\/user\/\d+\//.test(engineHost);
  if (platform !== 'linux' || !local || rootless || ids.uid === undefined || ids.gid === undefined) {
    return undefined;
  }
  return `${ids.uid}:${ids.gid}`;
}

/** The converter speaks of /input and /output; the person knows the host folders. */
export function toHostPaths(message: string, folder: string, outputDir: string): string {
  return message.replace(/(^|[\s'"(])\/input(?=$|[\s/:'",.)])/g, `$1${folder}`).replace(/(^|[\s'"(])\/output(?=$|[\s/:'",.)])/g, `$1${outputDir}`);
}

export async function convertFolder(
  engine: ContainerEngine,
  request: ConvertRequest,
  onProgress: (progress: ConvertProgress) => void = () => undefined,
  signal?: AbortSignal,
): Promise<ConvertResult> {
  const started = Date.now();
  const folder = path.resolve(request.folder);
  const output = path.resolve(request.output);
  validateRequest(engine, folder, output, request);

  onProgress({ kind: 'preparing', message: 'Preparing the img2vid image…' });
  await removeLeftovers(engine);
  const image = await ensureTemplateImage(engine, path.join(request.templatesDir, 'img2vid'), (event) => onProgress({ kind: 'build', event }), signal);

  onProgress({ kind: 'preparing', message: 'Starting the converter…' });
  const outputDir = path.dirname(output);
  const id = await engine.run(
    {
      image: image.tag,
      args: ['.', path.basename(output), '--fps', String(request.fps)],
      volumes: [
        { hostPath: folder, containerPath: '/input', readOnly: true },
        { hostPath: outputDir, containerPath: '/output', readOnly: false },
      ],
      user: containerUserFor(engine.endpoint.host),
      // The converter reads and writes files only.
      network: 'none',
      labels: { [OWNER_LABEL]: OWNER_VALUE, [PURPOSE_LABEL]: CONVERT_PURPOSE },
    },
    signal,
  );

  let log = '';
  let done: Extract<ConverterEvent, { event: 'done' }> | undefined;
  let failure: string | undefined;
  const skipped: { file: string; reason: string }[] = [];
  const splitter = new LineSplitter((line) => {
    const event = parseConverterLine(line);
    if (!event) {
      if (line.trim()) onProgress({ kind: 'output', text: line });
      return;
    }
    switch (event.event) {
      case 'start':
        onProgress({ kind: 'start', total: event.total, width: event.width, height: event.height });
        break;
      case 'progress':
        onProgress({ kind: 'frame', frame: event.frame, total: event.total });
        break;
      case 'skip':
        skipped.push({ file: event.file, reason: event.reason });
        onProgress({ kind: 'skip', file: event.file, reason: event.reason });
        break;
      case 'done':
        done = event;
        break;
      case 'error':
        failure = event.message;
        break;
    }
  });

  try {
    await engine.logs(id, { follow: true }, (text, stream) => {
      log += text;
      if (stream === 'stdout') {
        splitter.push(text);
      } else if (text.trim()) {
        onProgress({ kind: 'output', text: text.trimEnd() });
      }
    }, signal);
    splitter.end();
    const exitCode = await engine.wait(id, signal);
    if (exitCode !== 0 || !done) {
      throw new ConvertError(toHostPaths(failure ?? `The converter stopped with exit code ${exitCode}.${lastLines(log)}`, folder, outputDir), log);
    }
  } catch (err) {
    if (signal?.aborted || err instanceof CancelledError) {
      // SIGTERM first: the converter removes its partial file and exits.
      await engine.stop(id).catch(() => undefined);
      throw new CancelledError('Conversion cancelled');
    }
    throw err;
  } finally {
    await engine.remove(id, { force: true, volumes: true }).catch(() => undefined);
  }

  return {
    output,
    frames: done.frames,
    skipped,
    durationSeconds: done.duration,
    width: done.width,
    height: done.height,
    fps: done.fps,
    elapsedMs: Date.now() - started,
    imageBuilt: image.built,
    log,
  };
}

function validateRequest(engine: ContainerEngine, folder: string, output: string, request: ConvertRequest): void {
  if (!engine.endpoint.host.startsWith('unix://') && !engine.endpoint.host.startsWith('npipe://')) {
    throw new ConvertError(`Converting needs a local engine, because ${folder} is mounted into the container; the engine at ${engine.endpoint.host} is remote. Set containerWorkflows.engine.host to a local engine.`);
  }
  const stat = fs.statSync(folder, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) {
    throw new ConvertError(`${folder} is not a folder.`);
  }
  if (!Number.isInteger(request.fps) || request.fps < 1 || request.fps > 120) {
    throw new ConvertError(`The frame rate must be a whole number from 1 to 120 (got ${request.fps}).`);
  }
  if (!/\.mp4$/i.test(output)) {
    throw new ConvertError(`The output must be an .mp4 file (got ${path.basename(output)}).`);
  }
  if (!fs.statSync(path.dirname(output), { throwIfNoEntry: false })?.isDirectory()) {
    throw new ConvertError(`The output folder ${path.dirname(output)} does not exist.`);
  }
  if (fs.existsSync(output) && !request.overwrite) {
    throw new OutputExistsError(output);
  }
}

/** Containers of earlier conversions that a crash left behind. */
async function removeLeftovers(engine: ContainerEngine): Promise<void> {
  const leftovers = await engine.listContainers({ all: true, label: `${PURPOSE_LABEL}=${CONVERT_PURPOSE}` });
  await Promise.all(leftovers.filter((c) => c.state !== 'running').map((c) => engine.remove(c.id, { force: true, volumes: true }).catch(() => undefined)));
}

function lastLines(log: string, count = 5): string {
  const lines = log.trim().split('\n').filter(Boolean).slice(-count);
  return lines.length ? `\n${lines.join('\n')}` : '';
}
