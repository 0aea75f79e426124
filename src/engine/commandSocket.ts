/**
 * A child process's stdin/stdout as a socket for Node's HTTP client: what `ssh … docker
 * system dial-stdio` gives is a byte pipe to the remote engine, and this makes it look
 * enough like a net.Socket (setTimeout, setKeepAlive, ref/unref) for an http.Agent to
 * pool it. Destroying the socket ends the child: SIGTERM, then SIGKILL if it lingers.
 *
 * A child that exits unsuccessfully before it sent a byte never connected: the socket
 * fails with the error `explain` makes of its stderr (host key refused, no such host, …),
 * not with Node's "socket hang up".
 */
import { Duplex, type Readable, type Writable } from 'node:stream';

/** ssh's stderr is short; a remote that floods it must not fill memory. */
const MAX_STDERR = 64 * 1024;
/** How long a child may take to end after SIGTERM before it gets SIGKILL. */
const KILL_GRACE_MS = 2_000;

export type ExplainExit = (stderr: string, exitCode: number | null, receivedBytes: number) => Error;

/** What the socket needs of a process: a ChildProcess has it, and so does an ssh2 channel with an adaptor. */
export interface PipedProcess {
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  kill(signal?: NodeJS.Signals): boolean;
  ref(): void;
  unref(): void;
  once(event: 'close', listener: (code: number | null) => void): unknown;
  once(event: 'error', listener: (err: Error) => void): unknown;
}

export class CommandSocket extends Duplex {
  /** What the child printed on stderr (the first 64 KiB). */
  stderr = '';
  private received = 0;
  private exitCode: number | null | undefined;
  private timeoutMs = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private killTimer: ReturnType<typeof setTimeout> | undefined;
  /** Resolves once the child has exited and its pipes are closed. */
  readonly childClosed: Promise<void>;

  constructor(
    readonly child: PipedProcess,
    private readonly explain: ExplainExit,
    explainSpawnFailure: (err: Error) => Error = (err) => err,
  ) {
    super({ allowHalfOpen: false });
    const { stdin, stdout, stderr } = child;
    if (!stdin || !stdout || !stderr) throw new Error('the child process needs piped stdin, stdout and stderr');
    stdout.on('data', (chunk: Buffer) => {
      this.received += chunk.length;
      this.touch();
      if (!this.push(chunk)) stdout.pause();
    });
    stderr.on('data', (chunk: Buffer) => {
      if (this.stderr.length < MAX_STDERR) this.stderr += chunk.toString('utf8');
    });
    // A child that is gone makes writes fail with EPIPE; its exit says what happened.
    stdin.on('error', () => undefined);
    this.childClosed = new Promise((resolve) => {
      child.once('close', (code: number | null) => {
        this.exitCode = code;
        clearTimeout(this.killTimer);
        this.onChildClosed(code);
        resolve();
      });
    });
    child.once('error', (err: Error) => {
      // spawn itself failed (ENOENT: no such program).
      if (!this.destroyed) this.destroy(explainSpawnFailure(err));
    });
  }

  /** Bytes received from the child so far. */
  get receivedBytes(): number {
    return this.received;
  }

  private onChildClosed(code: number | null): void {
    if (this.destroyed) return;
    if (code === 0) {
      // The far end closed the connection: an ordinary end.
      this.push(null);
      return;
    }
    this.destroy(this.explain(this.stderr, code, this.received));
  }

  override _read(): void {
    this.child.stdout?.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.touch();
    const stdin = this.child.stdin;
    if (!stdin || stdin.destroyed) {
      callback();
      return;
    }
    stdin.write(chunk, () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.child.stdin?.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    clearTimeout(this.timer);
    this.kill();
    callback(error);
  }

  /** Ends the child: its stdin closes, it gets SIGTERM, and SIGKILL if it is still there shortly after. */
  kill(): void {
    if (this.exitCode !== undefined) return;
    // Its end is waited for (close() awaits it), so it must hold the process until then.
    this.child.ref();
    this.child.stdin?.destroy();
    this.child.stdout?.destroy();
    this.child.kill('SIGTERM');
    if (!this.killTimer) {
      this.killTimer = setTimeout(() => {
        if (this.exitCode === undefined) this.child.kill('SIGKILL');
      }, KILL_GRACE_MS);
      this.killTimer.unref();
    }
  }

  /** net.Socket#setTimeout: 'timeout' after `ms` without traffic (0: never). */
  setTimeout(ms: number, onTimeout?: () => void): this {
    this.timeoutMs = ms;
    if (onTimeout) this.once('timeout', onTimeout);
    this.touch();
    return this;
  }

  private touch(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.timeoutMs > 0 && !this.destroyed) {
      this.timer = setTimeout(() => this.emit('timeout'), this.timeoutMs);
      this.timer.unref();
    }
  }

  setKeepAlive(): this {
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  /** A pooled, idle connection must not keep the process (the CLI) alive. */
  unref(): this {
    this.child.unref();
    for (const pipe of [this.child.stdin, this.child.stdout, this.child.stderr])
      (pipe as unknown as { unref?: () => void } | null)?.unref?.();
    return this;
  }

  ref(): this {
    this.child.ref();
    for (const pipe of [this.child.stdin, this.child.stdout, this.child.stderr]) (pipe as unknown as { ref?: () => void } | null)?.ref?.();
    return this;
  }
}
