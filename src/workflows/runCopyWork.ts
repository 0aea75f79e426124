/**
 * The work of a run with copies on an engine that cannot see this machine's files
 * (the decisions: runCopies.ts): make the run's volumes and copy the input folders into
 * them, and after the container exits bring the output back into its local folder, asking
 * before a file there is replaced, then remove what was made for the run. No `vscode`:
 * the questions come in as functions.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ContainerEngine, RunRequest } from '../engine/engine';
import { OWNER_LABEL, OWNER_VALUE, PURPOSE_LABEL } from '../engine/engine';
import { createVolume, removeVolumes } from '../engine/volumes/volumes';
import { type CopyPlan, keptBothName } from './runCopies';
import { type RunConfig, toRunRequest } from './runConfig';
import { copyFolderIntoVolume, copyVolumeOut } from './volumeCopy';

export const RUN_COPY_PURPOSE = 'run-copy';

/**
 * What the engine is asked to run: the config's request, except that a run with copies is
 * never `--rm` on the engine: its volumes can only go once the container has, and the output
 * is copied first. The container is removed here after that, as --rm would.
 */
export function runRequestWithCopies(config: RunConfig, plan: CopyPlan): RunRequest {
  const request = toRunRequest(config);
  return plan.volumes.length ? { ...request, autoRemove: false } : request;
}

export interface CopyInProgress {
  folder: string;
  sent: number;
  total: number;
}

/**
 * Makes every volume of the plan (labelled as ours) and copies each input folder into its
 * volume through a helper container of the run's image. A failure or cancel removes every
 * volume made here before it is passed on: nothing stays on the engine.
 */
export async function copyInForRun(
  engine: ContainerEngine,
  image: string,
  plan: CopyPlan,
  onProgress: (progress: CopyInProgress) => void,
  signal?: AbortSignal,
): Promise<void> {
  const labels = { [OWNER_LABEL]: OWNER_VALUE, [PURPOSE_LABEL]: RUN_COPY_PURPOSE };
  try {
    for (const volume of plan.volumes) await createVolume(engine.api, { name: volume, labels }, signal);
    for (const { folder, volume } of plan.copiesIn) {
      await copyFolderIntoVolume(engine, { folder, volume, image }, (sent, total) => onProgress({ folder, sent, total }), signal);
    }
  } catch (err) {
    // Not with `signal`: after a cancel it is aborted, and the volumes must still go.
    await removeVolumes(engine.api, plan.volumes).catch(() => undefined);
    throw err;
  }
}

export type ReplaceAnswer = 'replace' | 'keep-both';

export interface PlacedOutput {
  files: number;
  /** Files that were the same here already (left as they are). */
  unchanged: number;
  replaced: string[];
  /** Files of the container written beside one of the same name here, as the name given. */
  keptBoth: string[];
  /** Entries of the volume not written (links, devices, names that leave the folder). */
  skipped: string[];
}

function filesUnder(dir: string, prefix = ''): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(prefix, entry.name);
    return entry.isDirectory() ? filesUnder(dir, relative) : [relative];
  });
}

function sameFile(a: string, b: string): boolean {
  const stat = fs.statSync(b, { throwIfNoEntry: false });
  if (!stat?.isFile() || stat.size !== fs.statSync(a).size) return false;
  return fs.readFileSync(a).equals(fs.readFileSync(b));
}

/**
 * Moves the files of `staging` (a sibling of `target`, so on its file system) into `target`.
 * A missing target is the staging folder renamed: all at once. Otherwise each file is
 * renamed into place (atomic per file: never half a file); when files here would change,
 * `ask` decides, once, whether they are replaced or the container's are kept beside them.
 * The staging folder is gone afterwards.
 */
export async function placeCopiedOutput(
  staging: string,
  target: string,
  ask: (changed: string[]) => Promise<ReplaceAnswer>,
  skipped: string[] = [],
): Promise<PlacedOutput> {
  const files = filesUnder(staging);
  const placed: PlacedOutput = { files: files.length, unchanged: 0, replaced: [], keptBoth: [], skipped };
  if (!fs.existsSync(target)) {
    fs.renameSync(staging, target);
    return placed;
  }
  try {
    const incoming = files.filter((f) => {
      if (!sameFile(path.join(staging, f), path.join(target, f))) return true;
      placed.unchanged++;
      return false;
    });
    const changed = incoming.filter((f) => fs.existsSync(path.join(target, f)));
    const answer = changed.length ? await ask(changed) : 'replace';
    for (const file of incoming) {
      const destination = path.join(target, file);
      fs.mkdirSync(path.dirname(destination), { recursive: true, mode: 0o755 });
      const clash = fs.existsSync(destination);
      // A folder here where a file comes back cannot be replaced by a rename: that one is kept beside it.
      if (clash && (answer === 'keep-both' || fs.statSync(destination).isDirectory())) {
        const name = keptBothName(path.basename(file), (n) => fs.existsSync(path.join(path.dirname(destination), n)));
        fs.renameSync(path.join(staging, file), path.join(path.dirname(destination), name));
        placed.keptBoth.push(path.join(path.dirname(file), name));
      } else {
        fs.renameSync(path.join(staging, file), destination);
        if (clash) placed.replaced.push(file);
      }
    }
    return placed;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Brings one output volume back into `folder` here: first into a new hidden sibling folder
 * (so a cancel or failure leaves `folder` as it was, and no partial file in it), then placed.
 */
export async function copyOutputBack(
  engine: ContainerEngine,
  request: { image: string; volume: string; folder: string },
  ask: (changed: string[]) => Promise<ReplaceAnswer>,
  signal?: AbortSignal,
): Promise<PlacedOutput> {
  const parent = path.dirname(request.folder);
  fs.mkdirSync(parent, { recursive: true });
  const staging = path.join(parent, `.${path.basename(request.folder)}.from-${request.volume}`);
  fs.rmSync(staging, { recursive: true, force: true });
  let copied;
  try {
    copied = await copyVolumeOut(engine, { volume: request.volume, image: request.image, targetDir: staging }, signal);
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  return placeCopiedOutput(staging, request.folder, ask, copied.skipped);
}

/** Removes the run's container (when asked) and the volumes made for it: what is refused is said by the result. */
export async function removeRunCopies(engine: ContainerEngine, containerId: string | undefined, plan: CopyPlan, signal?: AbortSignal) {
  if (containerId) await engine.remove(containerId, { force: true }, signal);
  return removeVolumes(engine.api, plan.volumes, signal);
}
