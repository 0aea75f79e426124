import * as vscode from 'vscode';
import { OWNER_LABEL } from '../../engine/engine';
import type { Services } from '../../services';
import { withCancellableProgress } from '../../ui/progress';
import { CONTAINERS_VIEW } from '../../views/sidebar';
import { CommandFailure, failingAs } from '../../ui/failure';
import { showFailureMessage } from '../shared/showFailure';
import { describeTargets, removeContainers, stoppedOwnedContainers, summarize, unavailableError } from './containerOperations';

const FAILED = 'Could not remove the stopped containers';

/** Removes the stopped containers this extension started (its owner label), after asking. */
export function pruneOwnedContainers(services: Services) {
  return async (): Promise<void> => {
    const sidebar = services.sidebar;
    const listed = await failingAs(FAILED, () => services.monitor.engine.listContainers({ all: true, label: OWNER_LABEL }));
    const candidates = stoppedOwnedContainers(listed);
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage('There is no stopped container started by Container Workflows.');
      return;
    }
    const choice = await vscode.window.showWarningMessage(
      `Remove ${candidates.length === 1 ? '1 stopped container' : `${candidates.length} stopped containers`} started by Container Workflows?`,
      { modal: true, detail: candidates.map((c) => `${c.name} (${c.image}, ${c.status})`).join('\n') },
      'Remove',
    );
    if (choice !== 'Remove') return;
    const outcomes = await failingAs(FAILED, () =>
      withCancellableProgress(
        `Removing ${describeTargets(candidates)}…`,
        // Exactly the containers the person saw in the question, nothing that stopped since.
        (signal) => removeContainers(services.monitor.engine, candidates, { force: false }, signal),
        { view: { id: CONTAINERS_VIEW, treeView: sidebar.containersView } },
      ),
    );
    void sidebar.models.containers.refresh();
    const unavailable = unavailableError(outcomes);
    if (unavailable) throw new CommandFailure(FAILED, unavailable);
    const { ok, errors } = summarize('remove', outcomes);
    if (ok) vscode.window.setStatusBarMessage(ok, 5000);
    for (const error of errors) void showFailureMessage(services, error);
  };
}
