/** "Copy as docker run Command": the exact CLI equivalent of the last run of an image. */
import * as vscode from 'vscode';
import { toDockerRunCommand } from '../../engine/runArgs';
import type { Services } from '../../services';
import { toRunRequest } from '../../workflows/runConfig';
import { imageRef } from '../shared/targets';

export function copyRunCommand(services: Services) {
  return async (arg?: unknown): Promise<void> => {
    const entries = services.runHistory.entries();
    const ref =
      imageRef(arg) ??
      (entries.length
        ? await vscode.window.showQuickPick(
            entries.map((e) => e.image),
            { title: 'Copy as docker run Command' },
          )
        : undefined);
    const config = ref ? services.runHistory.get(ref) : undefined;
    if (!config) {
      void vscode.window.showInformationMessage(
        ref
          ? `${ref} has not been run from here yet: use Run Image… (its form can copy the command too).`
          : 'Nothing has been run in this workspace yet.',
      );
      return;
    }
    const line = toDockerRunCommand(toRunRequest(config), { includeLabels: true });
    await vscode.env.clipboard.writeText(line);
    void vscode.window.showInformationMessage(`Copied: ${line}`);
  };
}
