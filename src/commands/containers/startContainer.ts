import * as vscode from 'vscode';
import type { Services } from '../../services';
import { isUp } from '../../engine/containerPredicates';
import { containersFor } from './containerTargets';
import { applicable } from './containerOperations';
import { runContainerVerb } from './runContainerVerb';

/** Starts the clicked or selected containers; from the palette, asks which stopped ones. */
export function startContainer(services: Services) {
  return async (...args: unknown[]): Promise<void> => {
    const chosen = await containersFor(services, args, {
      placeHolder: 'Choose the containers to start',
      filter: (c) => !isUp(c.state),
      canPickMany: true,
      emptyMessage: 'There is no stopped container to start.',
    });
    const targets = applicable('start', chosen);
    if (targets.length === 0) {
      if (chosen.length > 0) void vscode.window.showInformationMessage('Nothing to start: the chosen containers are running already.');
      return;
    }
    await runContainerVerb(services, 'start', targets);
  };
}
