import * as vscode from 'vscode';
import type { Services } from '../../services';
import { isUp } from '../../engine/containerPredicates';
import { containersFor } from './containerTargets';
import { applicable } from './containerOperations';
import { runContainerVerb } from './runContainerVerb';

/** Stops the clicked or selected containers; from the palette, asks which running ones. */
export function stopContainer(services: Services) {
  return async (...args: unknown[]): Promise<void> => {
    const chosen = await containersFor(services, args, {
      placeHolder: 'Choose the containers to stop',
      filter: (c) => isUp(c.state),
      canPickMany: true,
      emptyMessage: 'There is no running container to stop.',
    });
    const targets = applicable('stop', chosen);
    if (targets.length === 0) {
      if (chosen.length > 0) void vscode.window.showInformationMessage('Nothing to stop: the chosen containers are stopped already.');
      return;
    }
    await runContainerVerb(services, 'stop', targets);
  };
}
