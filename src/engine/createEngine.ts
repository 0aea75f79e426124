/** Builds the engine for an address setting, following the resolution order in connection.ts. */
import { readEndpointInputs } from './connection';
import { resolveEndpointWithContext } from './dockerContexts';
import type * as DockerodeEngineModule from './dockerodeEngine';
import type { ContainerEngine } from './engine';
import { type TlsSettings, applyTlsSettings } from './tlsSettings';

export interface EngineChoice {
  /** containerWorkflows.engine.tls* (they go with the host setting). */
  tls?: TlsSettings;
  /** A Docker context this window chose; it wins over the setting and DOCKER_HOST, as `docker --context` does. */
  context?: string;
}

export function createEngine(
  hostSetting: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  choice: EngineChoice = {},
): ContainerEngine {
  const inputs = readEndpointInputs(hostSetting, env);
  const endpoint = applyTlsSettings(resolveEndpointWithContext(inputs, choice.context), choice.tls ?? {}, env, inputs.homeDir);
  // dockerode (with ssh2, grpc and protobufjs) takes ~150 ms to load: load it on first use,
  // not when the extension starts.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load needs require: an import would load it with the extension
  const { DockerodeEngine } = require('./dockerodeEngine') as typeof DockerodeEngineModule;
  return new DockerodeEngine(endpoint, env);
}
