import * as vscode from 'vscode';
import type { Services } from '../../services';
import { openShellTerminal } from '../../terminals/shellTerminal';
import { isUp } from '../../engine/containerPredicates';
import { containersFor } from './containerTargets';

/** Opens an interactive shell in the clicked (running) container, through the engine's exec API. */
export function attachShell(services: Services) {
  return async (...args: unknown[]): Promise<void> => {
    const chosen = await containersFor(services, args, {
      placeHolder: 'Choose a running container to open a shell in',
      filter: (c) => c.state === 'running',
      canPickMany: false,
      emptyMessage: 'There is no running container to open a shell in.',
    });
    const running = chosen.filter((c) => c.state === 'running');
    if (chosen.length > 0 && running.length === 0) {
      const first = chosen[0];
      void vscode.window.showInformationMessage(
        `${first.name} is ${isUp(first.state) ? first.state : 'not running'}: start it first to open a shell in it.`,
      );
      return;
    }
    for (const c of running) {
      openShellTerminal(
        () => services.monitor.engine,
        c.id,
        c.name,
        (err) => services.monitor.reportUnavailable(err),
      );
    }
  };
}
