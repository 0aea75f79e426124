/**
 * An interactive run in a VS Code terminal: `docker run --rm -it` through the engine's
 * attach API (engine/interactive). The terminal is the container's TTY: keystrokes go in
 * raw (Ctrl+D, Ctrl+C), its size follows the terminal's, the program's exit closes the
 * terminal, and closing the terminal ends the program and removes the container, so
 * nothing is left running. Keys typed before the container is up are kept and sent.
 */
import * as vscode from 'vscode';
import type { EngineApi } from '../engine/api/engineApi';
import { EngineUnavailableError, engineMessage } from '../engine/errors';
import type { InteractiveRequest } from '../engine/interactive/interactiveOptions';
import { type InteractiveSession, startInteractive } from '../engine/interactive/interactiveSession';
import type { InFlightWork } from '../util/inFlightWork';
import { DIM, RESET } from './terminalText';
import { TtyPseudoterminal } from './ttyPseudoterminal';

export interface InteractiveTerminalDeps {
  api: () => EngineApi;
  work: InFlightWork;
  onUnavailable?: (error: EngineUnavailableError) => void;
  /** Once the container exists (its id), for tests and the views. */
  onStarted?: (id: string) => void;
}

export class InteractiveRunPty extends TtyPseudoterminal {
  constructor(
    private readonly request: Omit<InteractiveRequest, 'columns' | 'rows'>,
    private readonly deps: InteractiveTerminalDeps,
  ) {
    super();
  }

  open(initialDimensions: vscode.TerminalDimensions | undefined): void {
    this.tty.open(initialDimensions);
    this.writeEmitter.fire(`${DIM}Starting ${this.request.run.image}…${RESET}\r\n`);
    // Tracked, so a window closed while the terminal is open still removes the container.
    void this.deps.work.track(this.controller, this.run());
  }

  private async run(): Promise<void> {
    const closed = this.controller.signal;
    // Its own signal for the start only: the session's wait and attach must outlive a close
    // (session.close() needs them to see the container go), so the terminal's signal never reaches them.
    const starting = new AbortController();
    const stopStarting = () => starting.abort();
    closed.addEventListener('abort', stopStarting, { once: true });
    let session: InteractiveSession;
    try {
      session = await startInteractive(
        this.deps.api(),
        { ...this.request, columns: this.tty.size?.columns, rows: this.tty.size?.rows },
        starting.signal,
      );
    } catch (err) {
      if (closed.aborted) return;
      if (err instanceof EngineUnavailableError) this.deps.onUnavailable?.(err);
      this.tty.fail(`Could not run ${this.request.run.image}: ${engineMessage(err)}`);
      return;
    } finally {
      closed.removeEventListener('abort', stopStarting);
    }
    this.deps.onStarted?.(session.id);
    if (closed.aborted) return session.close();
    this.tty.attach(session);
    session.output.on('error', () => undefined);
    const closing = new Promise<'closed'>((resolve) => closed.addEventListener('abort', () => resolve('closed'), { once: true }));
    const ended = await Promise.race([session.done, closing]);
    if (ended === 'closed') await session.close();
    else this.closeEmitter.fire(ended);
  }

  /** The terminal was closed: end the program (SIGHUP) and remove the container (also while it is still starting). */
  close(): void {
    this.controller.abort();
  }
}

export function openInteractiveTerminal(
  name: string,
  request: Omit<InteractiveRequest, 'columns' | 'rows'>,
  deps: InteractiveTerminalDeps,
): vscode.Terminal {
  const terminal = vscode.window.createTerminal({
    name,
    pty: new InteractiveRunPty(request, deps),
    iconPath: new vscode.ThemeIcon('terminal'),
  });
  terminal.show();
  return terminal;
}
