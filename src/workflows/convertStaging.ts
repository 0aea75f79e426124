/**
 * The converter's /output: a fresh folder of this run inside the output folder
 * (`<output dir>/.container-workflows-<host>-<pid>-<random>/`), so the container can write
 * nothing but its own files, never the rest of the folder. The finished video is renamed
 * from there into place on the host (same file system, so atomic); the folder is removed
 * whatever happens. A folder left by a run that was killed (its process is gone and no
 * running container uses it) is removed by the next conversion into the same folder.
 * No `vscode` here.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** On every convert container: the host path of its staging folder (so a sweep can tell it is in use). */
export const STAGING_LABEL = 'dev.container-workflows.staging';

const STAGING_PATTERN = /^\.container-workflows-([0-9a-f]{6})-(\d+)-([0-9a-f]{8})$/;

/** Six hex digits naming this machine, so a folder on a shared disk is only judged by the machine that made it. */
export function hostTag(hostname: string = os.hostname()): string {
  return crypto.createHash('sha256').update(hostname).digest('hex').slice(0, 6);
}

export function stagingName(
  pid: number = process.pid,
  random: string = crypto.randomBytes(4).toString('hex'),
  host: string = hostTag(),
): string {
  return `.container-workflows-${host}-${pid}-${random}`;
}

/** The host and process a staging folder's name records, or undefined for any other name. */
export function parseStagingName(name: string): { host: string; pid: number } | undefined {
  const match = STAGING_PATTERN.exec(name);
  return match ? { host: match[1], pid: Number(match[2]) } : undefined;
}

/** Is a process with this id running on this machine? (EPERM: it is, it is just not ours.) */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface FolderEntry {
  name: string;
  /** A real folder: a symbolic link, even to a folder, is never one of ours. */
  isDirectory: boolean;
}

/**
 * The names of the staging folders among `entries` that no live conversion uses: ours by
 * name, made on this machine, by a process that is gone, and not the staging folder of a
 * running container. Anything else is left alone.
 */
export function staleStagingFolders(
  entries: FolderEntry[],
  inUse: ReadonlySet<string>,
  alive: (pid: number) => boolean = isProcessAlive,
  host: string = hostTag(),
): string[] {
  return entries
    .filter((e) => e.isDirectory && !inUse.has(e.name))
    .filter((e) => {
      const owner = parseStagingName(e.name);
      return owner !== undefined && owner.host === host && !alive(owner.pid);
    })
    .map((e) => e.name);
}

/**
 * Removes the stale staging folders in `outputDir`; `runningStagingPaths` are the folders
 * running convert containers mount. Returns the names removed. Never follows a link.
 */
export function removeStaleStaging(outputDir: string, runningStagingPaths: Iterable<string>): string[] {
  const inUse = new Set<string>();
  for (const p of runningStagingPaths) {
    if (path.dirname(p) === outputDir) inUse.add(path.basename(p));
  }
  let entries: FolderEntry[];
  try {
    entries = fs.readdirSync(outputDir, { withFileTypes: true }).map((d) => ({ name: d.name, isDirectory: d.isDirectory() }));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of staleStagingFolders(entries, inUse)) {
    try {
      fs.rmSync(path.join(outputDir, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Not ours to fight over (permissions, a busy file system): the next run tries again.
    }
  }
  return removed;
}

/** A new staging folder in `outputDir`, private to the person (the container runs as them). */
export function createStagingFolder(outputDir: string): string {
  const dir = path.join(outputDir, stagingName());
  fs.mkdirSync(dir, { mode: 0o700 });
  return dir;
}

export function removeStagingFolder(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** `a.mp4` -> `a-2.mp4`, `a-3.mp4`, … */
export function numberedName(file: string, n: number): string {
  const ext = path.extname(file);
  return `${file.slice(0, file.length - ext.length)}-${n}${ext}`;
}

const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/**
 * Moves the finished video into place, atomically: it appears whole or not at all. With
 * `overwrite` it replaces `output`; without, an `output` that appeared meanwhile (another
 * conversion into the same name) is kept and the video takes the next free name
 * (`name-2.mp4`). Returns where the video is.
 */
export function placeVideo(staged: string, output: string, overwrite: boolean): string {
  if (overwrite) {
    fs.renameSync(staged, output);
    return output;
  }
  for (let n = 1; n < 1000; n++) {
    const target = n === 1 ? output : numberedName(output, n);
    try {
      // A hard link is created only if the name is free: no window in which to clobber.
      fs.linkSync(staged, target);
      fs.unlinkSync(staged);
      return target;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (code === 'EEXIST') continue;
      if (!NO_HARD_LINKS.has(code)) throw err;
      // A file system without hard links: check, then rename (a tiny window, the best it allows).
      if (fs.existsSync(target)) continue;
      fs.renameSync(staged, target);
      return target;
    }
  }
  throw new Error(`${output} and 998 numbered names next to it exist already.`);
}
