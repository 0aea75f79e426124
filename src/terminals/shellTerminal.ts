/**
 * An interactive shell in a running container, in a terminal: the engine's exec API with a
 * TTY (bash when the image has it, else sh), sized to the terminal and resized with it.
 * Keystrokes typed before the shell is up are kept and sent once it is. When the shell
 * exits the terminal closes, as a local one does; closing the terminal ends the shell.
 */
import * as vscode from 'vscode';
import type { ContainerEngine, ExecSession } from '../engine/engine';
import { EngineUnavailableError, engineMessage } from '../engine/errors';
import { switchedAwayNote } from '../engine/engineSwitch';
import { TtyPseudoterminal } from './ttyPseudoterminal';

/** bash if the image has it, else sh; `exec` so the shell is the process the TTY talks to. */
export const SHELL_COMMAND = ['sh', '-c', 'command -v bash >/dev/null && exec bash || exec sh'];

export class ContainerShellPty extends TtyPseudoterminal {
  private session: ExecSession | undefined;

  constructor(
    private readonly engine: () => ContainerEngine,
    private readonly containerId: string,
    private readonly label: string,
    private readonly onUnavailable?: (error: EngineUnavailableError) => void,
    /** Aborts when the window switches to another engine: this shell was on the old one. */
    lifetime?: AbortSignal,
  ) {
    super();
    lifetime?.addEventListener('abort', () => this.endForSwitch(lifetime.reason), { once: true });
  }

  /** The shell ran on the engine the window left: it ends, and the terminal says why. */
  private endForSwitch(reason: unknown): void {
    if (this.controller.signal.aborted) return;
    this.close();
    this.tty.fail(switchedAwayNote(reason, `The shell in ${this.label}`), { onNewLine: true });
  }

  open(initialDimensions: vscode.TerminalDimensions | undefined): void {
    this.tty.open(initialDimensions);
    void this.connect();
  }

  private async connect(): Promise<void> {
    const signal = this.controller.signal;
    try {
      const session = await this.engine().exec(
        this.containerId,
        SHELL_COMMAND,
        { tty: true, columns: this.tty.size?.columns, rows: this.tty.size?.rows },
        signal,
      );
      if (signal.aborted) {
        session.input.end();
        return;
      }
      this.session = session;
      // Also takes the size the terminal was given while the exec was being created.
      this.tty.attach(session);
      const exitCode = await session.done;
      if (!signal.aborted) this.closeEmitter.fire(exitCode);
    } catch (err) {
      if (signal.aborted) return;
      if (err instanceof EngineUnavailableError) this.onUnavailable?.(err);
      this.tty.fail(`Could not open a shell in ${this.label}: ${engineMessage(err)}`);
    }
  }

  close(): void {
    // End of input: the shell reads EOF and exits, and the engine ends the exec.
    this.controller.abort();
    this.session?.input.end();
  }
}

export function openShellTerminal(
  engine: () => ContainerEngine,
  containerId: string,
  label: string,
  onUnavailable?: (error: EngineUnavailableError) => void,
  lifetime?: AbortSignal,
): vscode.Terminal {
  const terminal = vscode.window.createTerminal({
    name: `Shell: ${label}`,
    pty: new ContainerShellPty(engine, containerId, label, onUnavailable, lifetime),
    iconPath: new vscode.ThemeIcon('terminal'),
  });
  terminal.show();
  return terminal;
}
