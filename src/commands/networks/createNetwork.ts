import * as vscode from 'vscode';
import { OWNER_LABEL, OWNER_VALUE } from '../../engine/engine';
import { createNetwork } from '../../engine/networks/networks';
import { nameProblem } from '../../engine/objectNames';
import type { Services } from '../../services';
import { failingAs } from '../../ui/failure';
import { withCancellableProgress } from '../../ui/progress';
import { NETWORKS_VIEW } from '../../views/sidebar';

/** "Create Network…": a bridge network whose containers reach each other by name. */
export function createNetworkCommand(services: Services) {
  return async (): Promise<void> => {
    const typed = await vscode.window.showInputBox({
      title: 'Create Network (bridge)',
      prompt: 'The name of the new network, e.g. app-net: containers on it reach each other by name',
      ignoreFocusOut: true,
      validateInput: (text) => (text.trim() ? nameProblem('network', text.trim()) : undefined),
    });
    const name = typed?.trim();
    if (!name) return;
    const sidebar = services.sidebar;
    await failingAs(`Could not create the network ${name}`, () =>
      withCancellableProgress(
        `Creating the network ${name}…`,
        (signal) => createNetwork(services.monitor.engine.api, { name, labels: { [OWNER_LABEL]: OWNER_VALUE } }, signal),
        { view: { id: NETWORKS_VIEW, treeView: sidebar.networksView } },
      ),
    );
    await sidebar.models.networks.refresh();
    vscode.window.setStatusBarMessage(`Created the network ${name}`, 5000);
  };
}
