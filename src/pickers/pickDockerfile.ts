import * as vscode from 'vscode';

/** A Dockerfile from the workspace; the only one is taken without asking. */
export async function pickDockerfile(): Promise<vscode.Uri | undefined> {
  const found = await vscode.workspace.findFiles(
    '**/{Dockerfile,Containerfile,*.Dockerfile,Dockerfile.*}',
    '**/{node_modules,.git}/**',
    200,
  );
  if (found.length === 0) {
    const choice = await vscode.window.showWarningMessage('No Dockerfile in the workspace.', 'Add Docker Files…');
    if (choice) await vscode.commands.executeCommand('containerWorkflows.templates.scaffold');
    return undefined;
  }
  if (found.length === 1) return found[0];
  const picked = await vscode.window.showQuickPick(
    found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })).sort((a, b) => a.label.localeCompare(b.label)),
    { title: 'Build Image: pick the Dockerfile', matchOnDescription: true },
  );
  return picked?.uri;
}
