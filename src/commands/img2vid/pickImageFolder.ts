import * as vscode from 'vscode';

/** The folder of images: the one right-clicked, or one chosen in the folder dialog. */
export async function pickImageFolder(uri: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  if (uri) {
    return uri;
  }
  const chosen = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    openLabel: 'Convert to Video',
    title: 'Convert Folder to Video: choose the folder of images',
  });
  return chosen?.[0];
}
