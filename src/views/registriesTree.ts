/**
 * The Registries view: the registries logged in to here or known to the docker CLI; under
 * each its repositories (GET /v2/_catalog) and under those their tags (/v2/<name>/tags/list),
 * through the v2 client, which follows the Link pages. A registry that does not list its
 * catalog (Docker Hub) says so in a row; pull and push work all the same. No welcome row:
 * an empty tree shows the viewsWelcome of package.json.
 */
import * as vscode from 'vscode';
import { engineMessage } from '../engine/errors';
import type * as RegistryClientModule from '../engine/registry/registryClient';

type RegistryClient = RegistryClientModule.RegistryClient;
import type { KnownRegistry, RegistryAccess } from '../registries/registryAccess';
import { MessageNode } from './messageNode';
import { REGISTRY_CONTEXT, REPOSITORY_CONTEXT, TAG_CONTEXT, moreNotShown, registryDescription, tagReference } from './registryPresentation';

export const REGISTRIES_VIEW = 'containerWorkflows.views.registries';
const LIST_LIMIT = 500;

export class RegistryNode extends vscode.TreeItem {
  readonly kind = 'registry' as const;
  readonly registry: string;
  constructor(readonly known: KnownRegistry) {
    super(known.registry, vscode.TreeItemCollapsibleState.Collapsed);
    this.registry = known.registry;
    this.description = registryDescription(known);
    this.iconPath = new vscode.ThemeIcon('database');
    this.contextValue = REGISTRY_CONTEXT[known.origin];
  }
}

export class RepositoryNode extends vscode.TreeItem {
  readonly kind = 'repository' as const;
  constructor(
    readonly registry: string,
    readonly repository: string,
  ) {
    super(repository, vscode.TreeItemCollapsibleState.Collapsed);
    this.iconPath = new vscode.ThemeIcon('repo');
    this.contextValue = REPOSITORY_CONTEXT;
  }
}

export class TagNode extends vscode.TreeItem {
  readonly kind = 'tag' as const;
  readonly reference: string;
  constructor(
    readonly registry: string,
    readonly repository: string,
    tag: string,
  ) {
    super(tag, vscode.TreeItemCollapsibleState.None);
    this.reference = tagReference(registry, repository, tag);
    this.tooltip = this.reference;
    this.iconPath = new vscode.ThemeIcon('tag');
    this.contextValue = TAG_CONTEXT;
  }
}

export type RegistriesTreeNode = RegistryNode | RepositoryNode | TagNode | MessageNode;

export class RegistriesTreeProvider implements vscode.TreeDataProvider<RegistriesTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RegistriesTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly access: RegistryAccess) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: RegistriesTreeNode): vscode.TreeItem {
    return node;
  }

  async getChildren(node?: RegistriesTreeNode): Promise<RegistriesTreeNode[]> {
    if (!node) return (await this.access.known()).map((k) => new RegistryNode(k));
    if (node instanceof RegistryNode) return this.listing(node.registry, (client) => this.repositories(client));
    if (node instanceof RepositoryNode) return this.listing(node.registry, (client) => this.tags(client, node.repository));
    return [];
  }

  private async listing(registry: string, list: (client: RegistryClient) => Promise<RegistriesTreeNode[]>): Promise<RegistriesTreeNode[]> {
    const retry = { title: 'Refresh', command: 'containerWorkflows.registries.refresh' };
    try {
      const found = await this.access.credentialFor(registry);
      // The registry client loads when a registry is first expanded, not at activation (esbuild.js LAZY).
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load needs require: an import would load it with the extension
      const { RegistryClient } = require('../engine/registry/registryClient') as typeof RegistryClientModule;
      return await list(new RegistryClient({ registry, ...(found ? { credential: found.credential } : {}) }));
    } catch (err) {
      return [new MessageNode(engineMessage(err), retry)];
    }
  }

  private async repositories(client: RegistryClient): Promise<RegistriesTreeNode[]> {
    const listing = await client.listRepositories({ pageSize: 100, limit: LIST_LIMIT });
    if (!listing.listable) return [info(listing.reason)];
    const rows: RegistriesTreeNode[] = listing.repositories.map((r) => new RepositoryNode(client.registry, r));
    if (listing.repositories.length === 0) rows.push(info('No repositories yet: push an image to see it here.'));
    if (!listing.complete) rows.push(info(moreNotShown(listing.repositories.length)));
    return rows;
  }

  private async tags(client: RegistryClient, repository: string): Promise<RegistriesTreeNode[]> {
    const listing = await client.listTags(repository, { pageSize: 100, limit: LIST_LIMIT });
    const rows: RegistriesTreeNode[] = listing.tags.map((t) => new TagNode(client.registry, repository, t));
    if (!listing.complete) rows.push(info(moreNotShown(listing.tags.length)));
    return rows;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function info(message: string): MessageNode {
  const node = new MessageNode(message);
  node.iconPath = new vscode.ThemeIcon('info');
  return node;
}
