/** "Run Again": the last choices for an image, at once. A taken port sends the person to the form. */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { engineFileAccess } from '../../engine/engineLocality';
import type { Services } from '../../services';
import { portProbe } from '../../workflows/hostPorts';
import { withFreshCopyVolumes, withoutCopies } from '../../workflows/runCopies';
import { formatArgumentLine } from '../../workflows/runValidation';
import { requireTrust } from '../shared/requireTrust';
import { imageRef } from '../shared/targets';
import { startRun } from './startRun';

export function runImageAgain(services: Services) {
  return async (arg?: unknown): Promise<void> => {
    if (!(await requireTrust('Running an image starts its code'))) return;
    let ref = imageRef(arg);
    if (!ref) {
      const entries = services.runHistory.entries();
      if (entries.length === 0) {
        void vscode.window
          .showInformationMessage('Nothing has been run in this workspace yet.', 'Run Image…')
          .then((c) => c && vscode.commands.executeCommand('containerWorkflows.image.run'));
        return;
      }
      ref = (
        await vscode.window.showQuickPick(
          entries.map((e) => ({ label: e.image, description: formatArgumentLine(e.args), ref: e.image })),
          { title: 'Run Again' },
        )
      )?.ref;
      if (!ref) return;
    }
    const remembered = services.runHistory.get(ref);
    if (!remembered) {
      await vscode.commands.executeCommand('containerWorkflows.image.run', ref);
      return;
    }
    // Copies through volumes are for an engine that cannot see this machine; each run gets volumes of its own.
    const config =
      engineFileAccess(services.monitor.engine.endpoint) === 'copy'
        ? withFreshCopyVolumes(remembered, randomBytes(3).toString('hex'))
        : withoutCopies(remembered);
    const isPortFree = await portProbe(services.monitor.engine);
    for (const port of config.ports) {
      if (!(await isPortFree(port.hostPort, port.protocol))) {
        void vscode.window.showWarningMessage(`Port ${port.hostPort} is in use now: choose another in the run form.`);
        await vscode.commands.executeCommand('containerWorkflows.image.run', ref);
        return;
      }
    }
    if (config !== remembered) await services.runHistory.remember(config);
    await startRun(services, config);
  };
}
