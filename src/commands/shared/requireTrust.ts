/**
 * The one trust gate. Building, running and converting execute the workspace's code (its
 * Dockerfile, its scripts, a container over its files), so in Restricted Mode those
 * commands do nothing and say why, with the way out. They are not disabled in package.json:
 * VS Code leaves a disabled command out of the Command Palette, where it could not explain.
 */
import * as vscode from 'vscode';

export const MANAGE_TRUST = 'Manage Workspace Trust';

/** Opens VS Code's workspace trust editor. */
export function manageWorkspaceTrust(): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.trust.manage');
}

/**
 * True in a trusted workspace. Otherwise shows `why` and offers Manage Workspace Trust, and
 * returns false at once: the command ends, the offer stays in the notification.
 */
export function requireTrust(why: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return Promise.resolve(true);
  void vscode.window
    .showWarningMessage(`${why}, so it needs a trusted workspace. This folder is open in Restricted Mode.`, MANAGE_TRUST)
    .then((choice) => choice === MANAGE_TRUST && manageWorkspaceTrust());
  return Promise.resolve(false);
}
