/**
 * The one ContainerEngine implementation, on dockerode. Everything dockerode-shaped stays
 * in engine/dockerode*.ts: callers get the project's own types and errors. This file makes
 * the client and says which part answers what:
 *
 *   dockerodeCalls.ts       the call + translate core, the request deadline, the stream consumer
 *   dockerodeContainers.ts  list, inspect, create, run, the lifecycle verbs, wait
 *   dockerodeImages.ts      list, inspect, build, remove
 *   dockerodeStreams.ts     attach, logs, exec, events
 */
import * as fs from 'node:fs';
import Docker from 'dockerode';
import { EndpointConfigError, type EngineEndpoint } from './connection';
import { DockerodeCalls } from './dockerodeCalls';
import { DockerodeContainers } from './dockerodeContainers';
import { versionJson } from './dockerodeDial';
import { DockerodeImages } from './dockerodeImages';
import { platformNameOf } from './dockerodeMapping';
import { toDockerodeOptions } from './dockerodeOptions';
import { DockerodeStreams } from './dockerodeStreams';
import type {
  BuildEvent,
  BuildRequest,
  BuildResult,
  ContainerDetails,
  ContainerEngine,
  ContainerSummary,
  EngineEvent,
  EngineVersion,
  ExecSession,
  ImageConfig,
  ImageSummary,
  LogOptions,
  OutputSink,
  RemoveOptions,
  RunRequest,
} from './engine';
import { PING_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from './errors';
import { StrandedContainers } from './strandedContainers';

export interface EngineTimeouts {
  /** A version check. */
  pingMs?: number;
  /** A quick request: inspect, list. Streams, builds, waits and stops have none. */
  requestMs?: number;
}

function createClient(endpoint: EngineEndpoint, env: Record<string, string | undefined>): Docker {
  try {
    return new Docker(toDockerodeOptions(endpoint, (p) => fs.readFileSync(p), env));
  } catch (err) {
    if (err instanceof EndpointConfigError) throw err;
    // docker-modem reads DOCKER_CERT_PATH itself when DOCKER_HOST is tcp.
    throw new EndpointConfigError(
      `Cannot set up the engine connection: ${(err as Error).message}. Check DOCKER_HOST and DOCKER_CERT_PATH.`,
    );
  }
}

export class DockerodeEngine implements ContainerEngine {
  private readonly calls: DockerodeCalls;
  private readonly pingMs: number;
  private readonly containers: DockerodeContainers;
  private readonly images: DockerodeImages;
  private readonly streams: DockerodeStreams;
  /** Step containers of builds the engine was stopped in the middle of; removed once it answers again. */
  private readonly stranded: StrandedContainers;

  constructor(
    readonly endpoint: EngineEndpoint,
    env: Record<string, string | undefined> = process.env,
    timeouts: EngineTimeouts = {},
  ) {
    const docker = createClient(endpoint, env);
    this.pingMs = timeouts.pingMs ?? PING_TIMEOUT_MS;
    this.calls = new DockerodeCalls(docker, endpoint, timeouts.requestMs ?? REQUEST_TIMEOUT_MS);
    this.stranded = new StrandedContainers((id) => docker.getContainer(id).remove({ force: true }));
    this.containers = new DockerodeContainers(this.calls);
    this.images = new DockerodeImages(this.calls, this.stranded, () => this.answers());
    this.streams = new DockerodeStreams(this.calls);
  }

  async version(signal?: AbortSignal): Promise<EngineVersion> {
    const v = await this.calls.quick(signal, (limited) => versionJson(this.calls.docker, limited), this.pingMs);
    // Back after it stopped mid-build: the step containers of that build go now.
    this.stranded.removeAll();
    return {
      version: v.Version,
      apiVersion: v.ApiVersion,
      os: v.Os,
      arch: v.Arch,
      // Podman names itself in Components ("Podman Engine"); Platform.Name is its OS there.
      platformName: platformNameOf(v),
    };
  }

  private answers(): Promise<boolean> {
    return this.version().then(
      () => true,
      () => false,
    );
  }

  inspectRaw(kind: 'container' | 'image', id: string, signal?: AbortSignal): Promise<unknown> {
    return kind === 'container' ? this.containers.inspectJson(id, signal) : this.images.inspectJson(id, signal);
  }

  listContainers(query?: { all?: boolean; label?: string }, signal?: AbortSignal): Promise<ContainerSummary[]> {
    return this.containers.listContainers(query, signal);
  }
  inspectContainer(id: string, signal?: AbortSignal): Promise<ContainerDetails | undefined> {
    return this.containers.inspectContainer(id, signal);
  }
  create(request: RunRequest, signal?: AbortSignal): Promise<string> {
    return this.containers.create(request, signal);
  }
  run(request: RunRequest, signal?: AbortSignal): Promise<string> {
    return this.containers.run(request, signal);
  }
  wait(id: string, signal?: AbortSignal): Promise<number> {
    return this.containers.wait(id, signal);
  }
  start(id: string, signal?: AbortSignal): Promise<void> {
    return this.containers.start(id, signal);
  }
  stop(id: string, signal?: AbortSignal): Promise<void> {
    return this.containers.stop(id, signal);
  }
  restart(id: string, signal?: AbortSignal): Promise<void> {
    return this.containers.restart(id, signal);
  }
  kill(id: string, signal?: AbortSignal): Promise<void> {
    return this.containers.kill(id, signal);
  }
  remove(id: string, options?: RemoveOptions, signal?: AbortSignal): Promise<void> {
    return this.containers.remove(id, options, signal);
  }

  listImages(query?: { includeDangling?: boolean; label?: string }, signal?: AbortSignal): Promise<ImageSummary[]> {
    return this.images.listImages(query, signal);
  }
  inspectImage(ref: string, signal?: AbortSignal): Promise<ImageConfig | undefined> {
    return this.images.inspectImage(ref, signal);
  }
  build(request: BuildRequest, onEvent: (event: BuildEvent) => void, signal?: AbortSignal): Promise<BuildResult> {
    return this.images.build(request, onEvent, signal);
  }
  removeImage(id: string, options?: { force?: boolean }, signal?: AbortSignal): Promise<void> {
    return this.images.removeImage(id, options, signal);
  }

  attach(id: string, sink: OutputSink, onAttached: () => void, signal?: AbortSignal): Promise<void> {
    return this.streams.attach(id, sink, onAttached, signal);
  }
  logs(id: string, options: LogOptions, sink: OutputSink, signal?: AbortSignal): Promise<void> {
    return this.streams.logs(id, options, sink, signal);
  }
  exec(
    id: string,
    command: string[],
    options: { tty: boolean; columns?: number; rows?: number },
    signal?: AbortSignal,
  ): Promise<ExecSession> {
    return this.streams.exec(id, command, options, signal);
  }
  events(onEvent: (event: EngineEvent) => void, signal?: AbortSignal): Promise<void> {
    return this.streams.events(onEvent, signal);
  }
}
