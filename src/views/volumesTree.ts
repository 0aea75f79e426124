/**
 * The Volumes view: one row per named volume (driver, size, who uses it). Sizes come from
 * the engine's disk usage, which can take seconds on a big engine: the rows show at once
 * and the sizes are filled in when that answer is in (asked again after each list).
 */
import * as vscode from 'vscode';
import type { ContainerEngine } from '../engine/engine';
import type { VolumeSizes, VolumeSummary } from '../engine/volumes/volumeMapping';
import { volumeSizes } from '../engine/volumes/volumes';
import type { VolumesModel } from './listModel';
import { ListTreeProvider } from './listTreeProvider';
import type { MessageNode } from './messageNode';
import { type VolumeView, volumeView } from './volumePresentation';

export class VolumeNode extends vscode.TreeItem {
  readonly kind = 'volume' as const;
  readonly volume: VolumeSummary;

  constructor(view: VolumeView) {
    super(view.label, vscode.TreeItemCollapsibleState.None);
    this.volume = view.volume;
    this.id = `volume:${view.volume.name}`;
    this.description = view.description;
    this.tooltip = new vscode.MarkdownString(view.tooltip);
    this.contextValue = view.contextValue;
    this.iconPath = new vscode.ThemeIcon('database');
  }
}

export type VolumesTreeNode = VolumeNode | MessageNode;

export class VolumesTreeProvider extends ListTreeProvider<VolumeSummary, VolumeNode> {
  private sizes: VolumeSizes | undefined;
  private sizing: AbortController | undefined;
  private readonly listening: { dispose(): void };

  constructor(
    model: VolumesModel,
    private readonly engine: () => ContainerEngine,
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

  override dispose(): void {
    this.sizing?.abort();
    this.listening.dispose();
    super.dispose();
  }
}
