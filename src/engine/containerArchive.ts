/**
 * Copying files into and out of a container through the engine's archive API
 * (`PUT /containers/{id}/archive`, `GET /containers/{id}/archive`): tar streams, so it works
 * with an engine on another machine, where bind mounts would name that machine's paths.
 *
 * Kept beside DockerodeEngine rather than in it for now: it reaches the same endpoint with
 * the same transport (an ssh endpoint shares its engine's connections, see
 * dockerodeOptions.ts), and can become two ContainerEngine methods once the adapter is split.
 */
import * as fs from 'node:fs';
import type { Readable } from 'node:stream';
import Docker from 'dockerode';
import type { ContainerEngine } from './engine';
import { toDockerodeOptions } from './dockerodeOptions';
import {
  CancelledError,
  EngineUnavailableError,
  describeConnectionFailure,
  isCancellation,
  isConnectionFailure,
  toEngineRequestError,
} from './errors';
import type { EngineEndpoint } from './connection';

export interface ContainerArchive {
  /** Unpacks `tar` into the container at `containerPath`, a folder that exists there (the container need not run). */
  putArchive(id: string, containerPath: string, tar: Readable, signal?: AbortSignal): Promise<void>;
  /** `containerPath` of the container (a file or a folder) as a tar stream. */
  getArchive(id: string, containerPath: string, signal?: AbortSignal): Promise<Readable>;
}

/** An engine that can copy files itself (a test's fake); the dockerode one is made from the endpoint. */
function hasArchive(engine: object): engine is ContainerArchive {
  const e = engine as Partial<ContainerArchive>;
  return typeof e.putArchive === 'function' && typeof e.getArchive === 'function';
}

export function containerArchiveFor(engine: ContainerEngine): ContainerArchive {
  return hasArchive(engine) ? engine : new DockerodeArchive(engine.endpoint);
}

export class DockerodeArchive implements ContainerArchive {
  private readonly docker: Docker;

  constructor(
    private readonly endpoint: EngineEndpoint,
    env: Record<string, string | undefined> = process.env,
  ) {
    this.docker = new Docker(toDockerodeOptions(endpoint, (p) => fs.readFileSync(p), env));
  }

  private translate(err: unknown, signal?: AbortSignal): Error {
    if (signal?.aborted || isCancellation(err)) return new CancelledError();
    if (err instanceof EngineUnavailableError) return err;
    if (isConnectionFailure(err)) return new EngineUnavailableError(describeConnectionFailure(err, this.endpoint), err);
    return toEngineRequestError(err);
  }

  async putArchive(id: string, containerPath: string, tar: Readable, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new CancelledError();
    try {
      await this.docker.getContainer(id).putArchive(tar, { path: containerPath, abortSignal: signal });
    } catch (err) {
      tar.destroy();
      throw this.translate(err, signal);
    }
  }

  async getArchive(id: string, containerPath: string, signal?: AbortSignal): Promise<Readable> {
    if (signal?.aborted) throw new CancelledError();
    try {
      return (await this.docker.getContainer(id).getArchive({ path: containerPath, abortSignal: signal })) as unknown as Readable;
    } catch (err) {
      throw this.translate(err, signal);
    }
  }
}
