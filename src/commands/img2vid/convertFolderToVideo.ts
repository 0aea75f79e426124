import type * as vscode from 'vscode';
import type { Services } from '../../services';
import { readImg2vidFps, readImg2vidOutputPattern } from '../../settings';
import { defaultOutputPath } from '../../workflows/outputPath';
import { confirmOutput } from './chooseOutput';
import { pickImageFolder } from './pickImageFolder';
import { requireTrust } from '../shared/requireTrust';
import { CONVERT_NEEDS_TRUST, runConversion } from './runConversion';

/** "Convert Folder to Video": the settings' fps and output, straight away. */
export function convertFolderToVideo(services: Services) {
  return async (uri?: vscode.Uri): Promise<void> => {
    // Before any question: in Restricted Mode there is nothing to ask about.
    if (!(await requireTrust(CONVERT_NEEDS_TRUST))) return;
    const folder = await pickImageFolder(uri);
    if (!folder) return;
    const target = await confirmOutput(defaultOutputPath(folder.fsPath, readImg2vidOutputPattern()));
    if (!target) return;
    await runConversion(services, { folder: folder.fsPath, output: target.output, fps: readImg2vidFps(), overwrite: target.overwrite });
  };
}
