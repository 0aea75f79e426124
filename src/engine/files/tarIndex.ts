/**
 * The entries of a folder from the tar the archive endpoint sends for it, reading only the
 * headers: every body is skipped as it passes. The engine always sends the whole subtree
 * (there is no depth limit, and it walks depth-first, so the folder's own entries are
 * spread over the whole stream); the index therefore keeps every level it saw, and the
 * folders below are then listed from it without asking the engine again.
 */
import type { Readable } from 'node:stream';
import type { Header } from 'tar-stream';
import { type TarEntryBody, parseTarAbortably } from './parseTarAbortably';
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
  return parseTarAbortably(body, signal, (header, stream) => {
    const passed = skipBody(stream);
    const entry = toEntry(root, header);
    if (entry.path === root) return passed;
    if (++entryCount > limit) throw new TarIndexLimitError(root, limit);
    // A hard link's header has no size: it is the size of the file it links to.
    if (entry.hardLink && entry.linkTarget) entry.size = byPath.get(entry.linkTarget)?.size ?? entry.size;
    byPath.set(entry.path, entry);
    const parent = parentOf(entry.path);
    (folders.get(parent) ?? folders.set(parent, []).get(parent)!).push(entry);
    if (entry.kind === 'directory' && !folders.has(entry.path)) folders.set(entry.path, []);
    options.onProgress?.(entryCount);
    return passed;
  }).then(() => {
    for (const list of folders.values()) list.sort(byName);
    return { root, folders, entryCount };
  });
}

/** Lets an entry's body pass unread; resolves once it has. */
function skipBody(stream: TarEntryBody): Promise<void> {
  return new Promise((resolve) => {
    stream.on('end', () => resolve());
    // A cut archive errors the entry too; the parser's own error says it.
    stream.on('error', () => undefined);
    stream.resume();
  });
}

function byName(a: ContainerEntry, b: ContainerEntry): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
