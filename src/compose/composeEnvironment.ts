/**
 * The engine the extension uses, told to the compose CLI, so Compose Up lands on the same
 * engine the sidebar shows. Pure: the endpoint comes from engine/connection.ts.
 *
 * Each flavour reads the address differently:
 * - the plugin is the docker CLI: `docker --context NAME compose …`, or DOCKER_HOST with
 *   DOCKER_TLS_VERIFY / DOCKER_TLS and DOCKER_CERT_PATH;
 * - docker-compose 1.29 takes `--context NAME` but ignores DOCKER_CONTEXT, and builds by
 *   running `docker build` with only its environment, so a context is passed both ways;
 *   with DOCKER_CERT_PATH and no DOCKER_TLS_VERIFY it uses TLS without verifying;
 * - a standalone v2 binary reads the docker CLI's environment (DOCKER_CONTEXT included).
 * Whatever the surrounding environment says about the engine is dropped first, so it can
 * never point the CLI somewhere else than the extension.
 */
import type { EngineEndpoint } from '../engine/connection';
import type { ComposeCli } from './composeCli';

/** The variables that choose an engine; none of the caller's own survive. */
const ENGINE_VARIABLES = ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_TLS', 'DOCKER_CERT_PATH'];

export interface EngineForCompose {
  env: Record<string, string>;
  /** Arguments before the compose command: `--context NAME` where the CLI takes it. */
  globalArgs: string[];
}

export function engineForCompose(cli: ComposeCli, endpoint: EngineEndpoint, baseEnv: Record<string, string | undefined>): EngineForCompose {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(baseEnv)) {
    if (value !== undefined && !ENGINE_VARIABLES.includes(key)) env[key] = value;
  }
  if (cli.major === 1 && !cli.dockerCliFound) {
    // 1.29 builds with the docker CLI by default; without one, its own builder works.
    env.COMPOSE_DOCKER_CLI_BUILD = '0';
  }

  if (endpoint.source === 'context' && endpoint.contextName) {
    const name = endpoint.contextName;
    env.DOCKER_CONTEXT = name;
    // The v2 standalone binary reads DOCKER_CONTEXT; the others are told on the command line.
    const globalArgs = cli.flavour === 'plugin' || cli.major === 1 ? ['--context', name] : [];
    return { env, globalArgs };
  }

  const { host, tls } = dockerHostFor(endpoint);
  env.DOCKER_HOST = host;
  if (tls) {
    if (tls.certDir) env.DOCKER_CERT_PATH = tls.certDir;
    if (tls.verify && tls.certDir) {
      env.DOCKER_TLS_VERIFY = '1';
    } else {
      // The docker CLI (plugin, v2) needs DOCKER_TLS for TLS without verification;
      // 1.29 takes DOCKER_CERT_PATH alone to mean the same.
      env.DOCKER_TLS = '1';
    }
  }
  return { env, globalArgs: [] };
}

/**
 * DOCKER_HOST as the CLIs accept it. The extension also takes http:// and https://
 * (dockerode does); the docker CLI only knows tcp://, so they are rewritten, https as TLS.
 */
function dockerHostFor(endpoint: EngineEndpoint): { host: string; tls?: { certDir?: string; verify: boolean } } {
  const { host } = endpoint;
  const tls = endpoint.tls ? { certDir: endpoint.tls.certDir, verify: endpoint.tls.verify } : undefined;
  if (host.startsWith('http://')) {
    return { host: `tcp://${host.slice('http://'.length)}`, tls };
  }
  if (host.startsWith('https://')) {
    // No certificates of its own: TLS as the CLI does it by default.
    return { host: `tcp://${host.slice('https://'.length)}`, tls: tls ?? { verify: false } };
  }
  return { host, tls };
}
