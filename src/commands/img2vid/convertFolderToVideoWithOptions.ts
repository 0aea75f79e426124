import * as vscode from 'vscode';
import type { Services } from '../../services';
import { readImg2vidFps, readImg2vidOutputPattern } from '../../settings';
import { defaultOutputPath } from '../../workflows/outputPath';
import { frameRateProblem, parseFrameRate } from '../../workflows/frameRate';
import { pickImageFolder } from './pickImageFolder';
import { requireTrust } from '../shared/requireTrust';
import { CONVERT_NEEDS_TRUST, runConversion } from './runConversion';

/** "Convert Folder to Video with Options…": asks the frame rate and where to save. */
export function convertFolderToVideoWithOptions(services: Services) {
  return async (uri?: vscode.Uri): Promise<void> => {
    // Before any question: in Restricted Mode there is nothing to ask about.
    if (!(await requireTrust(CONVERT_NEEDS_TRUST))) return;
    const folder = await pickImageFolder(uri);
    if (!folder) return;
    const fps = await vscode.window.showInputBox({
      title: 'Convert Folder to Video (1/2)',
      prompt: 'Frames per second',
      value: String(readImg2vidFps()),
      validateInput: frameRateProblem,
    });
    if (fps === undefined) return;
    const output = await vscode.window.showSaveDialog({
      title: 'Convert Folder to Video (2/2): save the video as',
      defaultUri: vscode.Uri.file(defaultOutputPath(folder.fsPath, readImg2vidOutputPattern())),
      filters: { 'MP4 video': ['mp4'] },
      saveLabel: 'Convert',
    });
    if (!output) return;
    // The save dialog already asked before replacing an existing file.
    await runConversion(services, {
      folder: folder.fsPath,
      output: output.fsPath,
      fps: parseFrameRate(fps.trim()) ?? readImg2vidFps(),
      overwrite: true,
    });
  };
}
