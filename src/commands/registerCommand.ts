/**
 * The one way in for a command: registered through here, its handler's failures are shown
 * by showFailure, never by VS Code's bare "command failed".
 */
import * as vscode from 'vscode';
import { guard } from './shared/guard';
import { type FailureServices, showFailure } from './shared/showFailure';

/** Any handler: VS Code passes what the entry point gives (a Uri, a tree node and the selection, a string). */
export type CommandHandler = (...args: never[]) => unknown;

export function registerCommand(services: FailureServices, id: string, handler: CommandHandler): vscode.Disposable {
  const guarded = guard(
    (...args: unknown[]) => handler(...(args as never[])),
    (err) => showFailure(services, undefined, err),
  );
  return vscode.commands.registerCommand(id, guarded);
}
