/**
 * Convert a folder of images to a video, in a container: the flow the Explorer command and
 * the CLI share. No `vscode` here.
 *
 *   ensure the img2vid image (built from the bundled template when missing or changed)
 *   -> run it with the folder mounted read-only at /input and a fresh staging folder of
 *      this run (convertStaging.ts) at /output: never the output's whole folder; as the
 *      person's own uid:gid on a local Linux engine; under a memory limit
 *   -> read the converter's JSON progress lines -> report frames done of total
 *   -> rename the finished video from the staging folder into place, then remove the folder.
 *
 * Cancel, failure or a killed converter: the container is stopped and removed and the
 * staging folder (with any partial file in it) goes too. Every container started here
 * carries the extension's labels; leftovers of an earlier crash, containers and staging
 * folders, are removed before a new run.
 */
import * as path from 'node:path';
import { containerArchiveFor } from '../engine/containerArchive';
import type { BuildEvent, ContainerEngine, ContainerSummary } from '../engine/engine';
import { engineFileAccess } from '../engine/engineLocality';
import { OWNER_LABEL, OWNER_VALUE, PURPOSE_LABEL } from '../engine/engine';
import { CancelledError } from '../engine/errors';
import { type ConverterEvent, converterArgs, wasOutOfMemory } from './converterProtocol';
import { type TransferStats, downloadVideo, uploadImages } from './convertRemote';
import { STAGING_LABEL, createStagingFolder, placeVideo, removeStagingFolder, removeStaleStaging } from './convertStaging';
import { containerUserFor } from '../engine/containerUser';
import { type ConverterRun, followConverter } from './followConverter';
import { ensureTemplateImage } from './templateImage';
import { DEFAULT_MEMORY_MIB, MIN_MEMORY_MIB } from './converterMemory';
import { type ConvertRequest, ConvertError, ConverterOutOfMemoryError, validateRequest } from './convertRequest';

export const CONVERT_PURPOSE = 'img2vid-convert';
type ConverterDone = Extract<ConverterEvent, { event: 'done' }>;
export { DEFAULT_MEMORY_MIB, MIN_MEMORY_MIB };

export type ConvertProgress =
  | { kind: 'preparing'; message: string }
  | { kind: 'build'; event: BuildEvent }
  | { kind: 'start'; total: number; width: number; height: number }
  | { kind: 'frame'; frame: number; total: number }
  | { kind: 'skip'; file: string; reason: string }
  | { kind: 'output'; text: string }
  /**
   * The video is in place and whole: said as soon as the converter is done, while its container
   * still exits and is removed (a tenth of a second, more under load), so it can be shown at once.
   */
  | { kind: 'written'; output: string; frames: number; width: number; height: number; durationSeconds: number; elapsedMs: number }
  /** Copying to or from an engine that cannot see this machine's files (convertRemote.ts). */
  | { kind: 'transfer'; direction: 'upload' | 'download'; bytes: number; total: number };

export interface ConvertResult {
  /** Where the video is: the requested output, or `name-2.mp4` when that name was taken meanwhile. */
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
  /** Set when the images and the video were copied through the engine (a remote engine). */
  transfer?: TransferStats;
}

/** The converter speaks of /input and /output; the person knows the host folders. */
export function toHostPaths(message: string, folder: string, outputDir: string): string {
  return message
    .replace(/(^|[\s'"(])\/input(?=$|[\s/:'",.)])/g, `$1${folder}`)
    .replace(/(^|[\s'"(])\/output(?=$|[\s/:'",.)])/g, `$1${outputDir}`);
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
  validateRequest(folder, output, request);

  onProgress({ kind: 'preparing', message: 'Preparing the img2vid image…' });
  // The image check and the one listing of conversion containers (leftovers to remove, the
  // running ones' staging folders to keep) go together: one step before the run, not three.
  const [conversions, image] = await bothSettled(
    engine.listContainers({ all: true, label: `${PURPOSE_LABEL}=${CONVERT_PURPOSE}` }, signal),
    ensureTemplateImage(engine, path.join(request.templatesDir, 'img2vid'), (event) => onProgress({ kind: 'build', event }), signal),
  );
  const sorted = sortConversionContainers(conversions);
  await Promise.all(sorted.leftovers.map((id) => engine.remove(id, { force: true, volumes: true }).catch(() => undefined)));
  // A build takes a while: conversions started meanwhile (other windows) have staging folders the listing missed.
  const stagingInUse = image.built
    ? sortConversionContainers(await engine.listContainers({ all: false, label: `${PURPOSE_LABEL}=${CONVERT_PURPOSE}` }, signal))
        .stagingInUse
    : sorted.stagingInUse;

  onProgress({ kind: 'preparing', message: 'Starting the converter…' });
  const outputDir = path.dirname(output);
  const memoryMiB = request.memoryMiB ?? DEFAULT_MEMORY_MIB;
  removeStaleStaging(outputDir, stagingInUse);
  const staging = makeStagingFolder(outputDir);
  // An engine that cannot see this machine's files gets them copied in and out: no bind mounts.
  const copy = engineFileAccess(engine.endpoint, request.fileAccess) === 'copy';
  const archive = copy ? containerArchiveFor(engine) : undefined;
  let transfer: TransferStats | undefined;
  let id: string | undefined;
  try {
    const converter = {
      image: image.tag,
      args: converterArgs(path.basename(output), request.fps),
      volumes: copy
        ? []
        : [
            { hostPath: folder, containerPath: '/input', readOnly: true },
            { hostPath: staging, containerPath: '/output', readOnly: false },
          ],
      user: containerUserFor(engine.endpoint.host),
      // The converter reads and writes files only.
      network: 'none' as const,
      memoryMiB,
      labels: { [OWNER_LABEL]: OWNER_VALUE, [PURPOSE_LABEL]: CONVERT_PURPOSE, [STAGING_LABEL]: staging },
    };
    if (archive) {
      id = await engine.create(converter, signal);
      const uploaded = await uploadImages(archive, id, folder, onProgress, signal);
      transfer = { uploadedBytes: uploaded.bytes, uploadMs: uploaded.ms, downloadedBytes: 0, downloadMs: 0 };
      onProgress({ kind: 'preparing', message: 'Converting on the engine…' });
      await engine.start(id, signal);
    } else {
      id = await engine.run(converter, signal);
    }
    const container = id;
    const stagedVideo = path.join(staging, path.basename(output));
    const resultOf = (where: string, run: ConverterRun): ConvertResult => ({
      output: where,
      ...doneFacts(run.done!),
      skipped: run.skipped,
      fps: run.done!.fps,
      elapsedMs: Date.now() - started,
      imageBuilt: image.built,
      log: run.log,
      ...(transfer ? { transfer } : {}),
    });
    // Mounted: the converter renamed the whole video into the staging folder before it said
    // "done", so it goes into place then, not once the container has exited.
    let early: { output: string; run: ConverterRun } | undefined;
    let earlyFailure: unknown;
    const onDone = (soFar: ConverterRun & Required<Pick<ConverterRun, 'done'>>) => {
      if (archive) return; // a remote engine's video is copied out once the container has exited
      try {
        early = { output: placeVideo(stagedVideo, output, request.overwrite ?? false), run: soFar };
      } catch (err) {
        earlyFailure = err;
        return;
      }
      onProgress(writtenProgress(early.output, soFar.done, started));
    };
    let run: ConverterRun;
    let exitCode: number;
    try {
      run = await followConverter(engine, container, onProgress, signal, onDone);
      exitCode = await engine.wait(container, signal);
    } catch (err) {
      // Cancelled (or the engine went away) once the video was in place: it is whole, and the outcome.
      if (early) return resultOf(early.output, early.run);
      throw err;
    }
    const log = run.log;
    if (earlyFailure !== undefined) throw placeError(earlyFailure, output, log);
    // Whatever the exit says after "done": the video is whole.
    if (early) return resultOf(early.output, run);
    if (exitCode !== 0 || !run.done) {
      if (wasOutOfMemory(await engine.inspectRaw('container', container, signal).catch(() => undefined))) {
        throw new ConverterOutOfMemoryError(memoryMiB, log);
      }
      const killed = exitCode === 137 ? 'The converter was killed (SIGKILL) before it finished; no video was written.' : undefined;
      throw new ConvertError(
        toHostPaths(run.failure ?? killed ?? `The converter stopped with exit code ${exitCode}.${lastLines(log)}`, folder, outputDir),
        log,
      );
    }
    if (archive && transfer) {
      const downloaded = await downloadVideo(archive, container, path.basename(output), staging, onProgress, signal);
      Object.assign(transfer, { downloadedBytes: downloaded.bytes, downloadMs: downloaded.ms });
    }
    const where = placeFinishedVideo(stagedVideo, output, request.overwrite ?? false, log);
    onProgress(writtenProgress(where, run.done, started));
    return resultOf(where, run);
  } catch (err) {
    if (signal?.aborted || err instanceof CancelledError) {
      // SIGTERM first: the converter removes its partial file and exits.
      if (id) await engine.stop(id).catch(() => undefined);
      throw new CancelledError('Conversion cancelled');
    }
    throw err;
  } finally {
    if (id) await engine.remove(id, { force: true, volumes: true }).catch(() => undefined);
    // Whatever is left in it (a partial video of a killed converter) goes with it. Should
    // that fail, the sweep of a later run removes it once this process is gone.
    try {
      removeStagingFolder(staging);
    } catch {
      // Keep the outcome of the conversion, not of the cleanup.
    }
  }
}

function makeStagingFolder(outputDir: string): string {
  try {
    return createStagingFolder(outputDir);
  } catch (err) {
    throw new ConvertError(
      `Cannot write to ${outputDir}: ${(err as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (err as Error).message}. Choose an output folder you can write to.`,
    );
  }
}

function placeFinishedVideo(staged: string, output: string, overwrite: boolean, log: string): string {
  try {
    return placeVideo(staged, output, overwrite);
  } catch (err) {
    throw placeError(err, output, log);
  }
}

function placeError(err: unknown, output: string, log: string): ConvertError {
  return new ConvertError(`The video was made but could not be moved to ${output}: ${(err as Error).message}`, log);
}

function writtenProgress(where: string, done: ConverterDone, started: number): ConvertProgress {
  return { kind: 'written', output: where, ...doneFacts(done), elapsedMs: Date.now() - started };
}

/** What the converter's "done" says about the video, as the result names it. */
function doneFacts(done: ConverterDone) {
  return { frames: done.frames, width: done.width, height: done.height, durationSeconds: done.duration };
}

/** This extension's conversion containers: stopped ones are leftovers of an earlier run; running ones' staging folders stay. */
export function sortConversionContainers(containers: ContainerSummary[]): { leftovers: string[]; stagingInUse: string[] } {
  const running = containers.filter((c) => c.state === 'running');
  return {
    leftovers: containers.filter((c) => c.state !== 'running').map((c) => c.id),
    stagingInUse: running.flatMap((c) => (c.labels[STAGING_LABEL] ? [c.labels[STAGING_LABEL]] : [])),
  };
}

/** Both results, once both have settled: a failure of one never leaves the other (an image build) running unobserved. */
async function bothSettled<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [first, second] = await Promise.allSettled([a, b]);
  if (first.status === 'rejected') throw first.reason;
  if (second.status === 'rejected') throw second.reason;
  return [first.value, second.value];
}

/** The converter's last lines, for a failure that names nothing better. */
function lastLines(log: string, count = 5): string {
  const lines = log.trim().split('\n').filter(Boolean).slice(-count);
  return lines.length ? `\n${lines.join('\n')}` : '';
}
