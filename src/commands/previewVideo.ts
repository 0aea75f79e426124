import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { Services } from '../services';

/** "Preview Video": any .mp4/.webm in the same panel as converted videos. */
export function previewVideo(services: Services) {
  return async (uri?: vscode.Uri): Promise<void> => {
    let target = uri;
    if (!target) {
      const active = vscode.window.activeTextEditor?.document.uri;
      target =
        active && /\.(mp4|webm|m4v)$/i.test(active.fsPath)
          ? active
          : (
              await vscode.window.showOpenDialog({
                canSelectMany: false,
                filters: { Videos: ['mp4', 'webm', 'm4v'] },
                title: 'Preview Video',
                defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
              })
            )?.[0];
    }
    if (!target) return;
    if (!fs.existsSync(target.fsPath)) {
      void vscode.window.showErrorMessage(`${target.fsPath} does not exist.`);
      return;
    }
    services.preview.show(target.fsPath);
  };
}
