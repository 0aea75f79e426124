/**
 * Start, stop, restart or remove the chosen containers with progress, then say how it
 * went: the successes in the status bar, each failure by name with what the engine said.
 * The view reloads at once when the verb is done, without waiting for the engine event.
 */
import * as vscode from 'vscode';
import type { Services } from '../../services';
import { CONTAINERS_VIEW } from '../../views/sidebar';
import {
  type ContainerTarget,
  type ContainerVerb,
  describeTargets,
  removeContainers,
  restartContainers,
  startContainers,
  stopContainers,
  summarize,
  unavailableError,
} from './containerOperations';
import { CommandFailure, failingAs } from '../../ui/failure';
import { showFailureMessage } from '../shared/showFailure';
import { withCancellableProgress } from '../../ui/progress';

const gerund: Record<ContainerVerb, string> = { start: 'Starting', stop: 'Stopping', restart: 'Restarting', remove: 'Removing' };

export async function runContainerVerb(
  services: Services,
  verb: ContainerVerb,
  targets: readonly ContainerTarget[],
  options: { force?: boolean; volumes?: boolean } = {},
): Promise<void> {
  const sidebar = services.sidebar;
  const what = describeTargets(targets);
  const failed = `Could not ${verb} ${what}`;
  const outcomes = await failingAs(failed, () =>
    withCancellableProgress(
      `${gerund[verb]} ${what}…`,
      (signal) => {
        const engine = services.monitor.engine;
        switch (verb) {
          case 'start':
            return startContainers(engine, targets, signal);
          case 'stop':
            return stopContainers(engine, targets, signal);
          case 'restart':
            return restartContainers(engine, targets, signal);
          case 'remove':
            return removeContainers(engine, targets, { force: options.force ?? false, volumes: options.volumes ?? false }, signal);
        }
      },
      { view: { id: CONTAINERS_VIEW, treeView: sidebar.containersView } },
    ),
  );
  void sidebar.models.containers.refresh();
  const unavailable = unavailableError(outcomes);
  if (unavailable) throw new CommandFailure(failed, unavailable);
  const { ok, errors } = summarize(verb, outcomes);
  if (ok) {
    services.output.info(ok);
    vscode.window.setStatusBarMessage(ok, 5000);
  }
  for (const error of errors) void showFailureMessage(services, error);
}
