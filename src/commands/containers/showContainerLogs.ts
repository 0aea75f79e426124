import type { Services } from '../../services';
import { openLogTerminal } from '../../terminals/containerLogTerminal';
import { containersFor } from './containerTargets';

/** Follows the logs of the clicked or selected containers, one terminal each; it keeps following across restarts. */
export function showContainerLogs(services: Services) {
  return async (...args: unknown[]): Promise<void> => {
    const targets = await containersFor(services, args, {
      placeHolder: 'Choose a container to follow the logs of',
      canPickMany: false,
      emptyMessage: 'There is no container to show the logs of.',
    });
    targets.forEach((c, i) =>
      openLogTerminal(
        () => services.monitor.engine,
        services.events,
        c.id,
        c.name,
        i === targets.length - 1,
        services.monitor.engineLifetime,
      ),
    );
  };
}
