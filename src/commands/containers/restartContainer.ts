import type { Services } from '../../services';
import { containersFor } from './containerTargets';
import { runContainerVerb } from './runContainerVerb';

/** Restarts the clicked or selected containers (a stopped one simply starts). */
export function restartContainer(services: Services) {
  return async (...args: unknown[]): Promise<void> => {
    const targets = await containersFor(services, args, {
      placeHolder: 'Choose the containers to restart',
      canPickMany: true,
      emptyMessage: 'There is no container to restart.',
    });
    if (targets.length > 0) await runContainerVerb(services, 'restart', targets);
  };
}
