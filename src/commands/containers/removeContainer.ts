import * as vscode from 'vscode';
import type { Services } from '../../services';
import { CONTAINERS_VIEW } from '../../views/sidebar';
import { containersFor } from './containerTargets';
import { describeTargets } from './containerOperations';
import { type RemovalTarget, removalQuestion, removeOptionsFor } from './removalQuestion';
import { runContainerVerb } from './runContainerVerb';
import { withCancellableProgress } from '../../ui/progress';
import { failingAs } from '../../ui/failure';

/**
 * Removes the clicked or selected containers. It asks first whenever something would be
 * lost (a running container, one started elsewhere, anonymous volumes), naming what goes;
 * anonymous volumes are kept unless the person chooses to delete them too.
 */
export function removeContainer(services: Services) {
  return async (...args: unknown[]): Promise<void> => {
    const targets = await containersFor(services, args, {
      placeHolder: 'Choose the containers to remove',
      canPickMany: true,
      emptyMessage: 'There is no container to remove.',
    });
    if (targets.length === 0) return;
    // The list has no mounts and may be stale: inspect says what removing would take now.
    const inspected: RemovalTarget[] = await failingAs(`Could not check what removing ${describeTargets(targets)} would delete`, () =>
      withCancellableProgress(
        `Checking ${describeTargets(targets)}…`,
        (signal) =>
          Promise.all(
            targets.map(async (summary) => ({ summary, details: await services.monitor.engine.inspectContainer(summary.id, signal) })),
          ),
        { view: { id: CONTAINERS_VIEW, treeView: services.sidebar.containersView } },
      ),
    );
    const question = removalQuestion(inspected);
    const choice = question.ask
      ? await vscode.window.showWarningMessage(question.message, { modal: true, detail: question.detail }, ...question.choices)
      : undefined;
    const options = removeOptionsFor(question, choice);
    if (!options) return;
    await runContainerVerb(services, 'remove', targets, options);
  };
}
