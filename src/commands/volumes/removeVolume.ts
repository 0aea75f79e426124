import * as vscode from 'vscode';
import { removeVolume, unusedVolumes } from '../../engine/volumes/volumes';
import { removeVolumes } from '../../engine/volumes/volumes';
import type { Services } from '../../services';
import { failingAs } from '../../ui/failure';
import { withCancellableProgress } from '../../ui/progress';
import { VOLUMES_VIEW } from '../../views/sidebar';
import { pruneQuestion, volumeRemovalRefusal } from '../../views/volumePresentation';
import { volumeFor } from './volumesViewCommands';

/**
 * "Remove…" on a volume: refused, with the containers that use it, while any does (the
 * engine would refuse too); otherwise asked first, since its data goes with it.
 */
export function removeVolumeCommand(services: Services) {
  return async (arg?: unknown): Promise<void> => {
    const volume = await volumeFor(services, arg, 'Choose a volume to remove');
    if (!volume) return;
    const refusal = volumeRemovalRefusal(volume);
    if (refusal) throw new Error(refusal);
    const choice = await vscode.window.showWarningMessage(
      `Remove the volume ${volume.name}?`,
      { modal: true, detail: 'Its files go with it; no container uses it now.' },
      'Remove',
    );
    if (choice !== 'Remove') return;
    const sidebar = services.sidebar;
    await failingAs(`Could not remove the volume ${volume.name}`, () =>
      withCancellableProgress(
        `Removing the volume ${volume.name}…`,
        (signal) => removeVolume(services.monitor.engine.api, volume.name, signal),
        {
          view: { id: VOLUMES_VIEW, treeView: sidebar.volumesView },
        },
      ),
    );
    await sidebar.models.volumes.refresh();
    vscode.window.setStatusBarMessage(`Removed the volume ${volume.name}`, 5000);
  };
}

/** "Prune Unused Volumes…": lists what would go, asks, then removes exactly those. */
export function pruneVolumesCommand(services: Services) {
  return async (): Promise<void> => {
    const api = services.monitor.engine.api;
    const unused = await failingAs('Could not list the unused volumes', () =>
      withCancellableProgress('Looking for unused volumes…', (signal) => unusedVolumes(api, {}, signal)),
    );
    const question = pruneQuestion(unused.map((v) => v.name));
    if (!question) {
      void vscode.window.showInformationMessage('No volume is unused: nothing to prune.');
      return;
    }
    const choice = await vscode.window.showWarningMessage(question.message, { modal: true, detail: question.detail }, 'Remove');
    if (choice !== 'Remove') return;
    const outcome = await failingAs('Could not prune the volumes', () =>
      withCancellableProgress('Removing unused volumes…', (signal) =>
        removeVolumes(
          api,
          unused.map((v) => v.name),
          signal,
        ),
      ),
    );
    await services.sidebar.models.volumes.refresh();
    if (outcome.refused.length > 0) {
      throw new Error(`Kept ${outcome.refused.map((r) => `${r.name} (${r.reason})`).join('; ')}. Removed ${outcome.removed.length}.`);
    }
    vscode.window.setStatusBarMessage(`Removed ${outcome.removed.length} unused volume${outcome.removed.length === 1 ? '' : 's'}`, 5000);
  };
}
