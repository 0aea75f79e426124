/**
 * "Download…" on a file or folder under a container's Files node: into a folder of the
 * workspace (or one picked), asking before anything there is replaced; what cannot be
 * written (a link or file where a folder must go) is said, never followed.
 */
import * as vscode from 'vscode';
import { planDownload } from '../../engine/files/downloadPlan';
import { downloadToHost } from '../../engine/files/downloadToHost';
import type { Services } from '../../services';
import { FileEntryNode } from '../../views/containerFilesNodes';
import { runDownload } from '../shared/downloadFlow';

export function downloadContainerFile(services: Services) {
  return async (arg?: unknown): Promise<void> => {
    if (!(arg instanceof FileEntryNode) || arg.contextValue?.startsWith('fileEntry.') !== true) {
      void vscode.window.showInformationMessage(
        "Pick a file or folder under a container's Files node in the Containers view to download it.",
      );
      return;
    }
    const { containerId, path } = arg;
    await runDownload(services, {
      label: path,
      plan: (hostDir, signal) => planDownload(services.sidebar.files.get(containerId), path, hostDir, signal),
      download: (hostDir, options, signal) => downloadToHost(services.monitor.engine.api, containerId, path, hostDir, options, signal),
    });
  };
}
