/**
 * The pure decisions of Run Image… on an engine that cannot see this machine's files
 * (engineLocality.ts says which): which host-folder rows get the offers "copy this folder
 * into a new named volume" (an input) and "copy the output back when the container exits"
 * (an output), and what a row with a copy mounts. A copied row keeps the local folder in
 * `hostPath` and the volume it travels through in `copy.volume`; the container mounts that
 * volume (`-v name:/path`), so the run, its history and its copied `docker run` line all say
 * what really runs. The work itself: runCopyWork.ts. No `vscode`.
 */
import * as path from 'node:path';
import type { FileAccess } from '../engine/engineLocality';
import type { RunConfig, VolumeChoice } from './runConfig';

export type CopyDirection = 'in' | 'back';

/** The offers a volume row gets: none on an engine that sees this machine's folders, nor for a named volume or an empty row. */
export function copyOffers(volume: VolumeChoice, access: FileAccess): CopyDirection[] {
  if (access === 'mount' || volume.kind === 'volume' || !volume.hostPath) return [];
  // A read-only folder is an input; a writable one may be read too, and is where output lands.
  return volume.readOnly ? ['in'] : ['in', 'back'];
}

/** A volume name for a copy of `folder`: `cw-copy-<folder's name>-<unique>`, within Docker's [a-zA-Z0-9][a-zA-Z0-9_.-]*. */
export function copyVolumeName(folder: string, unique: string): string {
  const base =
    path
      .basename(folder)
      .replace(/[^a-zA-Z0-9_.-]+/g, '-')
      .replace(/^[^a-zA-Z0-9]+/, '')
      .slice(0, 40)
      .replace(/[^a-zA-Z0-9]+$/, '') || 'folder';
  return `cw-copy-${base}-${unique}`;
}

/** The config with one direction of row `index`'s copy switched on or off (a copy); the volume name is kept while either direction is on. */
export function withCopy(config: RunConfig, index: number, direction: CopyDirection, on: boolean, unique: string): RunConfig {
  const next = structuredClone(config);
  const volume = next.volumes[index];
  if (!volume) return config;
  const copy = volume.copy ?? { volume: copyVolumeName(volume.hostPath, unique), in: false, back: false };
  copy[direction] = on;
  if (copy.in || copy.back) volume.copy = copy;
  else delete volume.copy;
  return next;
}

/** The same run with new volume names for its copies (a Run Again must not reuse, or clash with, the last run's volumes). */
export function withFreshCopyVolumes(config: RunConfig, unique: string): RunConfig {
  if (!config.volumes.some((v) => v.copy)) return config;
  const next = structuredClone(config);
  for (const v of next.volumes) if (v.copy) v.copy.volume = copyVolumeName(v.hostPath, unique);
  return next;
}

/** Copies switched off (the engine is local again, or the row became a named volume): the rows mount their paths. */
export function withoutCopies(config: RunConfig): RunConfig {
  if (!config.volumes.some((v) => v.copy)) return config;
  const next = structuredClone(config);
  for (const v of next.volumes) delete v.copy;
  return next;
}

/** What a row mounts: the copy's volume for a copied folder, else the row as it is. */
export function mountOf(volume: VolumeChoice): { hostPath: string; kind?: 'volume' } {
  if (volume.copy) return { hostPath: volume.copy.volume, kind: 'volume' };
  return volume.kind === 'volume' ? { hostPath: volume.hostPath, kind: 'volume' } : { hostPath: volume.hostPath };
}

export interface CopyPlan {
  /** Local folders whose contents go into a new volume before the run. */
  copiesIn: { folder: string; volume: string }[];
  /** Volumes whose contents come back into a local folder after the container exits. */
  copiesBack: { folder: string; volume: string; containerPath: string }[];
  /** Every volume made for this run (removed after it without asking). */
  volumes: string[];
}

export function copyPlan(config: RunConfig): CopyPlan {
  const plan: CopyPlan = { copiesIn: [], copiesBack: [], volumes: [] };
  for (const v of config.volumes) {
    if (!v.copy || !v.hostPath) continue;
    plan.volumes.push(v.copy.volume);
    if (v.copy.in) plan.copiesIn.push({ folder: v.hostPath, volume: v.copy.volume });
    if (v.copy.back) plan.copiesBack.push({ folder: v.hostPath, volume: v.copy.volume, containerPath: v.containerPath });
  }
  return plan;
}

/** Host folders to look for on the engine's machine: the rows that mount a path there (copied rows are paths here). */
export function foldersOnEngine(config: RunConfig): string[] {
  return config.volumes.filter((v) => v.kind !== 'volume' && !v.copy && v.hostPath).map((v) => v.hostPath);
}

/** What stops a run with copies: a folder to copy in that is not a folder here. An output folder may be missing: it is made when the output comes back. */
export function copyProblems(config: RunConfig, stat: (p: string) => 'folder' | 'file' | 'missing'): string[] {
  const problems: string[] = [];
  for (const v of config.volumes) {
    if (!v.copy?.in) continue;
    const state = stat(v.hostPath);
    if (state === 'missing') problems.push(`${v.hostPath} does not exist on this machine (it is copied from here)`);
    else if (state === 'file') problems.push(`${v.hostPath} is a file, not a folder (only folders are copied)`);
  }
  return problems;
}

/** The volume row's words for a copy: where the files are and how they travel. */
export function copyDescription(volume: VolumeChoice): string | undefined {
  const copy = volume.copy;
  if (!copy) return undefined;
  const ways = [copy.in ? 'copied in before the run' : undefined, copy.back ? 'copied back when it exits' : undefined].filter(Boolean);
  return `a folder on this machine, through the volume ${copy.volume}: ${ways.join(', ')}`;
}

/** A name in `taken` never used: `name (from the container).ext`, then `… 2`, for "Keep Both". */
export function keptBothName(fileName: string, exists: (name: string) => boolean): string {
  const ext = path.extname(fileName);
  const stem = fileName.slice(0, fileName.length - ext.length);
  for (let n = 1; ; n++) {
    const candidate = `${stem} (from the container${n > 1 ? ` ${n}` : ''})${ext}`;
    if (!exists(candidate)) return candidate;
  }
}

/** After an edit of a row: a copy keeps only the directions still offered (a named volume has none; a read-only folder is not copied back). */
export function settledCopies(config: RunConfig): RunConfig {
  if (!config.volumes.some((v) => v.copy)) return config;
  const next = structuredClone(config);
  for (const v of next.volumes) {
    if (!v.copy) continue;
    const offered = copyOffers(v, 'copy');
    v.copy.in &&= offered.includes('in');
    v.copy.back &&= offered.includes('back');
    if (!v.copy.in && !v.copy.back) delete v.copy;
  }
  return next;
}
