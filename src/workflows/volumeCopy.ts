/**
 * Files to and from an engine that cannot see this machine's folders, for Run Image… on a
 * remote engine: "copy this folder into a new named volume" for an input, and "copy the
 * output back when the container exits" for an output. Both go through the engine's archive
 * API as tar streams. No `vscode`.
 *
 * Copying in uses a helper container of the image being run (it is on the engine already),
 * created with the volume mounted and never started, then removed. Copying back writes
 * only regular files and folders, only inside a new local folder: names that climb out
 * (`..`, absolute) and links are left out and reported.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import * as tarFs from 'tar-fs';
import * as tarStream from 'tar-stream';
import { type ContainerArchive, containerArchiveFor } from '../engine/containerArchive';
import type { ContainerEngine } from '../engine/engine';
import { OWNER_LABEL, OWNER_VALUE, PURPOSE_LABEL } from '../engine/engine';
import { CancelledError } from '../engine/errors';

export const VOLUME_COPY_PURPOSE = 'volume-copy';
export const COPY_TARGET = '/container-workflows-copy';

/** Bytes of the regular files under `folder` (links not followed): the total for upload progress. */
export function folderBytes(folder: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const p = path.join(folder, entry.name);
    if (entry.isDirectory()) total += folderBytes(p);
    else if (entry.isFile()) total += fs.statSync(p).size;
  }
  return total;
}

/**
 * A tar of `folder`'s contents, counting the bytes that leave. In the volume everything is
 * root's and readable by every user (folders 755, files 644 at least, executables kept),
 * since the container's user is rarely this machine's uid.
 */
export function packFolder(folder: string, onBytes: (bytes: number) => void): Readable {
  const counter = new PassThrough();
  counter.on('data', (chunk: Buffer) => onBytes(chunk.length));
  const pack = tarFs.pack(folder, {
    map: (header) => ({
      ...header,
      uid: 0,
      gid: 0,
      uname: '',
      gname: '',
      mode: (header.mode ?? 0) | (header.type === 'directory' ? 0o755 : 0o644),
    }),
  });
  pack.on('error', (err: Error) => counter.destroy(err));
  pack.pipe(counter);
  counter.on('close', () => (pack as unknown as { destroy(): void }).destroy());
  return counter;
}

export interface VolumeCopyRequest {
  folder: string;
  /** The new volume's name (made by the engine when the helper container is created). */
  volume: string;
  /** An image on the engine for the helper container (the one about to run). */
  image: string;
  labels?: Record<string, string>;
}

/** Copies `folder` into the named volume; resolves with the bytes sent. The helper container is removed whatever happens. */
export async function copyFolderIntoVolume(
  engine: ContainerEngine,
  request: VolumeCopyRequest,
  onProgress: (sent: number, total: number) => void = () => undefined,
  signal?: AbortSignal,
  archive: ContainerArchive = containerArchiveFor(engine),
): Promise<number> {
  const total = folderBytes(request.folder);
  let sent = 0;
  const id = await engine.create(
    {
      image: request.image,
      volumes: [{ kind: 'volume', hostPath: request.volume, containerPath: COPY_TARGET, readOnly: false }],
      network: 'none',
      labels: { [OWNER_LABEL]: OWNER_VALUE, [PURPOSE_LABEL]: VOLUME_COPY_PURPOSE, ...(request.labels ?? {}) },
    },
    signal,
  );
  try {
    const tar = packFolder(request.folder, (bytes) => {
      sent += bytes;
      onProgress(Math.min(sent, total), total);
    });
    tar.on('error', () => undefined); // reaches the request through its own listener
    try {
      await archive.putArchive(id, COPY_TARGET, tar, signal);
    } finally {
      tar.destroy();
    }
    return sent;
  } finally {
    await engine.remove(id, { force: true }).catch(() => undefined);
  }
}

export interface CopyBackResult {
  files: number;
  bytes: number;
  /** Entries not written: links, devices, names that leave the folder. */
  skipped: string[];
}

/** The entry's path inside the copied folder, or undefined when it would leave it. */
export function safeRelativePath(entryName: string): string | undefined {
  const parts = entryName.split('/').filter((p) => p && p !== '.');
  // The archive of /out holds out/…: its first part is the folder itself.
  const inside = parts.slice(1);
  if (inside.length === 0) return '';
  if (inside.some((p) => p === '..' || p.includes('\\') || p.includes('\0'))) return undefined;
  return inside.join(path.sep);
}

/**
 * Copies `containerPath` (a folder) out of a container, running or exited, into
 * `targetDir`, which must not exist yet: it is created here, so nothing of the person's is
 * overwritten and no link in it predates the copy.
 */
export async function copyBackFromContainer(
  engine: ContainerEngine,
  id: string,
  containerPath: string,
  targetDir: string,
  signal?: AbortSignal,
  archive: ContainerArchive = containerArchiveFor(engine),
): Promise<CopyBackResult> {
  fs.mkdirSync(targetDir, { recursive: false, mode: 0o755 });
  const tar = await archive.getArchive(id, containerPath, signal);
  const extract = tarStream.extract();
  const onAbort = () => extract.destroy(new CancelledError());
  signal?.addEventListener('abort', onAbort, { once: true });
  tar.on('error', (err: Error) => extract.destroy(err));
  tar.pipe(extract);
  const result: CopyBackResult = { files: 0, bytes: 0, skipped: [] };
  try {
    for await (const entry of extract) {
      const relative = safeRelativePath(entry.header.name);
      const type = entry.header.type;
      if (relative === undefined || (type !== 'file' && type !== 'directory')) {
        result.skipped.push(entry.header.name);
        entry.resume();
        continue;
      }
      const target = path.join(targetDir, relative);
      if (type === 'directory') {
        fs.mkdirSync(target, { recursive: true, mode: 0o755 });
        entry.resume();
        continue;
      }
      fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
      const file = await fs.promises.open(target, 'wx', (entry.header.mode ?? 0o644) & 0o777);
      try {
        for await (const chunk of entry as AsyncIterable<Buffer>) {
          await file.write(chunk);
          result.bytes += chunk.length;
        }
      } finally {
        await file.close();
      }
      result.files++;
    }
  } catch (err) {
    tar.destroy();
    if (signal?.aborted) throw new CancelledError();
    throw err;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  return result;
}

/**
 * Copies a named volume's contents into `targetDir` (which must not exist yet), through a
 * helper container of `image` that mounts the volume read-only and is never started; the
 * helper is removed whatever happens. For "copy the output back" after the run's container
 * is gone (or kept by the person).
 */
export async function copyVolumeOut(
  engine: ContainerEngine,
  request: { volume: string; image: string; targetDir: string; labels?: Record<string, string> },
  signal?: AbortSignal,
  archive: ContainerArchive = containerArchiveFor(engine),
): Promise<CopyBackResult> {
  const id = await engine.create(
    {
      image: request.image,
      volumes: [{ kind: 'volume', hostPath: request.volume, containerPath: COPY_TARGET, readOnly: true }],
      network: 'none',
      labels: { [OWNER_LABEL]: OWNER_VALUE, [PURPOSE_LABEL]: VOLUME_COPY_PURPOSE, ...(request.labels ?? {}) },
    },
    signal,
  );
  try {
    return await copyBackFromContainer(engine, id, COPY_TARGET, request.targetDir, signal, archive);
  } finally {
    await engine.remove(id, { force: true }).catch(() => undefined);
  }
}
