/**
 * What the engine says about building: its API version and OS (GET /version) and its
 * preferred builder (the Builder-Version header of GET /_ping, which dockerode's ping()
 * does not expose, hence the raw request through docker-modem).
 */
import type Docker from 'dockerode';
import type { IncomingMessage } from 'node:http';
import { platformNameOf } from '../dockerodeMapping';
import type { EngineBuildFacts } from './builderChoice';

/** The part of docker-modem this code uses (dockerode types it as any). */
export interface ModemDialer {
  dial(options: Record<string, unknown>, callback: (err: (Error & { statusCode?: number }) | null, result: unknown) => void): void;
}

export function modemOf(docker: Docker): ModemDialer {
  return (docker as unknown as { modem: ModemDialer }).modem;
}

export function dial<T>(modem: ModemDialer, options: Record<string, unknown>): Promise<T> {
  return new Promise((resolve, reject) => modem.dial(options, (err, result) => (err ? reject(err) : resolve(result as T))));
}

export async function probeBuildFacts(docker: Docker, signal?: AbortSignal): Promise<EngineBuildFacts> {
  const modem = modemOf(docker);
  const ping = await dial<IncomingMessage>(modem, {
    path: '/_ping',
    method: 'GET',
    isStream: true,
    statusCodes: { 200: true, 500: 'server error' },
    abortSignal: signal,
  });
  const header = ping.headers['builder-version'];
  ping.resume();
  const version = (await (docker.version as (opts: object) => Promise<Docker.DockerVersion>)({
    abortSignal: signal,
  })) as Docker.DockerVersion & { Components?: { Name?: string }[] };
  return {
    apiVersion: version.ApiVersion,
    os: version.Os,
    platformName: platformNameOf(version),
    builderVersionHeader: Array.isArray(header) ? header[0] : header,
  };
}
