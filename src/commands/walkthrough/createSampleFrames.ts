/**
 * "Create Sample Frames Folder": the walkthrough's way to try Convert Folder to Video in a
 * workspace without images. Writes a short animation drawn here (workflows/sampleFrames) into
 * a new folder of the first workspace folder, never into one that exists, and shows it in the
 * Explorer.
 */
import * as vscode from 'vscode';
import type { Services } from '../../services';
import { failingAs } from '../../ui/failure';
import { freeSampleFolderName, sampleFrames } from '../../workflows/sampleFrames';

export function createSampleFrames(services: Services) {
  return async (): Promise<vscode.Uri> => {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!root) {
      throw new Error('Open a folder first (File > Open Folder…): the sample frames go into the workspace.');
    }
    const taken = new Set((await vscode.workspace.fs.readDirectory(root)).map(([name]) => name));
    const folder = vscode.Uri.joinPath(root, freeSampleFolderName(taken));
    const frames = sampleFrames();
    await failingAs(`Could not write the sample frames into ${folder.fsPath}`, async () => {
      await vscode.workspace.fs.createDirectory(folder);
      for (const frame of frames) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, frame.name), frame.data);
    });
    services.output.info(`walkthrough: wrote ${frames.length} sample frames into ${folder.fsPath}`);
    await vscode.commands.executeCommand('revealInExplorer', folder);
    return folder;
  };
}
