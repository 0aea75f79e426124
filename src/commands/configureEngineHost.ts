import * as vscode from 'vscode';

/** Opens the Settings editor on the engine address. */
export async function configureEngineHost(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openSettings', 'containerWorkflows.engine.host');
}
