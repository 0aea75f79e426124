/**
 * Engine address -> dockerode constructor options. Pure apart from `readFile`,
 * which the caller passes so tests can hand in certificate text.
 */
import * as https from 'node:https';
import * as path from 'node:path';
import type { DockerOptions } from 'dockerode';
import { EndpointConfigError, type EngineEndpoint, socketPathOf } from './connection';
import { createSshAgent, sshAgentOf } from './sshTransport';

export type ReadFile = (p: string) => Buffer;

/**
 * docker-modem fills in defaults from process.env (DOCKER_HOST, DOCKER_CERT_PATH) and lets
 * them win over what it is given unless a key is set explicitly, so every key that it
 * reads from the environment is set here, undefined where it does not apply.
 */
const clean: DockerOptions = {
  socketPath: undefined,
  host: undefined,
  port: undefined,
  protocol: undefined,
  ca: undefined,
  cert: undefined,
  key: undefined,
  timeout: undefined,
};

export function toDockerodeOptions(
  endpoint: EngineEndpoint,
  readFile: ReadFile,
  env: Record<string, string | undefined> = {},
): DockerOptions {
  const url = endpoint.host;
  if (url.startsWith('unix://') || url.startsWith('npipe://')) {
    return { ...clean, socketPath: socketPathOf(url) };
  }
  const parsed = new URL(url);
  if (parsed.protocol === 'ssh:') {
    // HTTP through `ssh … docker system dial-stdio` (sshTransport.ts), not docker-modem's
    // own ssh2 path, which ignores ~/.ssh/config and accepts any host key. Clients of the
    // same endpoint share its connections. The host name only fills the Host header.
    return {
      ...clean,
      protocol: 'http',
      host: 'localhost',
      agent: sshAgentOf(endpoint) ?? createSshAgent(url, env, endpoint),
    } as DockerOptions;
  }
  if (parsed.protocol === 'tcp:' || parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    const tls = endpoint.tls !== undefined || parsed.protocol === 'https:';
    const options: DockerOptions = {
      ...clean,
      protocol: tls ? 'https' : 'http',
      host: parsed.hostname,
      port: parsed.port ? Number(parsed.port) : tls ? 2376 : 2375,
    };
    if (endpoint.tls) {
      const named = endpoint.tls.files ?? {};
      const where = (name: 'ca' | 'cert' | 'key') => named[name] ?? path.join(endpoint.tls!.certDir, `${name}.pem`);
      const file = (name: 'ca' | 'cert' | 'key') => {
        const p = where(name);
        try {
          return readFile(p);
        } catch {
          throw new EndpointConfigError(
            `TLS is on for ${url}, but ${p} cannot be read. Check ${named[name] ? 'the TLS settings (containerWorkflows.engine.tls…)' : 'DOCKER_CERT_PATH'}.`,
          );
        }
      };
      // Not checking the engine's certificate needs no CA.
      options.ca = endpoint.tls.verify ? file('ca') : readIfThere(readFile, where('ca'));
      // No client certificate at all (neither file there, none named): TLS that checks the
      // engine only, as the docker CLI does when the folder has just ca.pem.
      const cert = readIfThere(readFile, where('cert'));
      const key = readIfThere(readFile, where('key'));
      if (cert || key || named.cert || named.key) {
        options.cert = cert ?? file('cert');
        options.key = key ?? file('key');
      }
      if (!endpoint.tls.verify) {
        // docker-modem passes only key/cert/ca/agent to https, so "do not verify" needs an agent.
        (options as DockerOptions & { agent?: https.Agent }).agent = new https.Agent({
          ca: options.ca,
          cert: options.cert,
          key: options.key,
          rejectUnauthorized: false,
        });
      }
    }
    return options;
  }
  throw new EndpointConfigError(`Unsupported engine address ${url}.`);
}

function readIfThere(readFile: ReadFile, p: string): Buffer | undefined {
  try {
    return readFile(p);
  } catch {
    return undefined;
  }
}
