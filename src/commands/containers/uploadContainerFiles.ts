/**
 * "Upload…" on a folder (or the Files root) under a container's Files node: host files go
 * into that folder through the archive endpoint, so a stopped container and one without a
 * shell take them too. Asks before replacing a file that is there; the folder is read again
 * afterwards.
 */
import * as vscode from 'vscode';
import { UploadCancelledError, planUpload, uploadFromHost } from '../../engine/files/uploadFromHost';
import type { Services } from '../../services';
import { askReplace } from '../shared/askReplace';
import { CommandFailure, failingAs } from '../../ui/failure';
import { withCancellableProgress } from '../../ui/progress';
import { ContainerFilesNode, FileEntryNode } from '../../views/containerFilesNodes';
import { formatSize } from '../../util/formatSize';
import { hostPathsToUpload, uploadCancelledNotice, uploadQuestion, uploadRefusal, uploadSummary } from './uploadWording';

/** The container and folder of a clicked Files root or folder row; undefined for anything else. */
function uploadTarget(arg: unknown): { containerId: string; dir: string } | undefined {
  if (arg instanceof ContainerFilesNode) return { containerId: arg.containerId, dir: '/' };
  if (arg instanceof FileEntryNode && arg.entry.kind === 'directory' && arg.contextValue === 'fileEntry.directory') {
    return { containerId: arg.containerId, dir: arg.path };
  }
  return undefined;
}

export function uploadContainerFiles(services: Services) {
  return async (arg?: unknown): Promise<void> => {
    const target = uploadTarget(arg);
    if (!target) {
      void vscode.window.showInformationMessage(
        "Pick a container's Files node or a folder below it in the Containers view to upload files into it.",
      );
      return;
    }
    const { containerId, dir } = target;
    const picked = await vscode.window.showOpenDialog({
      canSelectFiles: true,
      canSelectFolders: false,
      canSelectMany: true,
      title: `Upload into ${dir}`,
      openLabel: 'Upload',
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    if (!picked || picked.length === 0) return;
    const api = services.monitor.engine.api;
    const what = `Could not upload into ${dir}`;
    const plan = await failingAs(what, () =>
      withCancellableProgress(`Looking at ${dir}…`, (signal) =>
        planUpload(
          api,
          containerId,
          dir,
          picked.map((uri) => uri.fsPath),
          signal,
        ),
      ),
    );
    const refusal = uploadRefusal(plan);
    if (refusal) throw new Error(`${what}: ${refusal}`);
    const question = uploadQuestion(plan);
    const replace = question ? await askReplace(question) : true;
    if (replace === undefined) return;
    const hostPaths = hostPathsToUpload(plan, replace);
    if (hostPaths.length === 0) return;
    try {
      const result = await failingAs(what, () =>
        withCancellableProgress(
          `Uploading into ${dir}…`,
          (signal, progress) =>
            uploadFromHost(api, containerId, dir, hostPaths, signal, (bytes) => progress.report({ message: formatSize(bytes) })),
          { track: services.work },
        ),
      );
      void vscode.window.showInformationMessage(uploadSummary(result, dir, plan.items.length - hostPaths.length));
    } catch (err) {
      // Cancelled part way: what had arrived stays (nothing can take it out again), so say what it is.
      const cancelled = err instanceof CommandFailure ? err.reason : err;
      if (cancelled instanceof UploadCancelledError) void vscode.window.showWarningMessage(uploadCancelledNotice(cancelled, dir));
      throw err;
    } finally {
      // Also after a cancel or a failure: part of it may have landed. The folder rows read the container again.
      services.sidebar.files.forget(containerId);
      services.sidebar.containersTree.redraw();
    }
  };
}
