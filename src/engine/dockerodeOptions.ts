/**
 * Engine address -> dockerode constructor options. Pure apart from `readFile`,
 * which the caller passes so tests can hand in certificate text.
 */
import * as https from 'node:https';
import * as path from 'node:path';
import type { DockerOptions } from 'dockerode';
import { EndpointConfigError, type EngineEndpoint, socketPathOf } from './connection';

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
    return {
      ...clean,
      protocol: 'ssh',
      host: parsed.hostname,
      port: parsed.port ? Number(parsed.port) : 22,
      username: decodeURIComponent(parsed.username) || undefined,
      // ssh2 talks to the user's agent for keys, as the Docker CLI does.
      sshOptions: env.SSH_AUTH_SOCK ? { agent: env.SSH_AUTH_SOCK } : {},
    };
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
      const file = (name: string) => {
        const p = path.join(endpoint.tls!.certDir, name);
        try {
          return readFile(p);
        } catch {
          throw new EndpointConfigError(`TLS is on for ${url}, but ${p} cannot be read. Check DOCKER_CERT_PATH.`);
        }
      };
      options.ca = file('ca.pem');
      options.cert = file('cert.pem');
      options.key = file('key.pem');
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
