/**
 * Convert on an engine that cannot see this machine's files (tcp://, ssh://): instead of
 * bind mounts, the folder's images go into the created converter container through the
 * engine's archive API (a tar stream, with upload progress in bytes), and the video comes
 * back the same way into the run's staging folder here, from where convertFolder moves it
 * into place atomically. No folder of this machine is ever named to the engine. No `vscode`.
 *
 * What is uploaded is what the converter would read: the folder's top-level, not hidden,
 * image files (imageFolders.ts isConvertibleName), regular files or links to files inside the folder;
 * anything else stays here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import * as tarStream from 'tar-stream';
import type { ContainerArchive } from '../engine/containerArchive';
import { CancelledError } from '../engine/errors';
import type { ConvertProgress } from './convertFolder';
import { isConvertibleName } from './imageFolders';

export interface UploadFile {
  name: string;
  /** The file to read (a link's target, inside the folder). */
  source: string;
  size: number;
  mtime: Date;
}

export interface TransferStats {
  uploadedBytes: number;
  uploadMs: number;
  downloadedBytes: number;
  downloadMs: number;
}

/** The files to upload, in name order; links that leave the folder and everything not an image are left out. */
export function imageFilesToUpload(folder: string): UploadFile[] {
  const root = fs.realpathSync(folder);
  const files: UploadFile[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    if (!isConvertibleName(entry.name)) continue;
    let source = path.join(folder, entry.name);
    if (entry.isSymbolicLink()) {
      let target: string;
      try {
        target = fs.realpathSync(source);
      } catch {
        continue; // dangling: the converter would skip it too
      }
      if (path.dirname(target) !== root && !target.startsWith(root + path.sep)) continue;
      source = target;
    } else if (!entry.isFile()) {
      continue;
    }
    const stat = fs.statSync(source, { throwIfNoEntry: false });
    if (stat?.isFile()) files.push({ name: entry.name, source, size: stat.size, mtime: stat.mtime });
  }
  return files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A tar of `files` (world-readable, owned by root, whatever their owners here), counting the bytes read as they go. */
export function packFiles(files: readonly UploadFile[], onBytes: (bytes: number) => void): Readable {
  const pack = tarStream.pack();
  // A streamx stream: docker-modem pipes it like a Node stream.
  let read: fs.ReadStream | undefined;
  // Destroyed (a cancelled upload): the file being read is closed at once.
  pack.on('close', () => read?.destroy());
  void (async () => {
    for (const file of files) {
      await new Promise<void>((resolve, reject) => {
        const entry = pack.entry({ name: file.name, size: file.size, mode: 0o644, uid: 0, gid: 0, mtime: file.mtime }, (err) =>
          err ? reject(err) : resolve(),
        );
        read = fs.createReadStream(file.source);
        read.on('data', (chunk) => onBytes(chunk.length));
        read.on('error', (err) => {
          entry.destroy(err);
          reject(err);
        });
        read.pipe(entry);
      });
    }
    pack.finalize();
  })().catch((err: Error) =>
    pack.destroy(new Error(`Cannot read the images to upload: ${err.message}. Did a file change while it was being uploaded?`)),
  );
  return pack as unknown as Readable;
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(bytes < 10_000_000 ? 1 : 0)} MB`;
}

/** Uploads the folder's images into the (created, not started) container's /input. */
export async function uploadImages(
  archive: ContainerArchive,
  id: string,
  folder: string,
  onProgress: (p: ConvertProgress) => void,
  signal?: AbortSignal,
): Promise<{ bytes: number; ms: number; files: number }> {
  const started = Date.now();
  const files = imageFilesToUpload(folder);
  const total = files.reduce((n, f) => n + f.size, 0);
  onProgress({ kind: 'preparing', message: `Uploading ${files.length} images (${formatMegabytes(total)}) to the engine…` });
  let sent = 0;
  onProgress({ kind: 'transfer', direction: 'upload', bytes: 0, total });
  const tar = packFiles(files, (bytes) => {
    sent += bytes;
    onProgress({ kind: 'transfer', direction: 'upload', bytes: sent, total });
  });
  // A read error reaches the request through its own listener; this one only keeps a tar
  // that nobody reads any more (a cancelled upload) from crashing the process.
  tar.on('error', () => undefined);
  try {
    await archive.putArchive(id, '/input', tar, signal);
  } finally {
    tar.destroy();
  }
  return { bytes: sent, ms: Date.now() - started, files: files.length };
}

/**
 * Downloads `/output/<name>` from the container into `targetDir/<name>` (a new file, never
 * an existing one). Resolves with the bytes written; a cancel or a broken stream leaves
 * the partial file for the caller's staging folder cleanup.
 */
export async function downloadVideo(
  archive: ContainerArchive,
  id: string,
  name: string,
  targetDir: string,
  onProgress: (p: ConvertProgress) => void,
  signal?: AbortSignal,
): Promise<{ bytes: number; ms: number }> {
  const started = Date.now();
  onProgress({ kind: 'preparing', message: 'Downloading the video from the engine…' });
  const tar = await archive.getArchive(id, `/output/${name}`, signal);
  // tar-stream's streams are streamx streams: piped and iterated, not handed to stream.pipeline.
  const extract = tarStream.extract();
  const onAbort = () => extract.destroy(new CancelledError('Conversion cancelled'));
  signal?.addEventListener('abort', onAbort, { once: true });
  tar.on('error', (err: Error) => extract.destroy(err));
  tar.pipe(extract);
  let written = 0;
  let found = false;
  try {
    for await (const entry of extract) {
      if (found || entry.header.type !== 'file' || entry.header.name !== name) {
        entry.resume();
        continue;
      }
      found = true;
      const total = entry.header.size ?? 0;
      onProgress({ kind: 'transfer', direction: 'download', bytes: 0, total });
      const file = await fs.promises.open(path.join(targetDir, name), 'wx');
      try {
        for await (const chunk of entry as AsyncIterable<Buffer>) {
          await file.write(chunk);
          written += chunk.length;
          onProgress({ kind: 'transfer', direction: 'download', bytes: written, total });
        }
      } finally {
        await file.close();
      }
    }
  } catch (err) {
    tar.destroy();
    if (signal?.aborted) throw new CancelledError('Conversion cancelled');
    throw err;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) throw new CancelledError('Conversion cancelled');
  if (!found) throw new Error(`the engine sent no ${name} back from the converter`);
  return { bytes: written, ms: Date.now() - started };
}

/** The progress notification's words while the images go up to a remote engine or the video comes back. */
export function transferMessage(direction: 'upload' | 'download', bytes: number, total: number): string {
  const mb = (n: number) => (n / 1_000_000).toFixed(1);
  const what = direction === 'upload' ? 'Uploading the images to the engine' : 'Downloading the video from the engine';
  if (total <= 0) return `${what}: ${mb(bytes)} MB`;
  return `${what}: ${mb(bytes)} of ${mb(total)} MB (${Math.floor((Math.min(bytes, total) / total) * 100)}%)`;
}
