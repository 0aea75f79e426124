/** The one list of commands: id -> handler factory. Each handler lives in its own file. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { configureEngineHost } from './configureEngineHost';
import { retryEngine } from './retryEngine';

type Handler = (...args: any[]) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

export function registerCommands(services: Services): vscode.Disposable[] {
  const commands: Record<string, Handler> = {
    'containerWorkflows.engine.retry': retryEngine(services),
    'containerWorkflows.engine.configure': configureEngineHost,
  };
  return Object.entries(commands).map(([id, handler]) => vscode.commands.registerCommand(id, handler));
}
