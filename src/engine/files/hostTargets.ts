/**
 * Where a container's entry lands on this machine, and what is in the way there. Pure
 * (the caller hands in what `lstat` found): one rule for the plan shown before a download
 * and for the download itself. Links on this machine are never followed: a link where a
 * folder must go blocks everything below it.
 */
import * as path from 'node:path';
import type { EntryKind } from './pathStat';

/** What `lstat` found at a host path: nothing, a real folder, a link, a file or something else. */
export type HostKind = 'missing' | 'directory' | 'symlink' | 'file' | 'other';

export type Landing =
  | { action: 'create' }
  /** A folder that exists: its entries are merged, nothing in it is removed. */
  | { action: 'merge' }
  /** A file or link that exists and would be replaced (only when the person agreed). */
  | { action: 'replace' }
  | { action: 'blocked'; reason: string };

export function landingFor(entry: EntryKind, host: HostKind, hostPath: string): Landing {
  if (entry === 'other') return { action: 'blocked', reason: 'a device, pipe or socket in the container is not copied' };
  if (host === 'missing') return { action: 'create' };
  if (entry === 'directory') {
    if (host === 'directory') return { action: 'merge' };
    if (host === 'symlink') return { action: 'blocked', reason: `${hostPath} is a link here; it is not followed` };
    return { action: 'blocked', reason: `${hostPath} is a file here, where the folder would go` };
  }
  if (host === 'directory')
    return { action: 'blocked', reason: `${hostPath} is a folder here, where the ${entry === 'symlink' ? 'link' : 'file'} would go` };
  if (host === 'other') return { action: 'blocked', reason: `${hostPath} is a device, pipe or socket here` };
  return { action: 'replace' };
}

/**
 * A tar entry's name as a relative path with only plain parts, or undefined when it would
 * leave the folder it is unpacked in (absolute, `..`, empty parts after normalizing).
 */
export function safeRelativeName(tarName: string, platform: NodeJS.Platform = process.platform): string | undefined {
  const parts = tarName.split('/').filter((p) => p !== '' && p !== '.');
  if (tarName.startsWith('/') || parts.some((p) => p === '..' || p.includes('\0'))) return undefined;
  // On Windows these would be a drive, a separator or a name the file system refuses.
  if (platform === 'win32' && parts.some((p) => /[\\:*?"<>|]/.test(p))) return undefined;
  return parts.join('/');
}

/** The host path of a relative entry name under `base`, in the host's own separators. */
export function hostPathOf(base: string, relative: string): string {
  return relative === '' ? base : path.join(base, ...relative.split('/'));
}

/** The folder's name on this machine for a container path: its last part, `root` for `/`. */
export function hostNameFor(containerPath: string): string {
  const name = containerPath.replace(/\/+$/, '').split('/').pop();
  return name ? name : 'root';
}
