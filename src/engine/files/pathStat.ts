/**
 * What the engine says about one path inside a container: the `X-Docker-Container-Path-Stat`
 * header of the archive endpoint (base64 JSON with Go's os.FileMode bits), and the entry
 * kinds of a tar header. Pure.
 */

export type EntryKind = 'file' | 'directory' | 'symlink' | 'other';

export interface ContainerEntry {
  /** The last part of the path. */
  name: string;
  /** The absolute path inside the container. */
  path: string;
  kind: EntryKind;
  size: number;
  /** Permission bits (0o755 ...). */
  mode: number;
  modified?: Date;
  /**
   * A symlink's target as stored in the link (relative or absolute, never resolved on this
   * machine); for a hard link, the absolute path of the file it shares its data with.
   */
  linkTarget?: string;
  hardLink?: boolean;
}

/** One path's stat. For a symlink `linkTarget` is what the engine resolved it to inside the container. */
export type PathStat = ContainerEntry;

export const PATH_STAT_HEADER = 'x-docker-container-path-stat';

// Go's os.FileMode type bits, above the permission bits.
const GO_MODE_DIR = 2 ** 31;
const GO_MODE_SYMLINK = 2 ** 27;
const GO_MODE_OTHER = [
  2 ** 26 /* device */,
  2 ** 25 /* named pipe */,
  2 ** 24 /* socket */,
  2 ** 21 /* char device */,
  2 ** 19 /* irregular */,
];

function hasBit(mode: number, bit: number): boolean {
  return Math.floor(mode / bit) % 2 === 1;
}

export function kindOfGoMode(mode: number): EntryKind {
  if (hasBit(mode, GO_MODE_DIR)) return 'directory';
  if (hasBit(mode, GO_MODE_SYMLINK)) return 'symlink';
  if (GO_MODE_OTHER.some((bit) => hasBit(mode, bit))) return 'other';
  return 'file';
}

export function baseName(containerPath: string): string {
  const trimmed = containerPath.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** `/a/b/../c/` -> `/a/c`; always absolute, no trailing slash (but `/`). */
export function normalizeContainerPath(containerPath: string): string {
  const parts: string[] = [];
  for (const part of containerPath.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

export function joinContainerPath(dir: string, relative: string): string {
  return normalizeContainerPath(`${dir}/${relative}`);
}

/** Is `inner` the same as `outer` or under it? Both normalized. */
export function isWithin(outer: string, inner: string): boolean {
  return outer === '/' || inner === outer || inner.startsWith(`${outer}/`);
}

/** The stat header's value, decoded; undefined when it is missing or not what the engine sends. */
export function decodePathStat(header: string | string[] | undefined, requestedPath: string): PathStat | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  let raw: { name?: unknown; size?: unknown; mode?: unknown; mtime?: unknown; linkTarget?: unknown };
  try {
    raw = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as typeof raw;
  } catch {
    return undefined;
  }
  if (typeof raw.mode !== 'number') return undefined;
  const path = normalizeContainerPath(requestedPath);
  const modified = typeof raw.mtime === 'string' ? new Date(raw.mtime) : undefined;
  const kind = kindOfGoMode(raw.mode);
  return {
    name: baseName(path),
    path,
    kind,
    size: typeof raw.size === 'number' ? raw.size : 0,
    mode: raw.mode % 0o1000,
    modified: modified && !Number.isNaN(modified.getTime()) ? modified : undefined,
    linkTarget: kind === 'symlink' && typeof raw.linkTarget === 'string' && raw.linkTarget ? raw.linkTarget : undefined,
  };
}

/** A tar header's type in the project's kinds; hard links count as files (they are one). */
export function kindOfTarType(type: string | null | undefined): EntryKind {
  switch (type) {
    case 'file':
    case 'contiguous-file':
    case 'link':
    case null:
    case undefined:
      return 'file';
    case 'directory':
      return 'directory';
    case 'symlink':
      return 'symlink';
    default:
      return 'other';
  }
}
