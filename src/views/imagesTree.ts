/**
 * The Images view: one row per image (`repository:tag`, size, age); dangling images only
 * when asked for. Rows carry the ImageSummary in `image`, which "Run Image…" reads.
 */
import * as vscode from 'vscode';
import type { ImageSummary } from '../engine/engine';
import { type ImageView, visibleImages } from './imagePresentation';
import type { ImagesModel } from './listModel';
import { MessageNode } from './messageNode';

export class ImageNode extends vscode.TreeItem {
  readonly kind = 'image' as const;
  /** What the image is, for commands offered on this row (Run Image…, Inspect, Remove). */
  readonly image: ImageSummary;

  constructor(view: ImageView) {
    super(view.label, vscode.TreeItemCollapsibleState.None);
    this.image = view.image;
    this.id = `image:${view.image.id}`;
    this.description = view.description;
    this.tooltip = new vscode.MarkdownString(view.tooltip);
    this.contextValue = view.contextValue;
    this.iconPath = new vscode.ThemeIcon(view.image.dangling ? 'circle-outline' : 'layers');
  }
}

export type ImagesTreeNode = ImageNode | MessageNode;

export class ImagesTreeProvider implements vscode.TreeDataProvider<ImagesTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ImagesTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly model: ImagesModel,
    private readonly showDangling: () => boolean,
  ) {
    this.subscription = model.onDidChange(() => this.changed.fire(undefined));
  }

  redraw(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: ImagesTreeNode): vscode.TreeItem {
    return node;
  }

  async getChildren(node?: ImagesTreeNode): Promise<ImagesTreeNode[]> {
    if (node) return [];
    await this.model.ensureLoaded();
    const state = this.model.state;
    switch (state.kind) {
      case 'idle':
      case 'unavailable':
        return [];
      case 'failed':
        return [new MessageNode(`Could not list images: ${state.message}`, { command: 'containerWorkflows.images.refresh', title: 'Refresh' })];
      case 'ready':
        return visibleImages(state.items, this.showDangling()).map((v) => new ImageNode(v));
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
