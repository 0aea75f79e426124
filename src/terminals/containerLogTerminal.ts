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

  constructor(
    private readonly engine: () => ContainerEngine,
    private readonly events: EngineEventHub,
    private readonly containerId: string,
    private readonly label: string,
  ) {}

  open(): void {
    void this.follow();
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
    this.writeEmitter.fire(`${dim}${toTerminalText(text)}${reset}\r\n`);
  }

  private async follow(): Promise<void> {
    const signal = this.controller.signal;
    let since: number | undefined;
    this.note(`Following the logs of ${this.label}. Ctrl+C or closing this terminal stops following; the container keeps running.`);
    try {
      for (;;) {
        // Listen before looking, so a start in between is not missed.
        const started = this.nextStart(signal);
        await this.engine().logs(
          this.containerId,
          { follow: true, since },
          (text, stream) => this.writeEmitter.fire(stream === 'stderr' ? `${red}${toTerminalText(text)}${reset}` : toTerminalText(text)),
          signal,
        );
        const details = await this.engine().inspectContainer(this.containerId, signal);
        if (!details) {
          started.cancel();
          this.note(`\n[${this.label} was removed]`);
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
  const terminal = vscode.window.createTerminal({
    name: `Logs: ${label}`,
    pty: new ContainerLogPty(engine, events, containerId, label),
    iconPath: new vscode.ThemeIcon('output'),
  });
  if (show) terminal.show(true);
  return terminal;
}
