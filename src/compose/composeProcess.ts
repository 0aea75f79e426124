/**
 * Runs a compose invocation as a child process: output as it comes (for an output channel
 * or a terminal), the exit code at the end, and a cancel that really stops it.
 *
 * The child gets a process group of its own, so cancelling reaches everything it started
 * (docker-compose 1.29 runs `docker build` and, for ssh:// engines, `ssh`): SIGINT first,
 * as Ctrl+C in a terminal would (compose stops cleanly), then SIGKILL for whatever is
 * still there once the CLI has exited or a grace period has passed.
 */
import { childProcess } from '../util/childProcess';
import { CancelledError } from '../engine/errors';
import type { ComposeInvocation } from './composeCommands';

export type ComposeStream = 'stdout' | 'stderr';

export interface ComposeRunOptions {
  signal?: AbortSignal;
  /** Each chunk of output as it arrives, decoded as UTF-8 (whole characters only). */
  onOutput?: (text: string, stream: ComposeStream) => void;
  /** How long the CLI may take to stop after SIGINT before the group is killed. */
  graceMs?: number;
}

export interface ComposeRunResult {
  /** The CLI's exit code; null when a signal ended it. */
  exitCode: number | null;
  /** The end of what it wrote (the last 64 KiB of each stream): enough to explain a failure. */
  stdout: string;
  stderr: string;
}

/** The compose CLI could not be started at all (not on PATH any more, not executable). */
export class ComposeSpawnError extends Error {
  constructor(
    readonly program: string,
    cause: NodeJS.ErrnoException,
  ) {
    super(cause.code === 'ENOENT' ? `${program} was not found on PATH.` : `${program} could not be started: ${cause.message}`, { cause });
    this.name = 'ComposeSpawnError';
  }
}

const KEEP_CHARS = 64 * 1024;
const DEFAULT_GRACE_MS = 10_000;

/**
 * Resolves with the exit code (a failing compose command resolves too: the caller reads
 * its stderr); rejects with CancelledError when the signal aborted it, ComposeSpawnError
 * when it never started.
 */
export function runCompose(invocation: ComposeInvocation, options: ComposeRunOptions = {}): Promise<ComposeRunResult> {
  const { signal, onOutput } = options;
  if (signal?.aborted) return Promise.reject(new CancelledError());
  const ownGroup = process.platform !== 'win32';
  return new Promise((resolve, reject) => {
    const child = childProcess().spawn(invocation.program, invocation.args, {
      cwd: invocation.cwd,
      env: invocation.env,
      detached: ownGroup,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const kept = { stdout: '', stderr: '' };
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream].setEncoding('utf8');
      child[stream].on('data', (text: string) => {
        kept[stream] = (kept[stream] + text).slice(-KEEP_CHARS);
        onOutput?.(text, stream);
      });
    }

    let cancelled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const signalGroup = (sig: NodeJS.Signals) => {
      try {
        if (ownGroup && child.pid !== undefined) process.kill(-child.pid, sig);
        else child.kill(sig);
      } catch {
        // Already gone.
      }
    };
    const onAbort = () => {
      cancelled = true;
      signalGroup('SIGINT');
      killTimer = setTimeout(() => signalGroup('SIGKILL'), options.graceMs ?? DEFAULT_GRACE_MS);
      killTimer.unref();
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    const finish = () => {
      signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
    };
    child.once('error', (err: NodeJS.ErrnoException) => {
      finish();
      reject(new ComposeSpawnError(invocation.program, err));
    });
    child.once('exit', () => {
      // What it started (a build, an ssh tunnel) may still hold the pipes open: it goes too.
      if (cancelled) signalGroup('SIGKILL');
    });
    // 'close': the process has exited and its output pipes are drained.
    child.once('close', (code) => {
      finish();
      if (cancelled) {
        reject(new CancelledError());
        return;
      }
      resolve({ exitCode: code, stdout: kept.stdout, stderr: kept.stderr });
    });
  });
}
