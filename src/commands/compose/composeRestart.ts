import type { Services } from '../../services';
import { failingAs } from '../../ui/failure';
import { requireTrust } from '../shared/requireTrust';
import { chooseComposeSource, runComposeCommand, sourceLabel } from './composeRun';

/** Compose Restart: every service of the file or project restarts (a stopped one starts). */
export function composeRestart(services: Services) {
  return async (...args: unknown[]): Promise<void> => {
    if (!(await requireTrust("Compose Restart runs the compose CLI on the workspace's compose file and its .env"))) return;
    const source = await chooseComposeSource(args, 'restart');
    if (!source) return;
    const label = sourceLabel(source);
    await failingAs(`Could not restart ${label}`, () =>
      runComposeCommand(services, source, { kind: 'restart' }, `Compose Restart ${label}`),
    );
  };
}
