/**
 * node:child_process, loaded when a process is first started rather than with the extension:
 * in a fresh Node it is ~2 ms of the bundle's module load (bench/bundle.bench.ts), and most
 * windows never run a compose CLI. (VS Code's extension host may have loaded it already;
 * then this costs nothing either way.)
 */
import type * as ChildProcess from 'node:child_process';

export function childProcess(): typeof ChildProcess {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load needs require
  return require('node:child_process') as typeof ChildProcess;
}
