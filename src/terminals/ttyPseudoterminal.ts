/**
 * The VS Code side both container terminals (an interactive run, a shell) share: the
 * terminal's events, the signal closing it aborts, and the keys and sizes handed to their
 * TtySession (ttySession.ts, where the rules are and are unit-tested). A subclass starts
 * its session in open(), attaches it to `tty`, and ends it in close().
 */
import * as vscode from 'vscode';
import { TtySession } from './ttySession';

export abstract class TtyPseudoterminal implements vscode.Pseudoterminal {
  protected readonly writeEmitter = new vscode.EventEmitter<string>();
  protected readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  /** Aborted once the terminal is closed. */
  protected readonly controller = new AbortController();
  protected readonly tty = new TtySession({ write: (text) => this.writeEmitter.fire(text), close: () => this.closeEmitter.fire() });

  abstract open(initialDimensions: vscode.TerminalDimensions | undefined): void;

  abstract close(): void;

  handleInput(data: string): void {
    this.tty.handleInput(data);
  }

  setDimensions(dimensions: vscode.TerminalDimensions): void {
    this.tty.setDimensions(dimensions);
  }

  dispose(): void {
    this.close();
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }
}
