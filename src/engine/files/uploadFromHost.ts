/**
 * Uploads host files and folders into a folder of a container (PUT on the archive
 * endpoint). The tar is made here from `lstat`: a link on this machine goes in as a link,
 * never as what it points to; devices, pipes and sockets are left out and listed. Files
 * are opened without following links, so one swapped for a link meanwhile is refused.
 * `planUpload` says what already exists in the container, so the person can be asked.
 */
import { constants } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pack, type Pack } from 'tar-stream';
import type { EngineApi } from '../api/engineApi';
import { CancelledError, isCancellation } from '../errors';
import { putArchive, statPath } from './archiveClient';
import { ContainerFilesError } from './filesErrors';
import { type EntryKind, joinContainerPath, normalizeContainerPath } from './pathStat';

export interface UploadItem {
  hostPath: string;
  containerPath: string;
  kind: EntryKind;
  /** What is at that path in the container already, if anything. */
  existing?: EntryKind;
}

export interface UploadPlan {
  containerDir: string;
  items: UploadItem[];
  /** Existing files the upload replaces: ask before. */
  replaces: string[];
  /** A folder where a file would go or the other way round: the engine refuses these. */
  clashes: string[];
}

export interface UploadResult {
  files: number;
  bytes: number;
  /** Host paths left out (not a file, folder or link). */
  skipped: string[];
}

/**
 * An upload cancelled part way. The archive endpoint writes entries as they arrive and has
 * no undo (nor any way to remove a file), so what had been sent stays in the container.
 */
export class UploadCancelledError extends CancelledError {
  constructor(
    /** Container paths of the files sent whole before the cancel (they may be in the container). */
    readonly sent: string[],
    /** The file being sent when it was cancelled: it may be in the container, cut short. */
    readonly cut: string | undefined,
  ) {
    super('Cancelled');
  }
}

const READ_FILE = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

async function hostEntryKind(hostPath: string): Promise<EntryKind> {
  const st = await fs.lstat(hostPath);
  return st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'directory' : st.isFile() ? 'file' : 'other';
}

export async function planUpload(
  api: EngineApi,
  containerId: string,
  containerDir: string,
  hostPaths: string[],
  signal?: AbortSignal,
): Promise<UploadPlan> {
  const dir = normalizeContainerPath(containerDir);
  const folder = await statPath(api, containerId, dir, signal);
  if (!folder || folder.kind !== 'directory') {
    throw new ContainerFilesError(
      folder ? 'notAFolder' : 'notFound',
      `${dir} is ${folder ? 'not a folder' : 'not in the container'}: upload into a folder that exists.`,
      dir,
    );
  }
  const items = await Promise.all(
    hostPaths.map(async (hostPath): Promise<UploadItem> => {
      const containerPath = joinContainerPath(dir, path.basename(hostPath));
      const existing = await statPath(api, containerId, containerPath, signal);
      return { hostPath, containerPath, kind: await hostEntryKind(hostPath), existing: existing?.kind };
    }),
  );
  const isFolder = (k: EntryKind | undefined) => k === 'directory';
  return {
    containerDir: dir,
    items,
    replaces: items.filter((i) => i.existing && !isFolder(i.existing) && !isFolder(i.kind)).map((i) => i.containerPath),
    clashes: items.filter((i) => i.existing && isFolder(i.existing) !== isFolder(i.kind)).map((i) => i.containerPath),
  };
}

export async function uploadFromHost(
  api: EngineApi,
  containerId: string,
  containerDir: string,
  hostPaths: string[],
  signal?: AbortSignal,
  onProgress?: (bytes: number) => void,
): Promise<UploadResult> {
  // Cancelled before it began: nothing went.
  if (signal?.aborted) throw new CancelledError();
  const result: UploadResult = { files: 0, bytes: 0, skipped: [] };
  const dir = normalizeContainerPath(containerDir);
  const sent: string[] = [];
  let sending: string | undefined;
  const tar = pack();
  // Its errors come out of the two promises below; without a listener, the one a cancelled request destroys it with
  // would also be thrown as an uncaught exception.
  tar.on('error', () => undefined);
  const track = {
    starting: (name: string) => (sending = joinContainerPath(dir, name)),
    done: () => {
      if (sending) sent.push(sending);
      sending = undefined;
    },
  };
  const packing = packAll(tar, hostPaths, result, onProgress, track).then(
    () => tar.finalize(),
    (err: Error) => {
      tar.destroy(err);
      throw err;
    },
  );
  // streamx's pack is read as a Node stream by the HTTP client. A refused upload ends the packing too.
  const uploading = putArchive(api, containerId, containerDir, tar as unknown as Readable, signal).catch((err: unknown) => {
    tar.destroy(err as Error);
    throw err;
  });
  const [packed, uploaded] = await Promise.allSettled([packing, uploading]);
  if (uploaded.status === 'rejected' && (isCancellation(uploaded.reason) || signal?.aborted)) throw new UploadCancelledError(sent, sending);
  // The engine's refusal says more than the packing's "destroyed"; a host file that could not be read says more than the cut request.
  if (uploaded.status === 'rejected' && (packed.status === 'fulfilled' || !isHostError(packed.reason))) throw uploaded.reason;
  if (packed.status === 'rejected') throw packed.reason;
  return result;
}

interface SendTracker {
  starting(name: string): void;
  done(): void;
}

async function packAll(
  tar: Pack,
  hostPaths: string[],
  result: UploadResult,
  onProgress: ((bytes: number) => void) | undefined,
  track: SendTracker,
): Promise<void> {
  const add = async (hostPath: string, name: string): Promise<void> => {
    const st = await fs.lstat(hostPath);
    const common = { name, mode: st.mode % 0o1000, mtime: st.mtime, uid: 0, gid: 0 };
    if (st.isSymbolicLink()) {
      await entry(tar, { ...common, type: 'symlink', linkname: await fs.readlink(hostPath) });
    } else if (st.isDirectory()) {
      await entry(tar, { ...common, type: 'directory' });
      for (const child of (await fs.readdir(hostPath)).sort()) await add(path.join(hostPath, child), `${name}/${child}`);
    } else if (st.isFile()) {
      track.starting(name);
      await addFile(tar, hostPath, { ...common, size: st.size }, (n) => {
        result.bytes += n;
        onProgress?.(result.bytes);
      });
      track.done();
      result.files++;
    } else {
      result.skipped.push(hostPath);
    }
  };
  for (const hostPath of hostPaths) await add(hostPath, path.basename(hostPath));
}

function entry(tar: Pack, header: Parameters<Pack['entry']>[0]): Promise<void> {
  return new Promise((resolve, reject) => tar.entry(header, (err) => (err ? reject(err) : resolve())));
}

async function addFile(
  tar: Pack,
  hostPath: string,
  header: { name: string; mode: number; mtime: Date; uid: number; gid: number; size: number },
  onBytes: (n: number) => void,
): Promise<void> {
  const handle = await fs.open(hostPath, READ_FILE);
  try {
    const done = new Promise<void>((resolve, reject) => {
      const sink = tar.entry({ ...header, type: 'file' }, (err) => (err ? reject(err) : resolve()));
      // A cancelled or refused upload destroys the archive, and with it the entry being written: its error reaches
      // the callback above; emitted on the entry with no listener, it would also be an uncaught exception.
      sink.on('error', () => undefined);
      void (async () => {
        try {
          for await (const piece of handle.createReadStream({ autoClose: false })) {
            if (sink.destroyed) break;
            const chunk = piece as Buffer;
            onBytes(chunk.length);
            // Destroyed while full, the entry never drains: stop reading then too.
            if (!sink.write(chunk)) {
              await new Promise<void>((r) => {
                sink.once('drain', () => r());
                sink.once('close', () => r());
              });
            }
          }
          if (!sink.destroyed) sink.end(undefined);
        } catch (err) {
          const failure = err instanceof Error ? err : new Error(String(err));
          sink.destroy(failure);
          reject(failure);
        }
      })();
    });
    await done;
  } finally {
    await handle.close();
  }
}

function isHostError(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.path !== undefined;
}
