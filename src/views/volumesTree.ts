/**
 * The Volumes view: one row per named volume (driver, size, who uses it). Sizes come from
 * the engine's disk usage, which can take seconds on a big engine: the rows show at once
 * and the sizes are filled in when that answer is in (asked again after each list).
 */
import * as vscode from 'vscode';
import type { ContainerEngine } from '../engine/engine';
import type { VolumeFilesRegistry } from '../files/volumeFilesRegistry';
import { type FileEntryNode, VolumeFilesNode, filesChildren } from './containerFilesNodes';
import type { VolumeSizes, VolumeSummary } from '../engine/volumes/volumeMapping';
import { volumeSizes } from '../engine/volumes/volumes';
import type { VolumesModel } from './listModel';
import { ListTreeProvider } from './listTreeProvider';
import { MessageNode } from './messageNode';
import { type VolumeView, volumeView } from './volumePresentation';

export class VolumeNode extends vscode.TreeItem {
  readonly kind = 'volume' as const;
  readonly volume: VolumeSummary;

  constructor(view: VolumeView) {
    // Collapsed: its read-only Files node is below it.
    super(view.label, vscode.TreeItemCollapsibleState.Collapsed);
    this.volume = view.volume;
    this.id = `volume:${view.volume.name}`;
    this.description = view.description;
    this.tooltip = new vscode.MarkdownString(view.tooltip);
    this.contextValue = view.contextValue;
    this.iconPath = new vscode.ThemeIcon('database');
  }
}

type VolumesRow = VolumeNode | VolumeFilesNode | FileEntryNode;
export type VolumesTreeNode = VolumesRow | MessageNode;

export class VolumesTreeProvider extends ListTreeProvider<VolumeSummary, VolumesRow> {
  private sizes: VolumeSizes | undefined;
  private sizing: AbortController | undefined;
  private readonly listening: { dispose(): void };

  constructor(
    model: VolumesModel,
    private readonly engine: () => ContainerEngine,
    private readonly files: VolumeFilesRegistry,
  ) {
    super(model, 'volumes', 'containerWorkflows.volumes.refresh');
    this.listening = model.onDidChange((state) => {
      if (state.kind === 'ready') this.measure();
    });
  }

  private measure(): void {
    this.sizing?.abort();
    const controller = (this.sizing = new AbortController());
    volumeSizes(this.engine().api, controller.signal).then(
      (sizes) => {
        if (controller.signal.aborted) return;
        this.sizes = sizes;
        this.redraw();
      },
      // Sizes are extra: the rows stand without them (the list itself reports engine trouble).
      () => undefined,
    );
  }

  protected rows(volumes: readonly VolumeSummary[]): VolumeNode[] {
    return volumes.map((v) => new VolumeNode(volumeView(v, this.sizes)));
  }

  protected override childrenOf(node: VolumesTreeNode): VolumesRow[] | Promise<(VolumesRow | MessageNode)[]> {
    if (node instanceof MessageNode) return [];
    switch (node.kind) {
      case 'volume':
        return [new VolumeFilesNode(node.volume.name)];
      case 'volumeFiles':
        return filesChildren(this.files, node);
      case 'fileEntry':
        return node.entry.kind === 'directory' ? filesChildren(this.files, node) : [];
    }
  }

  override dispose(): void {
    this.sizing?.abort();
    this.listening.dispose();
    super.dispose();
  }
}
