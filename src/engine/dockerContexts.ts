/**
 * Docker contexts, for "Use Docker Context…": every context under
 * `$DOCKER_CONFIG/contexts/meta/*\/meta.json` plus `default`, where each one's engine is
 * (its docker endpoint, the TLS files under `contexts/tls/<sha256 of the name>/docker/`),
 * and which one is current. Pure: the inputs are connection.ts's EndpointInputs, which
 * `readEndpointInputs` gathers.
 *
 * A window may choose a context of its own (phase B remembers it per workspace): that
 * choice wins over everything else, as `docker --context` does; `default` then means this
 * extension's order without contexts (the setting, DOCKER_HOST, the default sockets).
 */
import * as path from 'node:path';
import { EndpointConfigError, type EndpointInputs, type EngineEndpoint, dockerConfigDir, resolveEndpoint } from './connection';

export const DEFAULT_CONTEXT = 'default';

export type CurrentContextSource = 'DOCKER_HOST' | 'DOCKER_CONTEXT' | 'config' | 'none';

export interface CurrentContext {
  name: string;
  /** Why it is the current one: DOCKER_HOST set (then it is `default`), DOCKER_CONTEXT, config.json, or nothing said. */
  source: CurrentContextSource;
}

export interface DockerContextSummary {
  name: string;
  description: string;
  /** The engine address, as the context names it; for `default`, what this extension would use. */
  host: string;
  current: boolean;
  tls: 'none' | 'verify' | 'noVerify';
  /** Folder with ca.pem / cert.pem / key.pem, when the context has TLS files. */
  tlsDir?: string;
}

/** The current context as the docker CLI decides it: DOCKER_HOST means `default`, then DOCKER_CONTEXT, then config.json. */
export function currentContext(inputs: Pick<EndpointInputs, 'env' | 'configCurrentContext'>): CurrentContext {
  if (inputs.env.DOCKER_HOST?.trim()) return { name: DEFAULT_CONTEXT, source: 'DOCKER_HOST' };
  const fromEnv = inputs.env.DOCKER_CONTEXT?.trim();
  if (fromEnv) return { name: fromEnv, source: 'DOCKER_CONTEXT' };
  const fromConfig = inputs.configCurrentContext?.trim();
  if (fromConfig) return { name: fromConfig, source: 'config' };
  return { name: DEFAULT_CONTEXT, source: 'none' };
}

/** The inputs with every context choice taken away: what `default` resolves to. */
function withoutContexts(inputs: EndpointInputs): EndpointInputs {
  const env = { ...inputs.env };
  delete env.DOCKER_CONTEXT;
  return { ...inputs, env, configCurrentContext: undefined };
}

/** `default` first, then the others by name; `current` marks the one in use when the window chose none (or `chosen`). */
export function listDockerContexts(inputs: EndpointInputs, chosen?: string): DockerContextSummary[] {
  const inUse = chosen ?? currentContext(inputs).name;
  let defaultHost: string;
  try {
    defaultHost = resolveEndpoint(withoutContexts(inputs)).host;
  } catch (err) {
    defaultHost = (err as Error).message;
  }
  const others = [...inputs.contexts]
    .filter((c) => c.name !== DEFAULT_CONTEXT)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map<DockerContextSummary>((c) => ({
      name: c.name,
      description: c.description ?? '',
      host: c.host,
      current: c.name === inUse,
      tls: c.host.startsWith('tcp://') && c.tlsDir ? (c.skipTlsVerify ? 'noVerify' : 'verify') : 'none',
      ...(c.tlsDir ? { tlsDir: c.tlsDir } : {}),
    }));
  return [
    {
      name: DEFAULT_CONTEXT,
      description: 'The default engine: the setting, DOCKER_HOST or the default socket',
      host: defaultHost,
      current: inUse === DEFAULT_CONTEXT,
      tls: 'none',
    },
    ...others,
  ];
}

/** The engine of one context, by name. */
export function endpointForContext(name: string, inputs: EndpointInputs): EngineEndpoint {
  if (name === DEFAULT_CONTEXT) return resolveEndpoint(withoutContexts(inputs));
  if (!inputs.contexts.some((c) => c.name === name)) {
    throw new EndpointConfigError(
      `The Docker context "${name}" was not found in ${path.join(dockerConfigDir(inputs.env, inputs.homeDir), 'contexts', 'meta')}. Choose another one with "Use Docker Context…", or run "docker context ls".`,
    );
  }
  // resolveEndpoint reads the context named by DOCKER_CONTEXT; the setting and DOCKER_HOST must not come first here.
  const env: Record<string, string | undefined> = { ...inputs.env, DOCKER_CONTEXT: name };
  delete env.DOCKER_HOST;
  return resolveEndpoint({ ...inputs, setting: undefined, env });
}

/** The engine this window uses: its chosen context when it has one, else the usual order. */
export function resolveEndpointWithContext(inputs: EndpointInputs, chosen: string | undefined): EngineEndpoint {
  return chosen ? endpointForContext(chosen, inputs) : resolveEndpoint(inputs);
}

/** The name for the status bar: the context's name, or undefined for an engine that came from no context. */
export function contextLabel(endpoint: EngineEndpoint, chosen: string | undefined): string | undefined {
  if (endpoint.contextName) return endpoint.contextName;
  return chosen === DEFAULT_CONTEXT ? DEFAULT_CONTEXT : undefined;
}
