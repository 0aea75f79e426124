import * as vscode from 'vscode';
import { removeNetwork } from '../../engine/networks/networks';
import type { Services } from '../../services';
import { failingAs } from '../../ui/failure';
import { withCancellableProgress } from '../../ui/progress';
import { networkRemovalRefusal } from '../../views/networkPresentation';
import { NETWORKS_VIEW } from '../../views/sidebar';
import { networkFor } from './networksViewCommands';

/** "Remove…" on a network: refused for the engine's own and while containers are attached; asked first otherwise. */
export function removeNetworkCommand(services: Services) {
  return async (arg?: unknown): Promise<void> => {
    const network = await networkFor(services, arg, { placeHolder: 'Choose a network to remove', removable: true });
    if (!network) return;
    const refusal = networkRemovalRefusal(network);
    if (refusal) throw new Error(refusal);
    const choice = await vscode.window.showWarningMessage(`Remove the network ${network.name}?`, { modal: true }, 'Remove');
    if (choice !== 'Remove') return;
    const sidebar = services.sidebar;
    await failingAs(`Could not remove the network ${network.name}`, () =>
      withCancellableProgress(
        `Removing the network ${network.name}…`,
        (signal) => removeNetwork(services.monitor.engine.api, network.id, signal),
        {
          view: { id: NETWORKS_VIEW, treeView: sidebar.networksView },
        },
      ),
    );
    await sidebar.models.networks.refresh();
    vscode.window.setStatusBarMessage(`Removed the network ${network.name}`, 5000);
  };
}
