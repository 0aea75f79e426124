/**
 * "Use Docker Context…": picks the engine of this window from the Docker contexts on disk
 * (or the default engine) and remembers the choice for the workspace. The switch itself is
 * the monitor's: the old engine's terminals and follows end, its connections (an ssh
 * engine's processes) close, and the status bar, the views and the event stream follow.
 */
import * as vscode from 'vscode';
import { describeHost, readEndpointInputs } from '../engine/connection';
import { currentContext, listDockerContexts } from '../engine/dockerContexts';
import { contextInUse, contextPickItems, switchedMessage } from '../pickers/contextPickItems';
import type { Services } from '../services';
import { readChosenContext, readEngineHostSetting, storeChosenContext } from '../settings';
import { withCancellableProgress } from '../ui/progress';
import { offerEngineActions } from './shared/showFailure';

export function useDockerContext(services: Services) {
  return async (): Promise<void> => {
    const state = services.context.workspaceState;
    const inputs = readEndpointInputs(readEngineHostSetting());
    const inUse = contextInUse(readChosenContext(state), services.monitor.status.endpoint, currentContext(inputs).name);
    const items = contextPickItems(listDockerContexts(inputs, inUse));
    const picked = await vscode.window.showQuickPick(items, {
      title: 'Use Docker Context',
      placeHolder: 'The engine this window talks to (remembered for this workspace)',
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (!picked) return;
    const previous = readChosenContext(state);
    await storeChosenContext(state, picked.contextName);
    const status = await withCancellableProgress(`Switching to ${picked.contextName}…`, async (signal) => {
      services.monitor.reconfigure();
      const checked = await services.monitor.check(signal);
      services.events.restart();
      return signal.aborted ? undefined : checked;
    });
    if (!status) {
      // Cancelled: the window goes back to the engine it had.
      await storeChosenContext(state, previous);
      services.monitor.reconfigure();
      void services.monitor.check();
      services.events.restart();
      return;
    }
    const host = status.endpoint ? describeHost(status.endpoint) : picked.description;
    services.output.info(switchedMessage(picked, host, status.state === 'connected'));
    if (status.state === 'unavailable') {
      await offerEngineActions(`${switchedMessage(picked, host, false)} ${status.problem.summary} ${status.problem.action}`, 'warning');
    } else {
      void vscode.window.showInformationMessage(switchedMessage(picked, host, true));
    }
  };
}
