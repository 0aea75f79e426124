import * as vscode from 'vscode';

/** A workspace folder, or any folder inside one through the folder dialog. */
export async function pickWorkspaceFolder(options: { title: string; openLabel: string }): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showErrorMessage('Open a folder first: the files go into the workspace.');
    return undefined;
  }
  const browse = { label: '$(folder-opened) Choose a folder…', uri: undefined as vscode.Uri | undefined };
  const picked = await vscode.window.showQuickPick(
    [...folders.map((f) => ({ label: `$(root-folder) ${f.name}`, description: f.uri.fsPath, uri: f.uri })), browse],
    { title: options.title, placeHolder: 'A workspace folder, or choose one inside it' },
  );
  if (!picked) {
    return undefined;
  }
  if (picked.uri) {
    return picked.uri;
  }
  const chosen = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    defaultUri: folders[0].uri,
    openLabel: options.openLabel,
    title: options.title,
  });
  return chosen?.[0];
}
