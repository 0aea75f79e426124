/** "Get Started with Container Workflows": opens the extension's walkthrough, from the Command Palette too. */
import * as vscode from 'vscode';
import type { Services } from '../../services';
import { WALKTHROUGH_ID } from './walkthroughId';

export function openWalkthrough(services: Services) {
  return async (): Promise<void> => {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${services.context.extension.id}#${WALKTHROUGH_ID}`, false);
  };
}
