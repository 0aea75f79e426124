import * as vscode from 'vscode';
import type { Services } from '../../services';
import { ComposeLogPty } from '../../terminals/composeLogTerminal';
import { failingAs } from '../../ui/failure';
import { withDelayedProgress } from '../../ui/progress';
import { requireTrust } from '../shared/requireTrust';
import { chooseComposeSource, prepareCompose, sourceLabel } from './composeRun';

/** Compose Logs: all services following in one terminal, each line prefixed with its service, colours kept; closing it stops. */
export function composeLogs(services: Services) {
  return async (...args: unknown[]): Promise<void> => {
    if (!(await requireTrust("Compose Logs runs the compose CLI on the workspace's compose file and its .env"))) return;
    const source = await chooseComposeSource(args, 'follow the logs of');
    if (!source) return;
    const label = sourceLabel(source);
    const { invocation } = await failingAs(`Could not follow the logs of ${label}`, () =>
      withDelayedProgress(`Finding the compose CLI`, (signal) => prepareCompose(services, source, { kind: 'logs', follow: true }, signal)),
    );
    const pty = new ComposeLogPty(invocation);
    const terminal = vscode.window.createTerminal({ name: `Compose Logs: ${label}`, pty, iconPath: new vscode.ThemeIcon('layers') });
    terminal.show();
  };
}
