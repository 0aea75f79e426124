/** Typed access to the extension's settings; the names live here once. */
import * as vscode from 'vscode';

const section = 'containerWorkflows';

export function readEngineHostSetting(): string | undefined {
  return vscode.workspace.getConfiguration(section).get<string>('engine.host')?.trim() || undefined;
}
