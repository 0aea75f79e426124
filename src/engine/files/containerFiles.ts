/**
 * One container's files through the archive endpoint, for a file explorer: folders listed
 * lazily, one file read for an editor. Works the same for a running container, a stopped
 * one and one of an image without a shell (nothing runs in the container).
 *
 * Listing a folder costs a tar of its whole subtree (see docs/container-files.md for the
 * measurements and why no cheaper way exists), so each listing indexes every level below
 * it and keeps the index: opening a subfolder of a listed folder asks the engine nothing.
 * `forget` drops what a refresh should read again.
 */
import type { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import type { EngineApi } from '../api/engineApi';
import { CancelledError, isCancellation } from '../errors';
import { containerExists, openArchive, statPath } from './archiveClient';
import { looksBinary } from './binaryContent';
import { ContainerFilesError, containerGone, cutShort, pathNotFound, tooLarge } from './filesErrors';
import { type ContainerEntry, type PathStat, isWithin, normalizeContainerPath } from './pathStat';
import { type TarIndex, indexTar } from './tarIndex';

/** Files up to this size open in an editor; bigger ones are offered as a download. */
export const EDITOR_SIZE_LIMIT = 10 * 1024 * 1024;

export interface FileContent {
  /** The path asked for. */
  path: string;
  /** Where the bytes came from: the same path, or the target of a link (resolved inside the container). */
  readFrom: string;
  bytes: Buffer;
  binary: boolean;
}

export interface ReadOptions {
  maxBytes?: number;
  /** Read a link's target (resolved by the engine inside the container); off: a link is refused. */
  followLinks?: boolean;
}

export class ContainerFiles {
  private readonly indexes = new Map<string, TarIndex>();
  /**
   * Readings under way, by folder: a tree asks again for a folder whenever it redraws, and a
   * second read of a big folder while the first runs would only double the wait.
   */
  private readonly reading = new Map<string, Promise<TarIndex>>();
  /** Counts forgets: a reading that started before one is answered but not kept. */
  private generation = 0;

  constructor(
    private readonly api: EngineApi,
    readonly containerId: string,
    private readonly options: { maxEntries?: number } = {},
  ) {}

  /** One path's kind, size and link target; undefined when there is no such path. */
  stat(path: string, signal?: AbortSignal): Promise<PathStat | undefined> {
    return statPath(this.api, this.containerId, path, signal);
  }

  /** The entries of a folder, sorted by name; links are entries of kind 'symlink' with their target as stored. */
  async list(dir: string, signal?: AbortSignal, onProgress?: (entries: number) => void): Promise<ContainerEntry[]> {
    const wanted = normalizeContainerPath(dir);
    const known = this.cachedListing(wanted);
    if (known) return known;
    const index = await this.index(wanted, signal, onProgress);
    return [...(index.folders.get(wanted) ?? [])];
  }

  /** Every entry at and below a folder (for a download's plan), parents before children. */
  async subtree(dir: string, signal?: AbortSignal): Promise<ContainerEntry[]> {
    const wanted = normalizeContainerPath(dir);
    const index = this.cachedIndexFor(wanted) ?? (await this.index(wanted, signal));
    const out: ContainerEntry[] = [];
    const walk = (folder: string) => {
      for (const entry of index.folders.get(folder) ?? []) {
        out.push(entry);
        if (entry.kind === 'directory') walk(entry.path);
      }
    };
    walk(wanted);
    return out;
  }

  /** Forget what was read at or below `path` (and the listings that contain it); all when no path. */
  forget(path?: string): void {
    this.generation++;
    if (path === undefined) {
      this.indexes.clear();
      this.reading.clear();
      return;
    }
    const p = normalizeContainerPath(path);
    for (const root of [...this.indexes.keys()]) {
      if (isWithin(root, p) || isWithin(p, root)) this.indexes.delete(root);
    }
    for (const root of [...this.reading.keys()]) {
      if (isWithin(root, p) || isWithin(p, root)) this.reading.delete(root);
    }
  }

  /** A file's bytes for an editor, refused over the size limit (download it instead) and for folders. */
  async readFile(path: string, options: ReadOptions = {}, signal?: AbortSignal): Promise<FileContent> {
    const wanted = normalizeContainerPath(path);
    const limit = options.maxBytes ?? EDITOR_SIZE_LIMIT;
    let stat = await this.stat(wanted, signal);
    if (!stat) throw pathNotFound(wanted);
    if (stat.kind === 'symlink') {
      if (!options.followLinks || !stat.linkTarget) {
        throw new ContainerFilesError(
          'notAFile',
          `${wanted} is a link to ${stat.linkTarget ?? 'nothing'}: open the target instead.`,
          wanted,
        );
      }
      const target = stat.linkTarget;
      stat = await this.stat(target, signal);
      if (!stat) throw new ContainerFilesError('notFound', `${wanted} is a link to ${target}, which is not in the container.`, wanted);
    }
    if (stat.kind !== 'file')
      throw new ContainerFilesError(
        'notAFile',
        `${stat.path} is ${stat.kind === 'directory' ? 'a folder' : 'not a regular file'}: it has no text to open.`,
        wanted,
      );
    if (stat.size > limit) throw tooLarge(wanted, stat.size, limit);
    const archive = await openArchive(this.api, this.containerId, stat.path, {}, signal);
    const bytes = await this.guard(stat.path, signal, () => firstFileOf(archive.body, limit, signal));
    if (bytes === undefined) throw pathNotFound(stat.path);
    return { path: wanted, readFrom: stat.path, bytes, binary: looksBinary(bytes) };
  }

  private cachedListing(dir: string): ContainerEntry[] | undefined {
    const entries = this.cachedIndexFor(dir)?.folders.get(dir);
    return entries ? [...entries] : undefined;
  }

  /** An index read earlier that holds `dir` as a folder (not one reached through a link). */
  private cachedIndexFor(dir: string): TarIndex | undefined {
    for (const index of this.indexes.values()) {
      if (isWithin(index.root, dir) && index.folders.has(dir)) return index;
    }
    return undefined;
  }

  /** One read per folder at a time: a caller that comes while it runs waits for the same answer. */
  private index(dir: string, signal?: AbortSignal, onProgress?: (entries: number) => void): Promise<TarIndex> {
    const under = this.reading.get(dir);
    // Joined, not owned: this caller's cancel ends its own wait, the reading goes on for the first.
    if (under) return untilAborted(under, signal);
    const read = this.readIndex(dir, signal, onProgress).finally(() => {
      if (this.reading.get(dir) === read) this.reading.delete(dir);
    });
    this.reading.set(dir, read);
    return read;
  }

  private async readIndex(dir: string, signal?: AbortSignal, onProgress?: (entries: number) => void): Promise<TarIndex> {
    const generation = this.generation;
    const archive = await openArchive(this.api, this.containerId, dir, { contentsOnly: true }, signal);
    const index = await this.guard(dir, signal, () =>
      indexTar(archive.body, dir, { maxEntries: this.options.maxEntries, onProgress }, signal),
    );
    // Kept only if nothing was forgotten meanwhile (a refresh asked for fresh files).
    if (generation === this.generation) this.indexes.set(dir, index);
    return index;
  }

  /** A stream that broke off: the container was removed meanwhile, or the engine went away. */
  private async guard<T>(path: string, signal: AbortSignal | undefined, read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (err) {
      if (signal?.aborted || isCancellation(err)) throw new CancelledError();
      if (err instanceof ContainerFilesError || (err as Error).name === 'TarIndexLimitError') throw err;
      const stillThere = await containerExists(this.api, this.containerId).catch(() => true);
      throw stillThere ? cutShort(path, this.containerId) : containerGone(this.containerId, path);
    }
  }
}

/** `work`'s answer, or CancelledError as soon as `signal` aborts (the work itself is not stopped). */
function untilAborted<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(new CancelledError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new CancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The body of the first file in a tar, up to `limit` bytes; undefined when it holds no file. */
function firstFileOf(body: Readable, limit: number, signal?: AbortSignal): Promise<Buffer | undefined> {
  const parser = extract();
  return new Promise<Buffer | undefined>((resolve, reject) => {
    let found: Buffer | undefined;
    const onAbort = () => {
      body.destroy();
      parser.destroy();
      reject(new CancelledError());
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    parser.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (data: unknown) => {
        const chunk = data as Buffer;
        size += chunk.length;
        if (found === undefined && header.type === 'file' && size <= limit) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (found === undefined && header.type === 'file') found = Buffer.concat(chunks);
        next();
      });
      stream.on('error', () => undefined); // the parser's error says it
    });
    parser.on('finish', () => {
      signal?.removeEventListener('abort', onAbort);
      resolve(found);
    });
    const fail = (err: Error) => {
      signal?.removeEventListener('abort', onAbort);
      parser.destroy();
      reject(err);
    };
    parser.on('error', fail);
    body.on('error', fail);
    body.pipe(parser);
  });
}
