/**
 * The Containers view: a node per compose project (its containers named by service), then
 * Running and Stopped groups of the other container rows, built from the ContainersModel. When the engine is unreachable the root has no children, so the view's
 * welcome content (Retry, Configure Engine Host) shows instead of an error.
 */
import * as vscode from 'vscode';
import type { ContainerSummary } from '../engine/engine';
import { type ContainerGroup, type ContainerView, type ContainersScope, type IconSpec, groupContainers } from './containerPresentation';
import { type ComposeProjectView, composeLayout } from './composePresentation';
import type { ContainersModel } from './listModel';
import type { ContainerFilesRegistry } from '../files/containerFilesRegistry';
import { ContainerFilesNode, type FileEntryNode, type FilesTreeNode, filesChildren } from './containerFilesNodes';
import { ListTreeProvider } from './listTreeProvider';
import type { MessageNode } from './messageNode';

export function themeIcon(icon: IconSpec): vscode.ThemeIcon {
  return new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
}

export class ContainerNode extends vscode.TreeItem {
  readonly kind = 'container' as const;

  constructor(readonly view: ContainerView) {
    // Collapsed: its Files node is below it.
    super(view.label, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `container:${view.container.id}`;
    this.description = view.description;
    this.tooltip = new vscode.MarkdownString(view.tooltip);
    this.contextValue = view.contextValue;
    this.iconPath = themeIcon(view.icon);
    this.accessibilityInformation = { label: `${view.label}, ${view.description}` };
  }

  get container(): ContainerSummary {
    return this.view.container;
  }
}

export class ContainerGroupNode extends vscode.TreeItem {
  readonly kind = 'group' as const;
  readonly children: ContainerNode[];

  constructor(group: ContainerGroup) {
    // An empty group stays (the layout does not jump) but has nothing to expand. It gets
    // another id: VS Code keeps a node's collapsible state by id, and would otherwise show
    // the group collapsed once containers arrive in it.
    const empty = group.containers.length === 0;
    super(group.label, empty ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Expanded);
    this.id = empty ? `group:${group.kind}:empty` : `group:${group.kind}`;
    this.description = String(group.containers.length);
    this.contextValue = `containerGroup.${group.kind}`;
    this.children = group.containers.map((c) => new ContainerNode(c));
  }
}

/** A compose project: its contextValue (`composeProject.running|mixed|stopped`) offers Up, Start, Stop, Down, Restart, Pull, Build and Logs. */
export class ComposeProjectNode extends vscode.TreeItem {
  readonly kind = 'composeProject' as const;
  readonly children: ContainerNode[];

  constructor(readonly view: ComposeProjectView) {
    super(view.label, vscode.TreeItemCollapsibleState.Expanded);
    this.id = `composeProject:${view.project.name}`;
    this.description = view.description;
    this.tooltip = new vscode.MarkdownString(view.tooltip);
    this.contextValue = view.contextValue;
    this.iconPath = new vscode.ThemeIcon('layers');
    this.accessibilityInformation = { label: `${view.label}, compose project, ${view.description}` };
    this.children = view.members.map((m) => new ContainerNode(m));
  }

  /** What the compose commands read (commands/shared: composeSourceFrom). */
  get project(): ComposeProjectView['project'] {
    return this.view.project;
  }
}

type ContainersRow = ComposeProjectNode | ContainerGroupNode | ContainerNode | ContainerFilesNode | FileEntryNode;
export type ContainersTreeNode = ComposeProjectNode | ContainerGroupNode | ContainerNode | FilesTreeNode;

export class ContainersTreeProvider extends ListTreeProvider<ContainerSummary, ContainersRow> {
  constructor(
    model: ContainersModel,
    private readonly scope: () => ContainersScope,
    private readonly files: ContainerFilesRegistry,
  ) {
    super(model, 'containers', 'containerWorkflows.containers.refresh');
    // A container started, stopped or gone: what was read of its files may be stale.
    this.forgetting = model.onDidChange((state) => {
      if (state.kind === 'ready') files.containersListed(state.items);
    });
  }

  private readonly forgetting: { dispose(): void };

  override dispose(): void {
    this.forgetting.dispose();
    super.dispose();
  }

  protected rows(containers: readonly ContainerSummary[]): ContainersRow[] {
    const layout = composeLayout(containers, this.scope());
    const groups = groupContainers(layout.others, this.scope());
    const projects = layout.projects.map((p) => new ComposeProjectNode(p));
    // No container at all: empty root, so the "no containers" welcome shows.
    if (projects.length === 0 && groups.every((g) => g.containers.length === 0)) return [];
    return [...projects, ...groups.map((g) => new ContainerGroupNode(g))];
  }

  protected override childrenOf(node: ContainersTreeNode): ContainersRow[] | Promise<(ContainersRow | MessageNode)[]> {
    switch (node.kind) {
      case 'group':
      case 'composeProject':
        return node.children;
      case 'container':
        return [new ContainerFilesNode(node.container.id, node.container.name)];
      case 'files':
        return filesChildren(this.files, node);
      case 'fileEntry':
        return node.entry.kind === 'directory' ? filesChildren(this.files, node) : [];
      default:
        return [];
    }
  }
}
