/** Folders and leftovers for the tests that convert (the workflow and the CLI). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ContainerEngine } from '../../src/engine/engine';
import { PURPOSE_LABEL } from '../../src/engine/engine';
import { CONVERT_PURPOSE } from '../../src/workflows/convertFolder';
import { fixturesDir } from './realEngine';

/** A folder `<root>/<label>/<name>`: its parent is the output folder, with nothing else in it. */
export function folderIn(root: string, label: string, name: string): string {
  const dir = path.join(root, label, name);
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  fs.chmodSync(path.dirname(dir), 0o755);
  return dir;
}

/** A copy of the fixture frames (the first `count`, or all) in `<root>/<label>/<name>`. */
export function copyFixtures(root: string, label: string, name = 'mba', count?: number): string {
  const dir = folderIn(root, label, name);
  const files = fs.readdirSync(fixturesDir).sort();
  for (const f of count === undefined ? files : files.slice(0, count)) {
    fs.copyFileSync(path.join(fixturesDir, f), path.join(dir, f));
  }
  return dir;
}

/** Convert containers that mount a folder under `root` (so another run's conversions never count). */
export async function convertContainersUnder(engine: ContainerEngine, root: string): Promise<string[]> {
  const all = await engine.listContainers({ all: true, label: `${PURPOSE_LABEL}=${CONVERT_PURPOSE}` });
  const mine: string[] = [];
  for (const c of all) {
    const raw = (await engine.inspectRaw('container', c.id).catch(() => undefined)) as { Mounts?: { Source?: string }[] } | undefined;
    if (!raw || raw.Mounts?.some((m) => m.Source?.startsWith(root))) mine.push(`${c.name} (${c.state})`);
  }
  return mine;
}
