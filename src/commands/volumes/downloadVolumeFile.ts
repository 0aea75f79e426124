/**
 * "Download…" on a volume's Files node, or a file or folder below it: the same flow as a
 * container's (asks before replacing), each look through its own never-started helper.
 * The volume's top lands in a folder named after the volume.
 */
import * as vscode from 'vscode';
import { VOLUME_FILE_SCHEME } from '../../files/containerFileUri';
import type { Services } from '../../services';
import { FileEntryNode, VolumeFilesNode } from '../../views/containerFilesNodes';
import { volumeDownloadLabel } from '../containers/downloadWording';
import { runDownload } from '../shared/downloadFlow';

/** The volume and path of a clicked row; undefined for anything else (a link, a row of a container). */
function volumeTarget(arg: unknown): { volume: string; path: string } | undefined {
  if (arg instanceof VolumeFilesNode) return { volume: arg.volume, path: '/' };
  if (arg instanceof FileEntryNode && arg.scheme === VOLUME_FILE_SCHEME && (arg.entry.kind === 'file' || arg.entry.kind === 'directory')) {
    return { volume: arg.containerId, path: arg.path };
  }
  return undefined;
}

export function downloadVolumeFile(services: Services) {
  return async (arg?: unknown): Promise<void> => {
    const target = volumeTarget(arg);
    if (!target) {
      void vscode.window.showInformationMessage(
        "Pick a volume's Files node, or a file or folder below it, in the Volumes view to download it.",
      );
      return;
    }
    const { volume, path } = target;
    const files = () => services.sidebar.volumeFiles.get(volume);
    await runDownload(services, {
      label: volumeDownloadLabel(volume, path),
      plan: (hostDir, signal) => files().planDownload(path, hostDir, signal),
      download: (hostDir, options, signal) => files().downloadToHost(path, hostDir, options, signal),
    });
  };
}
