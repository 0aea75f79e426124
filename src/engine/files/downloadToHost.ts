/**
 * Downloads a container's file or folder into a host folder. The tar is unpacked into a
 * staging folder inside the host folder first (same file system, so the moves below are
 * renames); only once it is complete is it moved into place. A cancel or a failure
 * therefore leaves the host folder as it was. Existing files are replaced only when the
 * caller says so (after showing `planDownload`'s list); existing folders are merged into;
 * links on this machine are never followed, and a link or file where a folder must go
 * blocks that part.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { EngineApi } from '../api/engineApi';
import { CancelledError, isCancellation } from '../errors';
import { containerExists, openArchive, statPath } from './archiveClient';
import { type BlockedEntry, hostKindOf } from './downloadPlan';
import { containerGone, cutShort, pathNotFound } from './filesErrors';
import { hostNameFor, landingFor, safeRelativeName } from './hostTargets';
import { type EntryKind, normalizeContainerPath } from './pathStat';
import { unpackToStaging } from './tarToStaging';

export interface DownloadOptions {
  /** Replace existing files and links (the person agreed); otherwise they are kept and listed. */
  replace: boolean;
  /** Its name in the host folder; by default the container path's last part (as in the plan). */
  hostName?: string;
  onProgress?: (bytes: number) => void;
}

export interface DownloadResult {
  target: string;
  /** Files read from the container (kept or blocked ones included). */
  files: number;
  bytes: number;
  replaced: string[];
  /** Existing files kept because replacing was not agreed. */
  kept: string[];
  /** What could not be written, and why (in the way on this machine, or not copyable). */
  blocked: BlockedEntry[];
}

export const STAGING_PREFIX = '.container-workflows-download-';

export async function downloadToHost(
  api: EngineApi,
  containerId: string,
  containerPath: string,
  hostDir: string,
  options: DownloadOptions,
  signal?: AbortSignal,
): Promise<DownloadResult> {
  const source = normalizeContainerPath(containerPath);
  const name = options.hostName ?? hostNameFor(source);
  if (safeRelativeName(name) !== name || name === '' || name.includes('/'))
    throw new RangeError(`"${name}" cannot name a file or folder here.`);
  const stat = await statPath(api, containerId, source, signal);
  if (!stat) throw pathNotFound(source);
  // The folder the person chose, as it really is; below it nothing is followed.
  const base = await fs.realpath(hostDir);
  const target = path.join(base, name);
  const staging = await fs.mkdtemp(path.join(base, STAGING_PREFIX));
  try {
    const stagedTop = path.join(staging, 'entry');
    const isFolder = stat.kind === 'directory';
    const archive = await openArchive(api, containerId, source, { contentsOnly: isFolder }, signal);
    const unpacked = await unpackToStaging(
      archive.body,
      stagedTop,
      { stripParts: isFolder ? 0 : 1, onProgress: options.onProgress },
      signal,
    ).catch(async (err: unknown) => {
      if (signal?.aborted || isCancellation(err)) throw new CancelledError();
      if ((err as NodeJS.ErrnoException).path !== undefined) throw err; // this machine's file system (full, no permission)
      throw (await containerExists(api, containerId).catch(() => true))
        ? cutShort(source, containerId)
        : containerGone(containerId, source);
    });
    if (signal?.aborted) throw new CancelledError();
    const result: DownloadResult = {
      target,
      files: unpacked.files,
      bytes: unpacked.bytes,
      replaced: [],
      kept: [],
      blocked: [...unpacked.refused],
    };
    if (await exists(stagedTop)) await moveIntoPlace(stagedTop, target, options.replace, result);
    return result;
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

async function exists(p: string): Promise<boolean> {
  return (await hostKindOf(p)) !== 'missing';
}

async function stagedKind(p: string): Promise<EntryKind> {
  const kind = await hostKindOf(p);
  return kind === 'missing' ? 'other' : kind;
}

/** Moves the staged entry to `target`: new paths by one rename, existing folders entry by entry. */
async function moveIntoPlace(staged: string, target: string, replace: boolean, result: DownloadResult): Promise<void> {
  const landing = landingFor(await stagedKind(staged), await hostKindOf(target), target);
  switch (landing.action) {
    case 'create':
      await fs.rename(staged, target);
      return;
    case 'merge':
      for (const name of await fs.readdir(staged)) {
        await moveIntoPlace(path.join(staged, name), path.join(target, name), replace, result);
      }
      return;
    case 'replace':
      if (!replace) {
        result.kept.push(target);
        return;
      }
      // A rename replaces a link itself, never what it points to.
      await fs.rename(staged, target);
      result.replaced.push(target);
      return;
    case 'blocked':
      result.blocked.push({ hostPath: target, reason: landing.reason });
      return;
  }
}
