/**
 * A container's logs, live, in a terminal. stdout and stderr arrive demultiplexed (stderr
 * in red) when the container has no TTY. When the container stops, the terminal says so
 * and waits (a remote copy run's ends there, and its flow says the rest); when it starts again (restart, Start from the sidebar, or the engine coming
 * back and restarting it) it goes on with the new output (logFollower.ts). Closing the
 * terminal stops following.
 */
import * as vscode from 'vscode';
import type { ContainerEngine } from '../engine/engine';
import type { EngineEventHub } from '../engine/eventHub';
import { switchedAwayNote } from '../engine/engineSwitch';
import { ContainerLogFollower } from './logFollower';
import { DIM, RED, RESET, toTerminalText } from './terminalText';

export interface LogTerminalOptions {
  /** Aborts when the window switches to another engine: this container is on the old one. */
  lifetime?: AbortSignal;
  /** At exit, say this and stop following instead of waiting for a start (logFollower.ts). */
  endAtExit?: (exitCode: number) => string;
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
  /** Resolves once it stopped following (the container exited for good, went, or the terminal closed). */
  readonly followed: Promise<void>;
  private readonly lifetime: AbortSignal | undefined;
  private readonly endAtExit: ((exitCode: number) => string) | undefined;

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
    options: LogTerminalOptions = {},
  ) {
    this.lifetime = options.lifetime;
    this.endAtExit = options.endAtExit;
    let markReady!: () => void;
    this.ready = new Promise((resolve) => (markReady = resolve));
    this.followed = this.follow(mode, markReady);
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

  /** A line of ours (dimmed), not the container's: also what a flow that takes over the run's end says. */
  note(text: string): void {
    this.write(`${DIM}${toTerminalText(text)}${RESET}\r\n`);
  }

  private async follow(mode: 'attach' | 'follow', markReady: () => void): Promise<void> {
    const sink = (text: string, stream: string) =>
      this.write(stream === 'stderr' ? `${RED}${toTerminalText(text)}${RESET}` : toTerminalText(text));
    this.note(`Output of ${this.label}. Ctrl+C or closing this terminal stops following; the container keeps running.`);
    const follower = new ContainerLogFollower(
      this.engine,
      this.events,
      this.containerId,
      this.label,
      { output: sink, note: (text) => this.note(text) },
      { endAtExit: this.endAtExit },
    );
    const lifetime = this.lifetime;
    const signal = lifetime ? AbortSignal.any([this.controller.signal, lifetime]) : this.controller.signal;
    await follower.run(mode, markReady, signal);
    if (lifetime?.aborted && !this.controller.signal.aborted)
      this.note(`\n${switchedAwayNote(lifetime.reason, `Following ${this.label}`)}`);
  }

  dispose(): void {
    this.controller.abort();
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }
}

export function openLogTerminal(
  engine: () => ContainerEngine,
  events: EngineEventHub,
  containerId: string,
  label: string,
  show = true,
  lifetime?: AbortSignal,
): vscode.Terminal {
  return createLogTerminal(new ContainerLogPty(engine, events, containerId, label, 'follow', { lifetime }), label, show);
}

/**
 * For a container that is created but not started: attach first, then the caller starts it.
 * The pty comes back too, for a caller that says more after the run (a copy run's steps).
 */
export async function openAttachedTerminal(
  engine: () => ContainerEngine,
  events: EngineEventHub,
  containerId: string,
  label: string,
  options: LogTerminalOptions = {},
): Promise<{ terminal: vscode.Terminal; log: ContainerLogPty }> {
  const pty = new ContainerLogPty(engine, events, containerId, label, 'attach', options);
  const terminal = createLogTerminal(pty, label, true);
  await pty.ready;
  return { terminal, log: pty };
}

function createLogTerminal(pty: ContainerLogPty, label: string, show: boolean): vscode.Terminal {
  const terminal = vscode.window.createTerminal({ name: `Logs: ${label}`, pty, iconPath: new vscode.ThemeIcon('output') });
  if (show) terminal.show(true);
  return terminal;
}
