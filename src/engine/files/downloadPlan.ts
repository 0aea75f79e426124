/**
 * What a download of a container's file or folder into a host folder would do, before it
 * is done: what is new, which files would be replaced (so the person can be asked), which
 * folders are merged into, and what cannot be written (a link or a file in the way).
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { ContainerFiles } from './containerFiles';
import { pathNotFound } from './filesErrors';
import { type HostKind, hostNameFor, hostPathOf, landingFor } from './hostTargets';
import { type ContainerEntry, normalizeContainerPath } from './pathStat';

export interface BlockedEntry {
  hostPath: string;
  reason: string;
}

export interface DownloadPlan {
  /** The container path downloaded. */
  source: string;
  /** Where it lands: `<host folder>/<its name>`. */
  target: string;
  entries: number;
  /** The sum of the files' sizes. */
  bytes: number;
  /** Host paths written where nothing is yet. */
  creates: number;
  /** Host files and links that exist and would be replaced: ask before. */
  replaces: string[];
  /** Host folders that exist: their other contents stay. */
  merges: string[];
  blocked: BlockedEntry[];
}

/** What `lstat` finds at a host path; links are reported as links, never followed. */
export async function hostKindOf(hostPath: string): Promise<HostKind> {
  try {
    const st = await fs.lstat(hostPath);
    if (st.isSymbolicLink()) return 'symlink';
    if (st.isDirectory()) return 'directory';
    if (st.isFile()) return 'file';
    return 'other';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
}

/** The download's entries: the path itself, then everything below it when it is a folder. */
export async function downloadEntries(files: ContainerFiles, containerPath: string, signal?: AbortSignal): Promise<ContainerEntry[]> {
  const source = normalizeContainerPath(containerPath);
  const top = await files.stat(source, signal);
  if (!top) throw pathNotFound(source);
  return top.kind === 'directory' ? [top, ...(await files.subtree(source, signal))] : [top];
}

/** `hostName`: the name it gets in the host folder; by default the container path's last part. */
export async function planDownload(
  files: ContainerFiles,
  containerPath: string,
  hostDir: string,
  signal?: AbortSignal,
  hostName?: string,
): Promise<DownloadPlan> {
  const source = normalizeContainerPath(containerPath);
  const entries = await downloadEntries(files, source, signal);
  const target = path.join(await fs.realpath(hostDir), hostName ?? hostNameFor(source));
  const plan: DownloadPlan = { source, target, entries: entries.length, bytes: 0, creates: 0, replaces: [], merges: [], blocked: [] };
  // Entries come parents first: below a new folder everything is new, below a blocked one everything is blocked.
  const folderState = new Map<string, 'new' | 'blocked'>();
  for (const entry of entries) {
    if (entry.kind === 'file') plan.bytes += entry.size;
    const relative = entry.path === source ? '' : entry.path.slice(source === '/' ? 1 : source.length + 1);
    const hostPath = hostPathOf(target, relative);
    const parentState = relative === '' ? undefined : folderState.get(path.dirname(hostPath));
    if (parentState === 'blocked') {
      plan.blocked.push({ hostPath, reason: `inside ${path.dirname(hostPath)}, which cannot be written` });
      if (entry.kind === 'directory') folderState.set(hostPath, 'blocked');
      continue;
    }
    const landing = landingFor(entry.kind, parentState === 'new' ? 'missing' : await hostKindOf(hostPath), hostPath);
    if (landing.action === 'create') plan.creates++;
    else if (landing.action === 'merge') plan.merges.push(hostPath);
    else if (landing.action === 'replace') plan.replaces.push(hostPath);
    else plan.blocked.push({ hostPath, reason: landing.reason });
    if (entry.kind === 'directory' && landing.action === 'create') folderState.set(hostPath, 'new');
    if (entry.kind === 'directory' && landing.action === 'blocked') folderState.set(hostPath, 'blocked');
  }
  return plan;
}
