/**
 * What the interactive-run and the shell terminals share between VS Code's terminal and a
 * TTY session in a container: keys typed before the session is attached are kept and sent
 * once it is, the terminal's latest size reaches the session (also a resize made while it
 * was starting), and after a failure the next key closes the terminal. No `vscode` here
 * (the unit tests drive it); the pseudoterminals own their emitters and hand in write/close.
 */
import { StringDecoder } from 'node:string_decoder';
import { RED, RESET } from './terminalText';

export interface TtySize {
  columns: number;
  rows: number;
}

/** The parts of an engine's TTY session (exec or attach) the terminal talks to. */
export interface AttachableTty {
  input: { write(data: string): unknown };
  output: { on(event: 'data', listener: (chunk: Buffer | string) => void): unknown };
  resize(columns: number, rows: number): Promise<void>;
}

export interface TtyTerminal {
  /** Text for the terminal (VS Code's onDidWrite). */
  write(text: string): void;
  /** Closes the terminal (VS Code's onDidClose). */
  close(): void;
}

export class TtySession {
  private attached: AttachableTty | undefined;
  private pendingInput: string[] = [];
  private latestSize: TtySize | undefined;
  private failed = false;

  constructor(private readonly terminal: TtyTerminal) {}

  /** The terminal's size now, for creating the session at the right size (undefined before VS Code has told it). */
  get size(): TtySize | undefined {
    return this.latestSize;
  }

  /** VS Code opened the terminal (Pseudoterminal.open). */
  open(initialSize: TtySize | undefined): void {
    this.latestSize = initialSize;
  }

  /** The session is up: its output reaches the terminal, the kept keys are sent, and it takes the terminal's latest size. */
  attach(session: AttachableTty): void {
    this.attached = session;
    // One decoder for the whole stream: a UTF-8 character split across chunks still shows whole.
    const decoder = new StringDecoder('utf8');
    session.output.on('data', (chunk) => this.terminal.write(typeof chunk === 'string' ? chunk : decoder.write(chunk)));
    for (const data of this.pendingInput) session.input.write(data);
    this.pendingInput = [];
    if (this.latestSize) void session.resize(this.latestSize.columns, this.latestSize.rows);
  }

  /** The session could not start or was ended from outside: says why in red; the next key closes the terminal. */
  fail(why: string, { onNewLine = false } = {}): void {
    this.failed = true;
    this.terminal.write(`${onNewLine ? '\r\n' : ''}${RED}${why}${RESET}\r\n\r\nPress any key to close this terminal.\r\n`);
  }

  /** A key (or paste) in the terminal (Pseudoterminal.handleInput). */
  handleInput(data: string): void {
    if (this.failed) {
      this.terminal.close();
      return;
    }
    if (this.attached) this.attached.input.write(data);
    else this.pendingInput.push(data);
  }

  /** The terminal was resized (Pseudoterminal.setDimensions). */
  setDimensions(size: TtySize): void {
    this.latestSize = size;
    void this.attached?.resize(size.columns, size.rows);
  }
}
