/**
 * Shows a failure the one way (decided in failure.ts): an unreachable engine is told to
 * the monitor (the status bar and the views follow) and offers Retry and Configure Engine
 * Host; any other failure offers Show Output, where the log has the detail. A cancellation
 * shows nothing.
 */
import * as vscode from 'vscode';
import type { Services } from '../../services';
import { describeFailure } from '../../ui/failure';

export type FailureServices = Pick<Services, 'monitor' | 'output'>;

export async function showFailure(services: FailureServices, what: string | undefined, err: unknown, hint?: string): Promise<void> {
  const report = describeFailure(err, what, hint);
  switch (report.kind) {
    case 'quiet':
      return;
    case 'engineUnavailable':
      services.monitor.reportUnavailable(report.error);
      services.output.warn(report.log);
      await offerEngineActions(report.message, 'error');
      return;
    case 'failed':
      await showFailureMessage(services, report.message, report.log);
      return;
  }
}

/** A failure said in words already: logged (with its detail), shown with Show Output. */
export async function showFailureMessage(
  services: Pick<Services, 'output'>,
  message: string,
  log: readonly string[] = [message],
): Promise<void> {
  for (const line of log) services.output.error(line);
  const choice = await vscode.window.showErrorMessage(message, 'Show Output');
  if (choice) services.output.show(true);
}

/** The engine's problem with the two ways out: try again, or point the extension at another engine. */
export async function offerEngineActions(message: string, severity: 'error' | 'warning'): Promise<void> {
  const show = severity === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
  const choice = await show(message, 'Retry', 'Configure Engine Host');
  if (choice === 'Retry') {
    await vscode.commands.executeCommand('containerWorkflows.engine.retry');
  } else if (choice === 'Configure Engine Host') {
    await vscode.commands.executeCommand('containerWorkflows.engine.configure');
  }
}
