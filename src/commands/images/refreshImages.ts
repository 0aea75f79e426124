import * as vscode from 'vscode';
import type { Services } from '../../services';
import { IMAGES_VIEW } from '../../views/sidebar';

/** Reloads the Images view now. */
export function refreshImages(services: Services) {
  return async (): Promise<void> => {
    const sidebar = services.sidebar;
    await vscode.window.withProgress({ location: { viewId: IMAGES_VIEW } }, () => sidebar.models.images.refresh());
    if (sidebar.models.images.state.kind === 'ready' && services.monitor.status.state !== 'connected') {
      void services.monitor.check();
      services.events.restart();
    }
  };
}
