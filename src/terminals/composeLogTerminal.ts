/**
 * A compose project's logs in one terminal: `compose logs --follow` of all its services,
 * each line prefixed by compose with its service, in colour (`--ansi always`). Closing the
 * terminal stops the CLI (and whatever it started); the CLI ending says so and leaves the
 * terminal open with what it printed.
 */
import * as vscode from 'vscode';
import type { ComposeInvocation } from '../compose/composeCommands';
import { runCompose } from '../compose/composeProcess';
import { isCancellation } from '../engine/errors';
import { DIM, RED, RESET, toTerminalText } from './terminalText';

export class ComposeLogPty implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writeEmitter.event;
  private readonly controller = new AbortController();
  /** Resolves when the CLI has ended (closed, or it stopped by itself). */
  ended: Promise<void> = Promise.resolve();

  constructor(private readonly invocation: ComposeInvocation) {}

  open(): void {
    this.write(`${DIM}$ ${this.invocation.display}${RESET}\n`);
    this.ended = runCompose(this.invocation, { signal: this.controller.signal, onOutput: (text) => this.write(text) }).then(
      (result) => {
        const how = result.exitCode === 0 ? 'ended' : `ended with exit code ${String(result.exitCode)}`;
        this.write(`\n${DIM}compose logs ${how}. Close this terminal, or run Compose Logs again.${RESET}\n`);
      },
      (err: unknown) => {
        if (!isCancellation(err)) this.write(`\n${RED}${(err as Error).message}${RESET}\n`);
      },
    );
  }

  close(): void {
    this.controller.abort();
  }

  private write(text: string): void {
    this.writeEmitter.fire(toTerminalText(text));
  }
}
