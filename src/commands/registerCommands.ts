/**
 * Registers every command id (commandIds.ts) through registerCommand, so its failures are shown
 * one way. The handlers come from the table in commandTable.ts, loaded on the first command run:
 * activation registers the ids only, without loading any command's code (esbuild.js LAZY).
 */
import type * as vscode from 'vscode';
import type { Services } from '../services';
import { COMMAND_IDS, type CommandId } from './commandIds';
import type * as CommandTableModule from './commandTable';
import { type CommandHandler, registerCommand } from './registerCommand';

export function registerCommands(services: Services): vscode.Disposable[] {
  let table: CommandTableModule.CommandTable | undefined;
  const handlerOf = (id: CommandId): CommandHandler => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load needs require: an import would load every command with the extension
    table ??= (require('./commandTable') as typeof CommandTableModule).commandTable(services);
    return table[id];
  };
  return COMMAND_IDS.map((id) => registerCommand(services, id, (...args: never[]) => handlerOf(id)(...args)));
}
