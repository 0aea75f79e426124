/** The Volumes view's one-line commands, and how a volume command finds its volume. */
import * as vscode from 'vscode';
import type { VolumeSummary } from '../../engine/volumes/volumeMapping';
import { listVolumes } from '../../engine/volumes/volumes';
import type { Services } from '../../services';
import { failingAs } from '../../ui/failure';
import { withDelayedProgress } from '../../ui/progress';
import { usersText } from '../../views/volumePresentation';
import { refreshList } from '../shared/refreshList';

export function refreshVolumes(services: Services) {
  return (): Promise<void> => {
    // The Files nodes under the volumes read again too (nothing tells when a volume's files change).
    services.sidebar.volumeFiles.forget();
    return refreshList(services, 'volumes');
  };
}

/** The volume of a clicked row, or one picked from the engine's list. */
export async function volumeFor(services: Services, arg: unknown, placeHolder: string): Promise<VolumeSummary | undefined> {
  const fromRow = (arg as { volume?: VolumeSummary } | undefined)?.volume;
  if (fromRow && typeof fromRow.name === 'string') return fromRow;
  const volumes = await failingAs('Could not list the volumes', () =>
    withDelayedProgress('Listing the volumes…', (signal) => listVolumes(services.monitor.engine.api, {}, signal)),
  );
  if (volumes.length === 0) {
    void vscode.window.showInformationMessage('The engine has no named volumes. Create one from the Volumes view.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    volumes.map((v) => ({ label: v.name, description: `${v.driver} · ${usersText(v)}`, volume: v })),
    { placeHolder },
  );
  return picked?.volume;
}

export function inspectVolumeCommand(services: Services) {
  return async (arg?: unknown): Promise<void> => {
    const volume = await volumeFor(services, arg, 'Choose a volume to inspect');
    if (!volume) return;
    await failingAs(`Could not inspect the volume ${volume.name}`, () => services.sidebar.inspect.show('volume', volume.name, volume.name));
  };
}
