import type { Services } from '../../services';
import { failingAs } from '../../ui/failure';
import { requireTrust } from '../shared/requireTrust';
import { chooseComposeSource, runComposeCommand, sourceLabel } from './composeRun';

/** Compose Pull: the images of the file's or project's services, with progress in the Compose output; Cancel stops the CLI. */
export function composePull(services: Services) {
  return async (...args: unknown[]): Promise<void> => {
    if (!(await requireTrust("Compose Pull runs the compose CLI on the workspace's compose file and its .env"))) return;
    const source = await chooseComposeSource(args, 'pull the images of');
    if (!source) return;
    const label = sourceLabel(source);
    await failingAs(`Could not pull the images of ${label}`, () =>
      runComposeCommand(services, source, { kind: 'pull' }, `Compose Pull ${label}`),
    );
  };
}
