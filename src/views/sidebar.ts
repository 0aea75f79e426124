/**
 * The Containers and Images views as one object: the models, the trees on top of them,
 * the inspect documents and the view options (scope, dangling images) with their context
 * keys. Built in activate() before the commands, which reach it as `services.sidebar`.
 */
import * as vscode from 'vscode';
import type { EngineMonitor, EngineStatus } from '../engine/engineMonitor';
import type { EngineEventHub } from '../engine/eventHub';
import type { ContainersScope } from './containerPresentation';
import { type ContainersTreeNode, ContainersTreeProvider } from './containersTree';
import { type ImagesTreeNode, ImagesTreeProvider } from './imagesTree';
import { InspectDocuments } from './inspectDocuments';
import { type SidebarModels, createSidebarModels } from './sidebarModels';

export const CONTAINERS_VIEW = 'containerWorkflows.views.containers';
export const IMAGES_VIEW = 'containerWorkflows.views.images';

const scopeKey = 'containerWorkflows.views.containersScope';
const danglingKey = 'containerWorkflows.views.imagesShowDangling';

/** What the sidebar needs: where its view options are kept, and the engine behind the lists. */
export interface SidebarDeps {
  readonly context: vscode.ExtensionContext;
  readonly monitor: EngineMonitor;
  readonly events: EngineEventHub;
}

function setContext(key: string, value: unknown): void {
  void vscode.commands.executeCommand('setContext', key, value);
}

export class Sidebar implements vscode.Disposable {
  readonly models: SidebarModels;
  readonly containersTree: ContainersTreeProvider;
  readonly imagesTree: ImagesTreeProvider;
  readonly containersView: vscode.TreeView<ContainersTreeNode>;
  readonly imagesView: vscode.TreeView<ImagesTreeNode>;
  readonly inspect: InspectDocuments;
  private scopeValue: ContainersScope;
  private showDanglingValue: boolean;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly services: SidebarDeps) {
    const state = services.context.globalState;
    this.scopeValue = state.get<ContainersScope>(scopeKey) === 'owned' ? 'owned' : 'all';
    this.showDanglingValue = state.get<boolean>(danglingKey) === true;

    this.models = createSidebarModels(services.monitor, services.events);
    this.containersTree = new ContainersTreeProvider(this.models.containers, () => this.scopeValue);
    this.imagesTree = new ImagesTreeProvider(this.models.images, () => this.showDanglingValue);
    this.containersView = vscode.window.createTreeView(CONTAINERS_VIEW, {
      treeDataProvider: this.containersTree,
      canSelectMany: true,
      showCollapseAll: false,
    });
    this.imagesView = vscode.window.createTreeView(IMAGES_VIEW, {
      treeDataProvider: this.imagesTree,
      canSelectMany: true,
      showCollapseAll: false,
    });
    this.inspect = new InspectDocuments(() => services.monitor.engine);

    const refresher = this.models.refresher;
    this.disposables.push(
      this.containersView.onDidChangeVisibility((e) => refresher.setVisible('containers', e.visible)),
      this.imagesView.onDidChangeVisibility((e) => refresher.setVisible('images', e.visible)),
      services.monitor.onDidChangeStatus((status) => this.showProblem(status)),
    );
    // A view restored as visible at startup fires no visibility change.
    if (this.containersView.visible) refresher.setVisible('containers', true);
    if (this.imagesView.visible) refresher.setVisible('images', true);

    this.applyScope();
    this.applyShowDangling();
    this.showProblem(services.monitor.status);
  }

  get scope(): ContainersScope {
    return this.scopeValue;
  }

  async setScope(scope: ContainersScope): Promise<void> {
    this.scopeValue = scope;
    await this.services.context.globalState.update(scopeKey, scope);
    this.applyScope();
    this.containersTree.redraw();
  }

  get showDangling(): boolean {
    return this.showDanglingValue;
  }

  async setShowDangling(show: boolean): Promise<void> {
    this.showDanglingValue = show;
    await this.services.context.globalState.update(danglingKey, show);
    this.applyShowDangling();
    this.imagesTree.redraw();
  }

  private applyScope(): void {
    setContext('containerWorkflows:containersScope', this.scopeValue);
    this.containersView.description = this.scopeValue === 'owned' ? 'started here' : undefined;
  }

  private applyShowDangling(): void {
    setContext('containerWorkflows:imagesShowDangling', this.showDanglingValue);
  }

  /** Which welcome help the views show: one per kind of problem (not installed, not running, …). */
  private showProblem(status: EngineStatus): void {
    setContext('containerWorkflows:engineProblem', status.state === 'unavailable' ? status.problem.kind : '');
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.models.dispose();
    this.containersView.dispose();
    this.imagesView.dispose();
    this.containersTree.dispose();
    this.imagesTree.dispose();
    this.inspect.dispose();
  }
}
