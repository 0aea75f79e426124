/**
 * How a sidebar command reports a failure: an unreachable engine is told to the monitor
 * (status bar and views follow) and the message says what to do, with Retry and Configure
 * Engine Host; any other failure says what the engine answered. Cancelling says nothing.
 */
import * as vscode from 'vscode';
import { EngineUnavailableError, engineMessage, isCancellation } from '../../engine/errors';
import type { Services } from '../../services';

export async function showEngineError(services: Services, what: string, err: unknown, hint?: string): Promise<void> {
  if (isCancellation(err)) {
    return;
  }
  if (err instanceof EngineUnavailableError) {
    services.monitor.reportUnavailable(err);
    services.output.warn(`${what}: ${err.message}`);
    const choice = await vscode.window.showErrorMessage(
      `${what}: ${err.problem.summary} ${err.problem.action}`,
      'Retry',
      'Configure Engine Host',
    );
    if (choice === 'Retry') {
      await vscode.commands.executeCommand('containerWorkflows.engine.retry');
    } else if (choice === 'Configure Engine Host') {
      await vscode.commands.executeCommand('containerWorkflows.engine.configure');
    }
    return;
  }
  const message = `${what}: ${engineMessage(err)}${hint ? ` ${hint}` : ''}`;
  services.output.error(message);
  const choice = await vscode.window.showErrorMessage(message, 'Show Output');
  if (choice) services.output.show(true);
}
