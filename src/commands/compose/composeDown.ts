import * as vscode from 'vscode';
import { downCommandFor, downQuestion } from '../../compose/composeSources';
import type { Services } from '../../services';
import { failingAs } from '../../ui/failure';
import { requireTrust } from '../shared/requireTrust';
import { chooseComposeSource, runComposeCommand, sourceLabel } from './composeRun';

/** Compose Down: removes the project's containers and networks; its volumes only when the person says so. */
export function composeDown(services: Services) {
  return async (...args: unknown[]): Promise<void> => {
    if (!(await requireTrust("Compose Down runs the compose CLI on the workspace's compose file and its .env"))) return;
    const source = await chooseComposeSource(args, 'take down');
    if (!source) return;
    const label = sourceLabel(source);
    const question = downQuestion(label);
    const answer = await vscode.window.showWarningMessage(question.message, { modal: true, detail: question.detail }, ...question.choices);
    const command = downCommandFor(answer);
    if (!command) return;
    await failingAs(`Could not take down ${label}`, () => runComposeCommand(services, source, command, `Compose Down ${label}`));
  };
}
