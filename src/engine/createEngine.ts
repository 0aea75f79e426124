/** Builds the engine for an address setting, following the resolution order in connection.ts. */
import { readEndpointInputs, resolveEndpoint } from './connection';
import { DockerodeEngine } from './dockerodeEngine';
import type { ContainerEngine } from './engine';

export function createEngine(hostSetting: string | undefined, env: NodeJS.ProcessEnv = process.env): ContainerEngine {
  return new DockerodeEngine(resolveEndpoint(readEndpointInputs(hostSetting, env)), env);
}
