import * as vscode from 'vscode';
import { OWNER_LABEL, OWNER_VALUE } from '../../engine/engine';
import { nameProblem } from '../../engine/objectNames';
import { createVolume } from '../../engine/volumes/volumes';
import type { Services } from '../../services';
import { failingAs } from '../../ui/failure';
import { withCancellableProgress } from '../../ui/progress';
import { VOLUMES_VIEW } from '../../views/sidebar';

/** "Create Volume…": a local named volume; a name the engine would refuse is refused as it is typed, with the rule. */
export function createVolumeCommand(services: Services) {
  return async (): Promise<void> => {
    const name = await vscode.window.showInputBox({
      title: 'Create Volume',
      prompt: 'The name of the new volume, e.g. shared-data',
      ignoreFocusOut: true,
      validateInput: (text) => (text.trim() ? nameProblem('volume', text.trim()) : undefined),
    });
    if (!name?.trim()) return;
    const sidebar = services.sidebar;
    await failingAs(`Could not create the volume ${name.trim()}`, () =>
      withCancellableProgress(
        `Creating the volume ${name.trim()}…`,
        (signal) => createVolume(services.monitor.engine.api, { name: name.trim(), labels: { [OWNER_LABEL]: OWNER_VALUE } }, signal),
        { view: { id: VOLUMES_VIEW, treeView: sidebar.volumesView } },
      ),
    );
    await sidebar.models.volumes.refresh();
    vscode.window.setStatusBarMessage(`Created the volume ${name.trim()}`, 5000);
  };
}
