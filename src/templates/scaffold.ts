/**
 * Writing a template into a folder, without ever overwriting silently.
 *
 * `planScaffold` says which files would be written and which already exist; the caller
 * asks the person what to do with the clashes; `applyScaffold` writes according to that
 * answer. The decision logic is pure and unit-tested; only applyScaffold touches disk.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Template } from './catalog';

export interface ScaffoldFile {
  source: string;
  target: string;
  /** Path relative to the target folder, for messages. */
  relative: string;
  exists: boolean;
  /** True when the existing file already has exactly the template's content. */
  identical: boolean;
}

export interface ScaffoldPlan {
  template: Template;
  targetDir: string;
  files: ScaffoldFile[];
}

/** What to do with files that exist already. */
export type ClashResolution = 'overwrite' | 'keep';

export interface FileProbe {
  exists(p: string): boolean;
  read(p: string): Buffer;
}

const diskProbe: FileProbe = {
  exists: (p) => fs.existsSync(p),
  read: (p) => fs.readFileSync(p),
};

export function planScaffold(template: Template, targetDir: string, probe: FileProbe = diskProbe): ScaffoldPlan {
  const files = template.files.map((relative) => {
    const source = path.join(template.folder, relative);
    const target = path.join(targetDir, relative);
    const exists = probe.exists(target);
    const identical = exists && probe.read(target).equals(probe.read(source));
    return { source, target, relative, exists, identical };
  });
  return { template, targetDir, files };
}

/** Files that exist with other content: the ones the person must decide about. */
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

export function applyScaffold(plan: ScaffoldPlan, resolution: ClashResolution): ScaffoldResult {
  const write = filesToWrite(plan, resolution);
  for (const file of write) {
    fs.mkdirSync(path.dirname(file.target), { recursive: true });
    fs.copyFileSync(file.source, file.target);
    // Scripts keep their executable bit.
    fs.chmodSync(file.target, fs.statSync(file.source).mode & 0o777);
  }
  const written = new Set(write.map((f) => f.relative));
  return {
    written: [...written],
    kept: plan.files.filter((f) => f.exists && !f.identical && !written.has(f.relative)).map((f) => f.relative),
    dockerfile: path.join(plan.targetDir, plan.template.dockerfile),
  };
}
