/** Text for VS Code's terminals (pseudoterminals): colours and line ends. No `vscode` here. */

export const RED = '\x1b[31m';
export const DIM = '\x1b[2m';
export const RESET = '\x1b[0m';

/** Terminals want \r\n; container output has \n. */
export function toTerminalText(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}
