/** What to do when the video's file exists already: replace it, or keep both. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { nextFreeName } from '../../workflows/outputPath';

/** Never over an existing file without asking. Returns the path and whether to overwrite, or undefined. */
export async function confirmOutput(output: string): Promise<{ output: string; overwrite: boolean } | undefined> {
  if (!fs.existsSync(output)) {
    return { output, overwrite: false };
  }
  const keepBoth = `Keep Both (${path.basename(nextFreeName(output))})`;
  const choice = await vscode.window.showWarningMessage(
    `${path.basename(output)} already exists in ${path.dirname(output)}.`,
    { modal: true, detail: 'Replace it with the new video, or write the new one under another name?' },
    'Replace',
    keepBoth,
  );
  if (choice === 'Replace') return { output, overwrite: true };
  if (choice === keepBoth) return { output: nextFreeName(output), overwrite: false };
  return undefined;
}
