/**
 * A dockerode client for the address the rest of the project would use (setting >
 * DOCKER_HOST > Docker context > default sockets), for code that needs dockerode itself
 * rather than the ContainerEngine interface: the BuildKit build, until the engine adapter
 * offers it. Failures come out as the project's errors, as the adapter's do.
 */
import * as fs from 'node:fs';
import Docker from 'dockerode';
import { EndpointConfigError, readEndpointInputs, resolveEndpoint, type EngineEndpoint } from '../connection';
import { toDockerodeOptions } from '../dockerodeOptions';
import {
  CancelledError,
  EngineUnavailableError,
  describeConnectionFailure,
  isCancellation,
  isConnectionFailure,
  toEngineRequestError,
} from '../errors';

export interface DockerClient {
  docker: Docker;
  endpoint: EngineEndpoint;
  /** A failed call as EngineUnavailableError, CancelledError or EngineRequestError. */
  translate: (err: unknown, signal?: AbortSignal) => Error;
}

export function createDockerClient(hostSetting: string | undefined, env: NodeJS.ProcessEnv = process.env): DockerClient {
  const endpoint = resolveEndpoint(readEndpointInputs(hostSetting, env));
  let docker: Docker;
  try {
    docker = new Docker(toDockerodeOptions(endpoint, (p) => fs.readFileSync(p), env));
  } catch (err) {
    if (err instanceof EndpointConfigError) throw err;
    throw new EndpointConfigError(
      `Cannot set up the engine connection: ${(err as Error).message}. Check DOCKER_HOST and DOCKER_CERT_PATH.`,
    );
  }
  const translate = (err: unknown, signal?: AbortSignal): Error => {
    if (signal?.aborted || isCancellation(err)) return err instanceof CancelledError ? err : new CancelledError();
    if (err instanceof EngineUnavailableError || err instanceof CancelledError) return err;
    if (isConnectionFailure(err)) return new EngineUnavailableError(describeConnectionFailure(err, endpoint), err);
    return toEngineRequestError(err);
  };
  return { docker, endpoint, translate };
}
