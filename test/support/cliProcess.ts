/**
 * The headless CLI, built (dist/cli.js), run as a child process with pipes (no TTY), as a
 * script, a CI job or a VS Code task would run it: what the CLI tests share.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './realEngine';

export const CLI_PATH = path.join(repoRoot, 'dist', 'cli.js');

export interface CliExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Acts on one stderr line as it arrives; `kill` signals the CLI (e.g. SIGINT once work has started). */
export type StderrLineHandler = (line: string, kill: (signal: NodeJS.Signals) => void) => void;

/** Runs the CLI in `cwd` with this process's environment; resolves once it has exited and its pipes are closed. */
export function runCli(args: string[], cwd: string, onStderrLine?: StderrLineHandler): Promise<CliExit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { cwd, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      pending += d;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        onStderrLine?.(line, (s) => child.kill(s));
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
