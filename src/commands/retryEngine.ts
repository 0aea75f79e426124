import type { Services } from '../services';
import { offerEngineActions } from './shared/showFailure';

/** Reconnects to the engine; when it stays away, says why and what to do. */
export function retryEngine(services: Services) {
  return async (): Promise<void> => {
    services.monitor.reconfigure();
    const status = await services.monitor.check();
    services.events.restart();
    if (status.state === 'unavailable') {
      const message = `${status.problem.summary} ${status.problem.action}`;
      services.output.warn(message);
      await offerEngineActions(message, 'warning');
    } else if (status.state === 'connected') {
      services.output.info(`Engine ${status.version.version} at ${status.endpoint.host}`);
    }
  };
}
