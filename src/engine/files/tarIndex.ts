/**
 * The entries of a folder from the tar the archive endpoint sends for it, reading only the
 * headers: every body is skipped as it passes. The engine always sends the whole subtree
 * (there is no depth limit, and it walks depth-first, so the folder's own entries are
 * spread over the whole stream); the index therefore keeps every level it saw, and the
 * folders below are then listed from it without asking the engine again.
 */
import type { Readable } from 'node:stream';
import { extract, type Header } from 'tar-stream';
import { CancelledError } from '../errors';
import { type ContainerEntry, baseName, joinContainerPath, kindOfTarType, normalizeContainerPath } from './pathStat';

export interface TarIndex {
  /** The folder asked for. */
  root: string;
  /** Folder path -> its entries, for the root and every folder below it. */
  folders: Map<string, ContainerEntry[]>;
  entryCount: number;
}

export interface IndexOptions {
  /** Stop with an error past this many entries (a whole filesystem of many small files). */
  maxEntries?: number;
  /** Called as entries arrive: how many so far. */
  onProgress?: (entries: number) => void;
}

export class TarIndexLimitError extends Error {
  constructor(
    readonly root: string,
    readonly limit: number,
  ) {
    super(`${root} holds more than ${limit} files and folders: open a folder further down.`);
    this.name = 'TarIndexLimitError';
  }
}

export const DEFAULT_MAX_ENTRIES = 500_000;

/**
 * The archive of `root` is asked for as `root/.`, so its entries are named `./x/y`
 * whatever the folder (and a link to a folder is listed as the folder it points to).
 */
export function entryPath(root: string, tarName: string): string {
  return joinContainerPath(root, tarName);
}

export function toEntry(root: string, header: Header): ContainerEntry {
  const path = entryPath(root, header.name);
  const hardLink = header.type === 'link';
  const linkTarget =
    hardLink && header.linkname ? entryPath(root, header.linkname) : header.type === 'symlink' ? (header.linkname ?? undefined) : undefined;
  return {
    name: baseName(path),
    path,
    kind: kindOfTarType(header.type),
    size: header.size ?? 0,
    mode: (header.mode ?? 0) % 0o1000,
    modified: header.mtime,
    ...(linkTarget !== undefined ? { linkTarget } : {}),
    ...(hardLink ? { hardLink } : {}),
  };
}

function parentOf(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

/** Reads the tar to its end (or the signal); resolves with every folder's entries. */
export function indexTar(body: Readable, rootPath: string, options: IndexOptions = {}, signal?: AbortSignal): Promise<TarIndex> {
  const root = normalizeContainerPath(rootPath);
  const limit = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const folders = new Map<string, ContainerEntry[]>([[root, []]]);
  const byPath = new Map<string, ContainerEntry>();
  let entryCount = 0;
  const parser = extract();
  return new Promise<TarIndex>((resolve, reject) => {
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      body.destroy();
      parser.destroy();
      reject(err);
    };
    const onAbort = () => fail(new CancelledError());
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });

    parser.on('entry', (header, stream, next) => {
      stream.on('end', () => next());
      // A cut archive errors the entry too; the parser's own error says it (below).
      stream.on('error', () => undefined);
      stream.resume();
      const entry = toEntry(root, header);
      if (entry.path === root) return;
      if (++entryCount > limit) return fail(new TarIndexLimitError(root, limit));
      // A hard link's header has no size: it is the size of the file it links to.
      if (entry.hardLink && entry.linkTarget) entry.size = byPath.get(entry.linkTarget)?.size ?? entry.size;
      byPath.set(entry.path, entry);
      const parent = parentOf(entry.path);
      (folders.get(parent) ?? folders.set(parent, []).get(parent)!).push(entry);
      if (entry.kind === 'directory' && !folders.has(entry.path)) folders.set(entry.path, []);
      options.onProgress?.(entryCount);
    });
    parser.on('finish', () => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      for (const list of folders.values()) list.sort(byName);
      resolve({ root, folders, entryCount });
    });
    parser.on('error', (err: Error) => fail(err));
    body.on('error', (err: Error) => fail(err));
    body.pipe(parser);
  });
}

function byName(a: ContainerEntry, b: ContainerEntry): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
