/**
 * The one modal question before files are overwritten (Download… into the workspace,
 * Upload… into a container): Replace or Keep Them.
 */
import * as vscode from 'vscode';

export interface ReplaceQuestion {
  message: string;
  detail: string;
}

/** True: replace; false: keep the files that are there; undefined: the person closed the question (do nothing). */
export async function askReplace(question: ReplaceQuestion): Promise<boolean | undefined> {
  const choice = await vscode.window.showWarningMessage(question.message, { modal: true, detail: question.detail }, 'Replace', 'Keep Them');
  return choice === undefined ? undefined : choice === 'Replace';
}
