import * as vscode from 'vscode';

/** Building and running execute the workspace's code: only in a trusted workspace. */
export async function requireTrust(what: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const choice = await vscode.window.showWarningMessage(`${what}: trust this workspace first.`, 'Manage Workspace Trust');
  if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
