import * as vscode from 'vscode';
import type { Services } from '../../services';
import { CONTAINERS_VIEW } from '../../views/sidebar';

/** Reloads the Containers view now; if the engine was away and answers again, everyone learns it. */
export function refreshContainers(services: Services) {
  return async (): Promise<void> => {
    const sidebar = services.sidebar;
    await vscode.window.withProgress({ location: { viewId: CONTAINERS_VIEW } }, () => sidebar.models.containers.refresh());
    if (sidebar.models.containers.state.kind === 'ready' && services.monitor.status.state !== 'connected') {
      void services.monitor.check();
      services.events.restart();
    }
  };
}
