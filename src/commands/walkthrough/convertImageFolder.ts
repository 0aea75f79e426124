/**
 * "Convert a Folder of Images…", the walkthrough's video step: offers the workspace's own
 * folders of images first (workflows/imageFolders picks them), then a sample folder drawn
 * by the extension, or any folder through the dialog; the pick goes to Convert Folder to
 * Video. The workspace search is bounded and can be cancelled.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CancelledError } from '../../engine/errors';
import type { Services } from '../../services';
import { withDelayedProgress } from '../../ui/progress';
import { imageFilesGlob, imageFolderCandidates } from '../../workflows/imageFolders';

/** Enough files to find the folders people mean, without walking a huge tree to its end. */
const SEARCH_LIMIT = 5000;

type Choice = vscode.QuickPickItem & { action: 'folder' | 'sample' | 'dialog'; folder?: vscode.Uri };

export function convertImageFolder(services: Services) {
  return async (): Promise<void> => {
    const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const files = roots.length
      ? await withDelayedProgress('Looking for folders of images in this workspace…', async (signal) => {
          const cancel = new vscode.CancellationTokenSource();
          signal.addEventListener('abort', () => cancel.cancel(), { once: true });
          try {
            const uris = await vscode.workspace.findFiles(imageFilesGlob(), undefined, SEARCH_LIMIT, cancel.token);
            // A cancelled search may answer with what it had: the person asked to stop, so nothing is offered.
            if (signal.aborted) throw new CancelledError();
            return uris;
          } finally {
            cancel.dispose();
          }
        })
      : [];
    const found = imageFolderCandidates(
      files.map((f) => f.fsPath),
      roots,
    );
    services.output.info(`walkthrough: ${found.length} folder(s) of images offered from ${files.length} image file(s)`);
    const choices: Choice[] = [
      ...found.map((f) => ({
        label: `$(file-media) ${f.relative || path.basename(f.folder)}`,
        description: `${f.images} images`,
        action: 'folder' as const,
        folder: vscode.Uri.file(f.folder),
      })),
      { label: '', kind: vscode.QuickPickItemKind.Separator, action: 'dialog' },
      ...(roots.length
        ? [
            {
              label: '$(add) Create a Sample Frames Folder and Convert It',
              description: 'drawn here, nothing downloaded',
              action: 'sample' as const,
            },
          ]
        : []),
      { label: '$(folder-opened) Choose Another Folder…', action: 'dialog' },
    ];
    const picked = await vscode.window.showQuickPick(choices, {
      title: 'Convert a Folder of Images to a Video',
      placeHolder: found.length
        ? 'A folder of images in this workspace, or a sample one'
        : 'No folder of images in this workspace: make a sample one, or choose a folder',
    });
    if (!picked) return;
    const folder =
      picked.action === 'folder'
        ? picked.folder
        : picked.action === 'sample'
          ? await vscode.commands.executeCommand<vscode.Uri | undefined>('containerWorkflows.walkthrough.createSampleFrames')
          : undefined;
    if (picked.action !== 'dialog' && !folder) return;
    await vscode.commands.executeCommand('containerWorkflows.img2vid.convert', folder);
  };
}
