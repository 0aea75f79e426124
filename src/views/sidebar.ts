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
import { ContainerFileSystem } from '../files/containerFileSystem';
import { ContainerFilesRegistry } from '../files/containerFilesRegistry';
import { VOLUME_FILE_SCHEME } from '../files/containerFileUri';
import { VolumeFilesRegistry } from '../files/volumeFilesRegistry';
import { InspectDocuments } from './inspectDocuments';
import { type NetworksTreeNode, NetworksTreeProvider } from './networksTree';
import { type VolumesTreeNode, VolumesTreeProvider } from './volumesTree';
import { type SidebarModels, createSidebarModels } from './sidebarModels';

export const CONTAINERS_VIEW = 'containerWorkflows.views.containers';
export const IMAGES_VIEW = 'containerWorkflows.views.images';
export const VOLUMES_VIEW = 'containerWorkflows.views.volumes';
export const NETWORKS_VIEW = 'containerWorkflows.views.networks';

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
  readonly volumesTree: VolumesTreeProvider;
  readonly networksTree: NetworksTreeProvider;
  readonly volumesView: vscode.TreeView<VolumesTreeNode>;
  readonly networksView: vscode.TreeView<NetworksTreeNode>;
  readonly inspect: InspectDocuments;
  /** What was read of each container's files, shared by the Files nodes and the editor's read-only file system. */
  readonly files: ContainerFilesRegistry;
  /** What was listed of each volume's files (each look through its own short-lived helper container). */
  readonly volumeFiles: VolumeFilesRegistry;
  private readonly fileSystem: ContainerFileSystem;
  private readonly volumeFileSystem: ContainerFileSystem;
  private scopeValue: ContainersScope;
  private showDanglingValue: boolean;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly services: SidebarDeps) {
    const state = services.context.globalState;
    this.scopeValue = state.get<ContainersScope>(scopeKey) === 'owned' ? 'owned' : 'all';
    this.showDanglingValue = state.get<boolean>(danglingKey) === true;

    this.models = createSidebarModels(services.monitor, services.events);
    this.files = new ContainerFilesRegistry(() => services.monitor.engine.api);
    this.fileSystem = new ContainerFileSystem(this.files);
    this.volumeFiles = new VolumeFilesRegistry(() => services.monitor.engine.api);
    this.volumeFileSystem = new ContainerFileSystem(this.volumeFiles, VOLUME_FILE_SCHEME);
    this.containersTree = new ContainersTreeProvider(this.models.containers, () => this.scopeValue, this.files);
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
    this.volumesTree = new VolumesTreeProvider(this.models.volumes, () => services.monitor.engine, this.volumeFiles);
    this.networksTree = new NetworksTreeProvider(this.models.networks);
    this.volumesView = vscode.window.createTreeView(VOLUMES_VIEW, { treeDataProvider: this.volumesTree, canSelectMany: false });
    this.networksView = vscode.window.createTreeView(NETWORKS_VIEW, { treeDataProvider: this.networksTree, canSelectMany: false });
    this.inspect = new InspectDocuments(() => services.monitor.engine);

    const refresher = this.models.refresher;
    this.disposables.push(
      this.containersView.onDidChangeVisibility((e) => refresher.setVisible('containers', e.visible)),
      this.imagesView.onDidChangeVisibility((e) => refresher.setVisible('images', e.visible)),
      this.volumesView.onDidChangeVisibility((e) => refresher.setVisible('volumes', e.visible)),
      this.networksView.onDidChangeVisibility((e) => refresher.setVisible('networks', e.visible)),
      services.monitor.onDidChangeStatus((status) => this.showProblem(status)),
    );
    // A view restored as visible at startup fires no visibility change.
    if (this.containersView.visible) refresher.setVisible('containers', true);
    if (this.imagesView.visible) refresher.setVisible('images', true);
    if (this.volumesView.visible) refresher.setVisible('volumes', true);
    if (this.networksView.visible) refresher.setVisible('networks', true);

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
    this.volumesView.dispose();
    this.networksView.dispose();
    this.volumesTree.dispose();
    this.networksTree.dispose();
    this.inspect.dispose();
    this.fileSystem.dispose();
    this.volumeFileSystem.dispose();
  }
}
