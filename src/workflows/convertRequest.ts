/**
 * What a conversion is asked for, the checks made before anything starts, and the errors a
 * conversion fails with (convertFolder.ts runs it). No `vscode` here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileAccess } from '../engine/engineLocality';
import { MIN_MEMORY_MIB } from './converterMemory';
import { FRAME_RATE_RANGE, isValidFrameRate } from './frameRate';

/** The longest file name, in bytes, that Linux file systems take. */
const NAME_MAX = 255;

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
  /** The converter container's memory limit in MiB (DEFAULT_MEMORY_MIB when unset). */
  memoryMiB?: number;
  /** Mount the folders, or copy through the archive API; unset: engineFileAccess decides from the engine's address. */
  fileAccess?: FileAccess;
}

export class ConvertError extends Error {
  constructor(
    message: string,
    readonly log: string = '',
  ) {
    super(message);
    this.name = 'ConvertError';
  }
}

/** The engine killed the converter for going over its memory limit. */
export class ConverterOutOfMemoryError extends ConvertError {
  constructor(
    readonly limitMiB: number,
    log: string,
  ) {
    super(`The converter ran out of memory (its limit is ${limitMiB} MiB) and was stopped; no video was written.`, log);
    this.name = 'ConverterOutOfMemoryError';
  }
}

export class OutputExistsError extends ConvertError {
  constructor(readonly output: string) {
    super(`${output} already exists.`);
    this.name = 'OutputExistsError';
  }
}

/** Refuses a request that cannot work, before the image check or any container. */
export function validateRequest(folder: string, output: string, request: ConvertRequest): void {
  const stat = fs.statSync(folder, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) {
    throw new ConvertError(`${folder} is not a folder.`);
  }
  if (!isValidFrameRate(request.fps)) {
    throw new ConvertError(`The frame rate must be ${FRAME_RATE_RANGE} (got ${String(request.fps)}).`);
  }
  if (!/\.mp4$/i.test(output)) {
    throw new ConvertError(`The output must be an .mp4 file (got ${path.basename(output)}).`);
  }
  if (!fs.statSync(path.dirname(output), { throwIfNoEntry: false })?.isDirectory()) {
    throw new ConvertError(`The output folder ${path.dirname(output)} does not exist.`);
  }
  const nameBytes = Buffer.byteLength(path.basename(output));
  if (nameBytes > NAME_MAX) {
    throw new ConvertError(
      `The video's name is too long: ${nameBytes} bytes, and a file name can have at most ${NAME_MAX}. Choose a shorter name.`,
    );
  }
  if (request.memoryMiB !== undefined && (!Number.isInteger(request.memoryMiB) || request.memoryMiB < MIN_MEMORY_MIB)) {
    throw new ConvertError(
      `The converter's memory limit must be a whole number of MiB, at least ${MIN_MEMORY_MIB} (got ${request.memoryMiB}).`,
    );
  }
  if (fs.existsSync(output) && !request.overwrite) {
    throw new OutputExistsError(output);
  }
}
