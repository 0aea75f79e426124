/**
 * Writing a template into a folder, without ever overwriting silently and without ever
 * writing outside that folder.
 *
 * `planScaffold` says which files would be written and which already exist (a symbolic
 * link counts as existing, whatever it points to), and refuses when a file would land
 * outside the folder; the caller asks the person what to do with the clashes;
 * `applyScaffold` writes according to that answer. The decisions are pure and
 * unit-tested; only applyScaffold writes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Template, templateSources } from './catalog';
import { diskPathProbe, escapeReason, type PathProbe } from './containment';

export interface ScaffoldFile {
  source: string;
  target: string;
  /** Path relative to the target folder, for messages. */
  relative: string;
  /** Something is at the target path: a file, a link (dangling or not), a folder. */
  exists: boolean;
  /** True when what is there is a plain file with exactly the template's content. */
  identical: boolean;
  /** When the target is a symbolic link, where it points (it is never followed). */
  linkTo?: string;
}

export interface ScaffoldPlan {
  template: Template;
  targetDir: string;
  files: ScaffoldFile[];
}

/** What to do with files that exist already. */
export type ClashResolution = 'overwrite' | 'keep';

export interface FileProbe extends PathProbe {
  read(p: string): Buffer;
}

const diskProbe: FileProbe = { ...diskPathProbe, read: (p) => fs.readFileSync(p) };

/** A template file would be written outside the chosen folder: nothing is written. */
export class ScaffoldOutsideError extends Error {
  constructor(
    readonly relative: string,
    readonly targetDir: string,
    readonly reason: string,
  ) {
    super(`Nothing was written: ${relative} would not stay inside ${targetDir} (${reason}).`);
    this.name = 'ScaffoldOutsideError';
  }
}

/** Some files were written and some were not: both lists, and why each one failed. */
export class ScaffoldWriteError extends Error {
  constructor(
    readonly written: string[],
    readonly notWritten: { relative: string; reason: string }[],
    readonly kept: string[],
  ) {
    const failed = notWritten.map((f) => `${f.relative} (${f.reason})`).join('; ');
    super(`Wrote ${written.length ? written.join(', ') : 'no file'}; could not write ${failed}.`);
    this.name = 'ScaffoldWriteError';
  }
}

export function planScaffold(template: Template, targetDir: string, probe: FileProbe = diskProbe): ScaffoldPlan {
  const files = templateSources(template).map(({ relative, source }): ScaffoldFile => {
    const escape = escapeReason(targetDir, relative, probe);
    if (escape) {
      throw new ScaffoldOutsideError(relative, targetDir, escape);
    }
    const target = path.join(targetDir, relative);
    const stat = probe.lstat(target);
    if (stat?.isSymbolicLink()) {
      return { source, target, relative, exists: true, identical: false, linkTo: probe.readlink(target) };
    }
    const identical = !!stat?.isFile() && probe.read(target).equals(probe.read(source));
    return { source, target, relative, exists: !!stat, identical };
  });
  return { template, targetDir, files };
}

/** Files that exist with other content, links included: the ones the person must decide about. */
export function clashes(plan: ScaffoldPlan): ScaffoldFile[] {
  return plan.files.filter((f) => f.exists && !f.identical);
}

/** Which files to write for a resolution; identical files are never rewritten. */
export function filesToWrite(plan: ScaffoldPlan, resolution: ClashResolution): ScaffoldFile[] {
  return plan.files.filter((f) => !f.identical && (!f.exists || resolution === 'overwrite'));
}

export interface ScaffoldResult {
  written: string[];
  kept: string[];
  dockerfile: string;
}

/** Writes the plan; throws ScaffoldWriteError (both lists) when any file could not be written. */
export function applyScaffold(plan: ScaffoldPlan, resolution: ClashResolution): ScaffoldResult {
  const write = filesToWrite(plan, resolution);
  const written: string[] = [];
  const notWritten: { relative: string; reason: string }[] = [];
  for (const file of write) {
    const failure = writeOne(plan.targetDir, file);
    if (failure) notWritten.push({ relative: file.relative, reason: failure });
    else written.push(file.relative);
  }
  const toWrite = new Set(write.map((f) => f.relative));
  const kept = clashes(plan).filter((f) => !toWrite.has(f.relative)).map((f) => f.relative);
  if (notWritten.length > 0) {
    throw new ScaffoldWriteError(written, notWritten, kept);
  }
  return { written, kept, dockerfile: path.join(plan.targetDir, plan.template.dockerfile) };
}

const codeOf = (err: unknown) => (err as NodeJS.ErrnoException).code;

/** Writes one file, or says why not. */
function writeOne(targetDir: string, file: ScaffoldFile): string | undefined {
  // Again now: the folders may have changed while the person was deciding.
  const escape = escapeReason(targetDir, file.relative);
  if (escape) return escape;
  let content: Buffer;
  let mode: number;
  try {
    content = fs.readFileSync(file.source);
    mode = fs.statSync(file.source).mode & 0o777; // scripts keep their executable bit
  } catch (err) {
    return `the template's copy cannot be read (${(err as Error).message})`;
  }
  try {
    fs.mkdirSync(path.dirname(file.target), { recursive: true });
  } catch (err) {
    const code = codeOf(err);
    return code === 'EEXIST' || code === 'ENOTDIR' ? `a file stands where its folder ${path.dirname(file.relative)} should be` : `its folder cannot be made (${(err as Error).message})`;
  }
  if (file.exists) {
    // Replace the entry itself: a link is removed, never written through, and a file with
    // other hard links leaves their content alone.
    try {
      fs.unlinkSync(file.target);
    } catch (err) {
      const code = codeOf(err);
      if (code === 'EISDIR' || code === 'EPERM') return 'a folder of that name is there';
      if (code !== 'ENOENT') return `it cannot be replaced (${(err as Error).message})`;
    }
  }
  let fd: number;
  try {
    // Exclusive: whatever appeared here since the plan (a file, a link) is not clobbered.
    fd = fs.openSync(file.target, 'wx', mode);
  } catch (err) {
    return codeOf(err) === 'EEXIST' ? 'it appeared while you were deciding, and was left as it is' : (err as Error).message;
  }
  try {
    fs.writeFileSync(fd, content);
    fs.fchmodSync(fd, mode); // open's mode is cut by the umask
    return undefined;
  } catch (err) {
    // Our own half-written file: no partial copy stays behind.
    fs.rmSync(file.target, { force: true });
    return `writing failed (${(err as Error).message})`;
  } finally {
    fs.closeSync(fd);
  }
}
