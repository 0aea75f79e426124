/**
 * Start, stop, restart or remove the chosen containers with progress, then say how it
 * went: the successes in the status bar, each failure by name with what the engine said.
 * The view reloads at once instead of waiting for the engine event's debounce.
 */
import * as vscode from 'vscode';
import type { Services } from '../../services';
import { CONTAINERS_VIEW } from '../../views/sidebar';
import {
  type ContainerTarget,
  type ContainerVerb,
  type Outcome,
  describeTargets,
  removeContainers,
  restartContainers,
  startContainers,
  stopContainers,
  summarize,
  unavailableError,
} from './operations';
import { showEngineError } from './showEngineError';
import { withSidebarProgress } from './withSidebarProgress';

const gerund: Record<ContainerVerb, string> = { start: 'Starting', stop: 'Stopping', restart: 'Restarting', remove: 'Removing' };

export async function runContainerVerb(
  services: Services,
  verb: ContainerVerb,
  targets: readonly ContainerTarget[],
  options: { force?: boolean; volumes?: boolean } = {},
): Promise<Outcome[] | undefined> {
  const sidebar = services.sidebar;
  const what = describeTargets(targets);
  let outcomes: Outcome[];
  try {
    outcomes = await withSidebarProgress(sidebar.containersView, CONTAINERS_VIEW, `${gerund[verb]} ${what}…`, (signal) => {
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
    });
  } catch (err) {
    await showEngineError(services, `Could not ${verb} ${what}`, err);
    return undefined;
  }
  void sidebar.models.containers.refresh();
  const unavailable = unavailableError(outcomes);
  if (unavailable) {
    await showEngineError(services, `Could not ${verb} ${what}`, unavailable);
    return outcomes;
  }
  const { ok, errors } = summarize(verb, outcomes);
  if (ok) {
    services.output.info(ok);
    vscode.window.setStatusBarMessage(ok, 5000);
  }
  for (const error of errors) {
    services.output.error(error);
    void vscode.window.showErrorMessage(error, 'Show Output').then((c) => c && services.output.show(true));
  }
  return outcomes;
}
