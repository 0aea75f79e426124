/**
 * The Images view: one row per image (`repository:tag`, size, age); dangling images only
 * when asked for. Rows carry the ImageSummary in `image`, which "Run Image…" reads.
 */
import * as vscode from 'vscode';
import type { ImageSummary } from '../engine/engine';
import { type ImageView, visibleImages } from './imagePresentation';
import type { ImagesModel } from './listModel';
import { ListTreeProvider } from './listTreeProvider';
import type { MessageNode } from './messageNode';

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

export class ImagesTreeProvider extends ListTreeProvider<ImageSummary, ImageNode> {
  constructor(
    model: ImagesModel,
    private readonly showDangling: () => boolean,
  ) {
    super(model, 'images', 'containerWorkflows.images.refresh');
  }

  protected rows(images: readonly ImageSummary[]): ImageNode[] {
    return visibleImages(images, this.showDangling()).map((v) => new ImageNode(v));
  }
}
