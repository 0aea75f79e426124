// What the test and bench runners share: running a step, building, and the engine they
// need (used as found, or started here and then stopped here, never anyone else's).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs a command in the repository; throws with its output when it fails. */
export function sh(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...options });
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed with ${result.status}${result.stdout ? `:\n${result.stdout}` : ''}`);
  }
  return result.stdout ?? '';
}

/** The bundles (esbuild) and the compiled tests and benches (tsc -> out/). */
export function buildAll() {
  sh('node', ['esbuild.js']);
  // From scratch: a test file deleted or renamed in the sources must not run on from an old build.
  fs.rmSync(path.join(root, 'out'), { recursive: true, force: true });
  sh(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.test.json']);
}

function engineMark() {
  const cache =
    process.env.CW_CACHE ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(process.env.HOME ?? '/root', '.cache'), 'container-workflows');
  return path.join(cache, 'engine', 'started-by-rig');
}

/**
 * Makes sure an engine answers (scripts/engine.sh up) and the base images exist; sets
 * DOCKER_HOST. Returns a function that stops the engine only if this call started it.
 */
export function engineUp() {
  const before = fs.existsSync(engineMark());
  const up = sh('bash', ['scripts/engine.sh', 'up']);
  const host = /DOCKER_HOST=(\S+)/.exec(up)?.[1];
  if (!host) throw new Error('scripts/engine.sh up did not name an engine');
  process.env.DOCKER_HOST = host;
  const startedHere = !before && fs.existsSync(engineMark());
  sh('bash', ['scripts/engine.sh', 'images'], { stdio: ['ignore', 'inherit', 'inherit'] });
  return () => {
    if (startedHere) spawnSync('bash', ['scripts/engine.sh', 'down'], { cwd: root, stdio: 'inherit' });
  };
}
