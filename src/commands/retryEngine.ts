import * as vscode from 'vscode';
import type { Services } from '../services';
import { configureEngineHost } from './configureEngineHost';

/** Reconnects to the engine; when it stays away, says why and what to do. */
export function retryEngine(services: Services) {
  return async (): Promise<void> => {
    services.monitor.reconfigure();
    const status = await services.monitor.check();
    services.events.restart();
    if (status.state === 'unavailable') {
      services.output.warn(`${status.problem.summary} ${status.problem.action}`);
      const choice = await vscode.window.showWarningMessage(
        `${status.problem.summary} ${status.problem.action}`,
        'Retry',
        'Configure Engine Host',
      );
      if (choice === 'Retry') {
        await vscode.commands.executeCommand('containerWorkflows.engine.retry');
      } else if (choice === 'Configure Engine Host') {
        await configureEngineHost();
      }
    } else if (status.state === 'connected') {
      services.output.info(`Engine ${status.version.version} at ${status.endpoint.host}`);
    }
  };
}
