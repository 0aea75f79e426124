#!/usr/bin/env node
/**
 * The headless CLI: the same workflows as the extension, without VS Code.
 *
 *   container-workflows convert [-o out.mp4] [--fps N] [--memory MiB] [--overwrite] [--] <folder>
 *
 * A progress bar on a terminal, plain lines otherwise; the output path is the last line.
 * Ctrl+C cancels: the container is stopped and removed and no partial video is left.
 */
import * as path from 'node:path';
import { runBuildCli } from './cliBuild';
import { createEngine } from './engine/createEngine';
import { CancelledError, engineMessage } from './engine/errors';
import { type ConvertProgress, DEFAULT_MEMORY_MIB, MIN_MEMORY_MIB, convertFolder } from './workflows/convertFolder';
import { ConverterOutOfMemoryError } from './workflows/convertRequest';
import { defaultOutputPath } from './workflows/outputPath';
import { DEFAULT_FRAME_RATE, FRAME_RATE, FRAME_RATE_RANGE, parseFrameRate } from './workflows/frameRate';
import { type SkippedFile, skipHeadline, skipLines } from './workflows/skipSummary';

const usage = `Usage: container-workflows convert <folder> [-o <output.mp4>] [--fps <${FRAME_RATE.min}-${FRAME_RATE.max}>] [--memory <MiB>] [--overwrite]

Converts a folder of images (jpg, png, bmp, webp, tiff) into an H.264 MP4 video,
in a container, in natural file-name order. The video goes next to the folder
as <folder>.mp4 unless -o says otherwise. Files it cannot read are skipped
and listed at the end. --memory caps the converter's memory, in MiB (default
${DEFAULT_MEMORY_MIB}, at least ${MIN_MEMORY_MIB}). "--" ends the options (for a folder named "-frames").

The engine is taken from DOCKER_HOST, the current Docker context, or the default socket.`;

export interface ConvertArgs {
  folder: string;
  output?: string;
  fps: number;
  overwrite: boolean;
  /** The converter's memory limit in MiB. */
  memoryMiB: number;
}

export class UsageError extends Error {}

export function parseConvertArgs(argv: string[]): ConvertArgs {
  let folder: string | undefined;
  let output: string | undefined;
  let fps = DEFAULT_FRAME_RATE;
  let overwrite = false;
  let memoryMiB = DEFAULT_MEMORY_MIB;
  let optionsEnded = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (optionsEnded || arg === '-' || !arg.startsWith('-')) {
      if (folder !== undefined) throw new UsageError(`unexpected argument ${arg}`);
      folder = arg;
      continue;
    }
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '-o' || arg === '--output') output = value();
    else if (arg.startsWith('--output=')) {
      output = arg.slice('--output='.length);
      if (!output) throw new UsageError('--output= needs a file name');
    } else if (arg === '--fps' || arg.startsWith('--fps=')) {
      const raw = arg === '--fps' ? value() : arg.slice('--fps='.length);
      const parsed = parseFrameRate(raw);
      if (parsed === undefined) throw new UsageError(`--fps must be ${FRAME_RATE_RANGE} (got "${raw}")`);
      fps = parsed;
    } else if (arg === '--memory' || arg.startsWith('--memory=')) {
      const raw = arg === '--memory' ? value() : arg.slice('--memory='.length);
      memoryMiB = Number(raw);
      if (!/^\d+$/.test(raw) || memoryMiB < MIN_MEMORY_MIB)
        throw new UsageError(`--memory must be a whole number of MiB, at least ${MIN_MEMORY_MIB} (got "${raw}")`);
    } else if (arg === '--overwrite' || arg === '-y') overwrite = true;
    else if (arg === '--') optionsEnded = true;
    else throw new UsageError(`unknown option ${arg}`);
  }
  if (!folder) throw new UsageError('name the folder of images to convert');
  return { folder, output, fps, overwrite, memoryMiB };
}

/** The skipped files, said once at the end: the count, then each name with its reason. */
export function skipReport(skipped: readonly SkippedFile[], folderName: string): string {
  return skipped.length ? `warning: ${skipHeadline(skipped.length, folderName)}\n${skipLines(skipped).join('\n')}\n` : '';
}

/** Progress on stderr; skips are collected into `skipped` (said once at the end, not between frames). */
function progressPrinter(interactive: boolean, skipped: SkippedFile[]): (p: ConvertProgress) => void {
  let lastPlain = -1;
  return (p) => {
    switch (p.kind) {
      case 'preparing':
        process.stderr.write(`${p.message}\n`);
        break;
      case 'build':
        if (p.event.kind === 'step')
          process.stderr.write(`  building image: step ${p.event.step}/${p.event.total} ${p.event.instruction}\n`);
        break;
      case 'start':
        process.stderr.write(`Converting ${p.total} images (${p.width}x${p.height})\n`);
        break;
      case 'skip':
        skipped.push({ file: p.file, reason: p.reason });
        break;
      case 'frame': {
        if (interactive) {
          const width = 30;
          const filled = Math.round((p.frame / Math.max(p.total, 1)) * width);
          process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] frame ${p.frame} of ${p.total}`);
          if (p.frame >= p.total) process.stderr.write('\n');
        } else {
          // Plain output: a line every 10% keeps logs readable.
          const tenth = Math.floor((p.frame / Math.max(p.total, 1)) * 10);
          if (tenth !== lastPlain) {
            lastPlain = tenth;
            process.stderr.write(`frame ${p.frame} of ${p.total}\n`);
          }
        }
        break;
      }
      case 'transfer':
        // A remote engine: the images go up and the video comes down (the 'preparing' lines say which).
        if (p.bytes === p.total && p.total > 0)
          process.stderr.write(`  ${p.direction === 'upload' ? 'uploaded' : 'downloaded'} ${(p.total / 1_000_000).toFixed(1)} MB\n`);
        break;
      case 'output':
        break;
    }
  };
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'build') return runBuildCli(argv.slice(1));
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help') {
    process.stdout.write(`${usage}\n`);
    return command ? 0 : 2;
  }
  if (command !== 'convert') {
    process.stderr.write(`unknown command "${command}"\n\n${usage}\n`);
    return 2;
  }
  let args: ConvertArgs;
  try {
    args = parseConvertArgs(rest);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${usage}\n`);
    return 2;
  }
  const controller = new AbortController();
  const onSignal = () => {
    process.stderr.write('\nCancelling…\n');
    controller.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const folder = path.resolve(args.folder);
  const skipped: SkippedFile[] = [];
  try {
    const engine = createEngine(undefined);
    const result = await convertFolder(
      engine,
      {
        folder,
        output: args.output ? path.resolve(args.output) : defaultOutputPath(folder),
        fps: args.fps,
        overwrite: args.overwrite,
        memoryMiB: args.memoryMiB,
        templatesDir: path.join(__dirname, '..', 'templates'),
      },
      progressPrinter(Boolean(process.stderr.isTTY), skipped),
      controller.signal,
    );
    process.stderr.write(skipReport(skipped, path.basename(folder)));
    const skippedCount = result.skipped.length ? `, ${result.skipped.length} skipped` : '';
    process.stderr.write(
      `${result.frames} frames${skippedCount}, ${result.width}x${result.height}, ${result.durationSeconds.toFixed(1)} s at ${result.fps} fps, in ${(result.elapsedMs / 1000).toFixed(1)} s\n`,
    );
    process.stdout.write(`${result.output}\n`);
    return 0;
  } catch (err) {
    if (err instanceof CancelledError) {
      process.stderr.write('Cancelled: no video was written.\n');
      return 130;
    }
    process.stderr.write(skipReport(skipped, path.basename(folder)));
    if (err instanceof ConverterOutOfMemoryError) {
      process.stderr.write(`error: ${err.message}\nGive it more with --memory <MiB> (now ${err.limitMiB}), or convert smaller images.\n`);
      return 1;
    }
    process.stderr.write(`error: ${engineMessage(err, '\n')}\n`);
    return 1;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
