import * as vscode from 'vscode';
import type { Services } from '../../services';
import { CONTAINERS_VIEW } from '../../views/sidebar';
import { OWNER_LABEL } from '../../engine/engine';
import { describeTargets, removeContainers, stoppedOwnedContainers, summarize, unavailableError } from './operations';
import { showEngineError } from './showEngineError';
import { withSidebarProgress } from './withSidebarProgress';

/** Removes the stopped containers this extension started (its owner label), after asking. */
export function pruneOwnedContainers(services: Services) {
  return async (): Promise<void> => {
    const sidebar = services.sidebar;
    try {
      const candidates = stoppedOwnedContainers(await services.monitor.engine.listContainers({ all: true, label: OWNER_LABEL }));
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
      const outcomes = await withSidebarProgress(
        sidebar.containersView,
        CONTAINERS_VIEW,
        `Removing ${describeTargets(candidates)}…`,
        (signal) =>
          // Exactly the containers the person saw in the question, nothing that stopped since.
          removeContainers(services.monitor.engine, candidates, { force: false }, signal),
      );
      void sidebar.models.containers.refresh();
      const unavailable = unavailableError(outcomes);
      if (unavailable) throw unavailable;
      const { ok, errors } = summarize('remove', outcomes);
      if (ok) vscode.window.setStatusBarMessage(ok, 5000);
      for (const error of errors) void vscode.window.showErrorMessage(error);
    } catch (err) {
      await showEngineError(services, 'Could not remove the stopped containers', err);
    }
  };
}
