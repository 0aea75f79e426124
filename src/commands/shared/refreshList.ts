import * as vscode from 'vscode';
import type { Services } from '../../services';
import type { SidebarList } from '../../views/refreshManager';
import { CONTAINERS_VIEW, IMAGES_VIEW } from '../../views/sidebar';

const viewOf: Record<SidebarList, string> = { containers: CONTAINERS_VIEW, images: IMAGES_VIEW };

/** Reloads a view's list now, in its own progress bar; if the engine was away and answers again, everyone learns it. */
export async function refreshList(services: Services, list: SidebarList): Promise<void> {
  const model = services.sidebar.models[list];
  await vscode.window.withProgress({ location: { viewId: viewOf[list] } }, () => model.refresh());
  if (model.state.kind === 'ready' && services.monitor.status.state !== 'connected') {
    void services.monitor.check();
    services.events.restart();
  }
}
