import * as vscode from 'vscode';
import type { Services } from '../../services';
import { isUp } from '../../views/containerPresentation';
import { containersFor } from './containerTargets';
import { describeTargets } from './operations';
import { runContainerVerb } from './runContainerVerb';

/**
 * Removes the clicked or selected containers. Stopped ones go without a question; when
 * some are running, a modal asks first, since they are stopped and their work is lost.
 */
export function removeContainer(services: Services) {
  return async (...args: unknown[]): Promise<void> => {
    const targets = await containersFor(services, args, {
      placeHolder: 'Choose the containers to remove',
      canPickMany: true,
      emptyMessage: 'There is no container to remove.',
    });
    if (targets.length === 0) return;
    const running = targets.filter((t) => isUp(t.state));
    if (running.length > 0) {
      const who = running.length === targets.length ? (running.length === 1 ? 'It is' : 'They are') : `${describeTargets(running)} ${running.length === 1 ? 'is' : 'are'}`;
      const choice = await vscode.window.showWarningMessage(
        `Remove ${describeTargets(targets)}?`,
        { modal: true, detail: `${who} running: removing stops ${running.length === 1 ? 'it' : 'them'} first.` },
        'Remove',
      );
      if (choice !== 'Remove') return;
    }
    await runContainerVerb(services, 'remove', targets, { force: running.length > 0 });
  };
}
