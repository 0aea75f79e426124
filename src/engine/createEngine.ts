/** Builds the engine for an address setting, following the resolution order in connection.ts. */
import { readEndpointInputs, resolveEndpoint } from './connection';
import type * as DockerodeEngineModule from './dockerodeEngine';
import type { ContainerEngine } from './engine';

export function createEngine(hostSetting: string | undefined, env: NodeJS.ProcessEnv = process.env): ContainerEngine {
  const endpoint = resolveEndpoint(readEndpointInputs(hostSetting, env));
  // dockerode (with ssh2, grpc and protobufjs) takes ~150 ms to load: load it on first use,
  // not when the extension starts.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load needs require: an import would load it with the extension
  const { DockerodeEngine } = require('./dockerodeEngine') as typeof DockerodeEngineModule;
  return new DockerodeEngine(endpoint, env);
}
