/** Where the video goes: the default next to the folder, and what to do when it exists. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** `name.mp4` -> `name-2.mp4`, `name-3.mp4`, … the first that does not exist. */
export function nextFreeName(file: string, exists: (p: string) => boolean = fs.existsSync): string {
  const ext = path.extname(file);
  const base = file.slice(0, file.length - ext.length);
  for (let i = 2; ; i++) {
    const candidate = `${base}-${i}${ext}`;
    if (!exists(candidate)) return candidate;
  }
}

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
