/**
 * "Download…" on a file or folder under a container's Files node: into a folder of the
 * workspace (or one picked), asking before anything there is replaced; what cannot be
 * written (a link or file where a folder must go) is said, never followed.
 */
import * as vscode from 'vscode';
import { planDownload } from '../../engine/files/downloadPlan';
import { downloadToHost } from '../../engine/files/downloadToHost';
import type { Services } from '../../services';
import { askReplace } from '../shared/askReplace';
import { failingAs } from '../../ui/failure';
import { withCancellableProgress } from '../../ui/progress';
import { FileEntryNode } from '../../views/containerFilesNodes';
import { downloadQuestion, downloadSummary } from './downloadWording';

export function downloadContainerFile(services: Services) {
  return async (arg?: unknown): Promise<void> => {
    if (!(arg instanceof FileEntryNode)) {
      void vscode.window.showInformationMessage(
        "Pick a file or folder under a container's Files node in the Containers view to download it.",
      );
      return;
    }
    const { containerId, path } = arg;
    const [folder] =
      (await vscode.window.showOpenDialog({
        canSelectFolders: true,
        canSelectFiles: false,
        canSelectMany: false,
        title: `Download ${path} into…`,
        openLabel: 'Download Here',
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      })) ?? [];
    if (!folder) return;
    const files = services.sidebar.files.get(containerId);
    const api = services.monitor.engine.api;
    const plan = await failingAs(`Could not download ${path}`, () =>
      withCancellableProgress(`Looking at ${path}…`, (signal) => planDownload(files, path, folder.fsPath, signal)),
    );
    const question = downloadQuestion(plan);
    const replace = question ? await askReplace(question) : false;
    if (replace === undefined) return;
    const result = await failingAs(`Could not download ${path}`, () =>
      withCancellableProgress(
        `Downloading ${path}…`,
        (signal) => downloadToHost(api, containerId, path, folder.fsPath, { replace }, signal),
        { track: services.work },
      ),
    );
    void vscode.window.showInformationMessage(downloadSummary(result));
  };
}
