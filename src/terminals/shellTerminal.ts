/**
 * An interactive shell in a running container, in a terminal: the engine's exec API with a
 * TTY (bash when the image has it, else sh), sized to the terminal and resized with it.
 * Keystrokes typed before the shell is up are kept and sent once it is. When the shell
 * exits the terminal closes, as a local one does; closing the terminal ends the shell.
 */
import { StringDecoder } from 'node:string_decoder';
import * as vscode from 'vscode';
import type { ContainerEngine, ExecSession } from '../engine/engine';
import { EngineUnavailableError, engineMessage } from '../engine/errors';
import { RED, RESET } from './terminalText';

/** bash if the image has it, else sh; `exec` so the shell is the process the TTY talks to. */
export const SHELL_COMMAND = ['sh', '-c', 'command -v bash >/dev/null && exec bash || exec sh'];

export class ContainerShellPty implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private readonly controller = new AbortController();
  private session: ExecSession | undefined;
  private pendingInput: string[] = [];
  private dimensions: vscode.TerminalDimensions | undefined;
  /** After a failure to start, the next key closes the terminal. */
  private failed = false;

  constructor(
    private readonly engine: () => ContainerEngine,
    private readonly containerId: string,
    private readonly label: string,
    private readonly onUnavailable?: (error: EngineUnavailableError) => void,
  ) {}

  open(initialDimensions: vscode.TerminalDimensions | undefined): void {
    this.dimensions = initialDimensions;
    void this.connect();
  }

  private async connect(): Promise<void> {
    const signal = this.controller.signal;
    try {
      const session = await this.engine().exec(
        this.containerId,
        SHELL_COMMAND,
        { tty: true, columns: this.dimensions?.columns, rows: this.dimensions?.rows },
        signal,
      );
      if (signal.aborted) {
        session.input.end();
        return;
      }
      this.session = session;
      const decoder = new StringDecoder('utf8');
      session.output.on('data', (chunk: Buffer | string) =>
        this.writeEmitter.fire(typeof chunk === 'string' ? chunk : decoder.write(chunk)),
      );
      for (const data of this.pendingInput) session.input.write(data);
      this.pendingInput = [];
      // The terminal may have been resized while the exec was being created.
      if (this.dimensions) void session.resize(this.dimensions.columns, this.dimensions.rows);
      const exitCode = await session.done;
      if (!signal.aborted) this.closeEmitter.fire(exitCode);
    } catch (err) {
      if (signal.aborted) return;
      if (err instanceof EngineUnavailableError) this.onUnavailable?.(err);
      const why = engineMessage(err);
      this.failed = true;
      this.writeEmitter.fire(
        `${RED}Could not open a shell in ${this.label}: ${why}${RESET}\r\n\r\nPress any key to close this terminal.\r\n`,
      );
    }
  }

  handleInput(data: string): void {
    if (this.failed) {
      this.closeEmitter.fire();
      return;
    }
    if (this.session) this.session.input.write(data);
    else this.pendingInput.push(data);
  }

  setDimensions(dimensions: vscode.TerminalDimensions): void {
    this.dimensions = dimensions;
    void this.session?.resize(dimensions.columns, dimensions.rows);
  }

  close(): void {
    // End of input: the shell reads EOF and exits, and the engine ends the exec.
    this.controller.abort();
    this.session?.input.end();
  }

  dispose(): void {
    this.close();
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }
}

export function openShellTerminal(
  engine: () => ContainerEngine,
  containerId: string,
  label: string,
  onUnavailable?: (error: EngineUnavailableError) => void,
): vscode.Terminal {
  const terminal = vscode.window.createTerminal({
    name: `Shell: ${label}`,
    pty: new ContainerShellPty(engine, containerId, label, onUnavailable),
    iconPath: new vscode.ThemeIcon('terminal'),
  });
  terminal.show();
  return terminal;
}
