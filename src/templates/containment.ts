/**
 * Does a path we are about to write stay inside a folder, once every symbolic link on the
 * way is followed? A folder of a repository can be a link to anywhere (`app -> ~/.ssh`),
 * so the lexical path says nothing: only the real path of what exists does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The few file system calls the checks need, so that tests can see what they touch. */
export interface PathProbe {
  /** lstat (the last part is not followed); undefined when nothing is there. */
  lstat(p: string): fs.Stats | undefined;
  realpath(p: string): string;
  readlink(p: string): string;
}

export const diskPathProbe: PathProbe = {
  lstat: (p) => {
    try {
      return fs.lstatSync(p);
    } catch (err) {
      // ENOTDIR: a file stands where a folder on the way should be; writing will say so.
      if (['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) return undefined;
      throw err;
    }
  },
  realpath: (p) => fs.realpathSync(p),
  readlink: (p) => fs.readlinkSync(p),
};

/** True when `candidate` is `root` or below it (both already absolute and real). */
export function isWithin(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}

/**
 * The real path `p` has or will have: its deepest part that exists, resolved with realpath,
 * and the missing rest appended (we create that rest as plain folders).
 */
export function realPathOf(p: string, probe: PathProbe = diskPathProbe): string {
  const missing: string[] = [];
  let existing = path.resolve(p);
  while (!probe.lstat(existing)) {
    const parent = path.dirname(existing);
    if (parent === existing) break;
    missing.unshift(path.basename(existing));
    existing = parent;
  }
  return path.join(probe.realpath(existing), ...missing);
}

/**
 * Why writing `relative` under `root` would leave `root`, or undefined when it stays
 * inside. Only the folders on the way are followed: the file itself, when it is a link,
 * is replaced and never written through, so it is the caller's clash, not a way out.
 */
export function escapeReason(root: string, relative: string, probe: PathProbe = diskPathProbe): string | undefined {
  let realRoot: string;
  try {
    realRoot = realPathOf(root, probe);
  } catch (err) {
    return `${root} cannot be resolved (${(err as Error).message})`;
  }
  const folders = path.dirname(relative).split(/[\\/]/).filter((part) => part !== '.' && part !== '');
  let lexical = root;
  for (const part of folders) {
    lexical = path.join(lexical, part);
    const stat = probe.lstat(lexical);
    if (!stat) break;
    if (!stat.isSymbolicLink()) continue;
    const shown = path.relative(root, lexical);
    let real: string;
    try {
      real = probe.realpath(lexical);
    } catch {
      return `the folder ${shown} is a link to ${probe.readlink(lexical)}, which does not exist`;
    }
    if (!isWithin(realRoot, real)) {
      return `the folder ${shown} is a link to ${real}, outside ${root}`;
    }
  }
  // Belt and braces: whatever the walk saw, the real folder the file lands in must be inside.
  let realParent: string;
  try {
    realParent = realPathOf(path.join(root, path.dirname(relative)), probe);
  } catch (err) {
    return `its folder cannot be resolved (${(err as Error).message})`;
  }
  return isWithin(realRoot, realParent) ? undefined : `it would land in ${realParent}, outside ${root}`;
}

/**
 * Where `chosen` really is, when a link takes it out of `root` (the workspace folder):
 * undefined while it stays inside.
 */
export function linkLeadsOutside(root: string, chosen: string, probe: PathProbe = diskPathProbe): string | undefined {
  try {
    const real = realPathOf(chosen, probe);
    return isWithin(realPathOf(root, probe), real) ? undefined : real;
  } catch (err) {
    return `a place that cannot be resolved (${(err as Error).message})`;
  }
}
