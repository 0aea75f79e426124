/** The Networks view's one-line commands, and how a network command finds its network. */
import * as vscode from 'vscode';
import type { NetworkSummary } from '../../engine/networks/networkMapping';
import { listNetworks } from '../../engine/networks/networks';
import type { Services } from '../../services';
import { failingAs } from '../../ui/failure';
import { withDelayedProgress } from '../../ui/progress';
import { membersText } from '../../views/networkPresentation';
import { refreshList } from '../shared/refreshList';

export function refreshNetworks(services: Services) {
  return (): Promise<void> => refreshList(services, 'networks');
}

/** The network of a clicked row, or one picked from the engine's list (`removable`: the engine's own left out). */
export async function networkFor(
  services: Services,
  arg: unknown,
  options: { placeHolder: string; removable?: boolean },
): Promise<NetworkSummary | undefined> {
  const fromRow = (arg as { network?: NetworkSummary } | undefined)?.network;
  if (fromRow && typeof fromRow.id === 'string') return fromRow;
  const networks = (
    await failingAs('Could not list the networks', () =>
      withDelayedProgress('Listing the networks…', (signal) => listNetworks(services.monitor.engine.api, {}, signal)),
    )
  ).filter((n) => !options.removable || !n.builtIn);
  if (networks.length === 0) {
    void vscode.window.showInformationMessage('There is no network of your own. Create one from the Networks view.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    networks.map((n) => ({ label: n.name, description: `${n.driver} · ${membersText(n)}`, network: n })),
    { placeHolder: options.placeHolder },
  );
  return picked?.network;
}

export function inspectNetworkCommand(services: Services) {
  return async (arg?: unknown): Promise<void> => {
    const network = await networkFor(services, arg, { placeHolder: 'Choose a network to inspect' });
    if (!network) return;
    await failingAs(`Could not inspect the network ${network.name}`, () =>
      services.sidebar.inspect.show('network', network.id, network.name),
    );
  };
}
