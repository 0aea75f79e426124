/** The Networks view: one row per network, the engine's own (bridge, host, none) first and marked. */
import * as vscode from 'vscode';
import type { NetworkSummary } from '../engine/networks/networkMapping';
import type { NetworksModel } from './listModel';
import { ListTreeProvider } from './listTreeProvider';
import type { MessageNode } from './messageNode';
import { type NetworkView, networkView } from './networkPresentation';

export class NetworkNode extends vscode.TreeItem {
  readonly kind = 'network' as const;
  readonly network: NetworkSummary;

  constructor(view: NetworkView) {
    super(view.label, vscode.TreeItemCollapsibleState.None);
    this.network = view.network;
    this.id = `network:${view.network.id}`;
    this.description = view.description;
    this.tooltip = new vscode.MarkdownString(view.tooltip);
    this.contextValue = view.contextValue;
    this.iconPath = new vscode.ThemeIcon(view.network.builtIn ? 'globe' : 'type-hierarchy');
  }
}

export type NetworksTreeNode = NetworkNode | MessageNode;

export class NetworksTreeProvider extends ListTreeProvider<NetworkSummary, NetworkNode> {
  constructor(model: NetworksModel) {
    super(model, 'networks', 'containerWorkflows.networks.refresh');
  }

  protected rows(networks: readonly NetworkSummary[]): NetworkNode[] {
    return networks.map((n) => new NetworkNode(networkView(n)));
  }
}
