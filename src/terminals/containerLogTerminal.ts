/**
 * A container's logs, live, in a terminal. stdout and stderr arrive demultiplexed (stderr
 * in red) when the container has no TTY. When the container stops, the terminal says so
 * and waits; when it starts again (restart, or Start from the sidebar) it goes on with the
 * new output. Closing the terminal stops following.
 */
import * as vscode from 'vscode';
import type { ContainerEngine, EngineEvent } from '../engine/engine';
import type { EngineEventHub } from '../engine/eventHub';
import { CancelledError } from '../engine/errors';

const red = '\x1b[31m';
const dim = '\x1b[2m';
const reset = '\x1b[0m';

/** Terminals want \r\n; container output has \n. */
export function toTerminalText(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

export class ContainerLogPty implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private readonly controller = new AbortController();
  /** Output that arrived before VS Code opened the terminal. */
  private pending: string[] | undefined = [];
  /** Resolves once the output stream is open (in attach mode: before the container starts). */
  readonly ready: Promise<void>;

  /**
   * `attach`: for a container created but not started yet; replays everything it prints,
   * even when it removes itself on exit. `follow`: for a container that exists already.
   * Following starts at once, not when the terminal opens, so nothing is missed.
   */
  constructor(
    private readonly engine: () => ContainerEngine,
    private readonly events: EngineEventHub,
    private readonly containerId: string,
    private readonly label: string,
    mode: 'attach' | 'follow' = 'follow',
  ) {
    let markReady!: () => void;
    this.ready = new Promise((resolve) => (markReady = resolve));
    void this.follow(mode, markReady);
  }

  open(): void {
    const pending = this.pending ?? [];
    this.pending = undefined;
    for (const text of pending) this.writeEmitter.fire(text);
  }

  private write(text: string): void {
    if (this.pending) this.pending.push(text);
    else this.writeEmitter.fire(text);
  }

  close(): void {
    this.controller.abort();
  }

  handleInput(data: string): void {
    // Ctrl+C closes the log view; the container keeps running.
    if (data === '\x03') {
      this.controller.abort();
      this.closeEmitter.fire();
    }
  }

  private note(text: string): void {
    this.write(`${dim}${toTerminalText(text)}${reset}\r\n`);
  }

  private async follow(mode: 'attach' | 'follow', markReady: () => void): Promise<void> {
    const signal = this.controller.signal;
    let since: number | undefined;
    const sink = (text: string, stream: string) => this.write(stream === 'stderr' ? `${red}${toTerminalText(text)}${reset}` : toTerminalText(text));
    this.note(`Output of ${this.label}. Ctrl+C or closing this terminal stops following; the container keeps running.`);
    try {
      let first = mode === 'attach';
      for (;;) {
        // Listen before looking, so a start in between is not missed.
        const started = this.nextStart(signal);
        if (first) {
          first = false;
          await this.engine().attach(this.containerId, sink, markReady, signal);
        } else {
          markReady();
          await this.engine().logs(this.containerId, { follow: true, since }, sink, signal);
        }
        const details = await this.engine().inspectContainer(this.containerId, signal);
        if (!details || details.autoRemove || details.state === 'removing') {
          started.cancel();
          this.note(`\n[${this.label} exited${details ? ` with code ${details.exitCode}` : ''} and was removed]`);
          return;
        }
        if (!details.running) {
          this.note(`\n[${this.label} exited with code ${details.exitCode}; waiting for it to start again]`);
          await started.promise;
        } else {
          started.cancel();
        }
        const again = await this.engine().inspectContainer(this.containerId, signal);
        since = again?.startedAt ? Math.floor(again.startedAt.getTime() / 1000) : Math.floor(Date.now() / 1000);
        this.note(`[${this.label} started again]`);
      }
    } catch (err) {
      markReady();
      if (err instanceof CancelledError || signal.aborted) {
        return;
      }
      this.note(`\n[stopped following: ${(err as Error).message}]`);
    }
  }

  /** Resolves at the container's next start event. */
  private nextStart(signal: AbortSignal): { promise: Promise<void>; cancel(): void } {
    let subscription: { dispose(): void } | undefined;
    const promise = new Promise<void>((resolve, reject) => {
      const onEvent = (event: EngineEvent) => {
        if (event.type === 'container' && event.id === this.containerId && event.action === 'start') {
          subscription?.dispose();
          resolve();
        }
      };
      subscription = this.events.subscribe(onEvent);
      signal.addEventListener('abort', () => {
        subscription?.dispose();
        reject(new CancelledError());
      }, { once: true });
    });
    promise.catch(() => undefined);
    return { promise, cancel: () => subscription?.dispose() };
  }

  dispose(): void {
    this.controller.abort();
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }
}

export function openLogTerminal(engine: () => ContainerEngine, events: EngineEventHub, containerId: string, label: string, show = true): vscode.Terminal {
  return createLogTerminal(new ContainerLogPty(engine, events, containerId, label, 'follow'), label, show);
}

/** For a container that is created but not started: attach first, then the caller starts it. */
export async function openAttachedTerminal(engine: () => ContainerEngine, events: EngineEventHub, containerId: string, label: string): Promise<vscode.Terminal> {
  const pty = new ContainerLogPty(engine, events, containerId, label, 'attach');
  const terminal = createLogTerminal(pty, label, true);
  await pty.ready;
  return terminal;
}

function createLogTerminal(pty: ContainerLogPty, label: string, show: boolean): vscode.Terminal {
  const terminal = vscode.window.createTerminal({ name: `Logs: ${label}`, pty, iconPath: new vscode.ThemeIcon('output') });
  if (show) terminal.show(true);
  return terminal;
}
