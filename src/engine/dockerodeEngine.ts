/**
 * The one ContainerEngine implementation, on dockerode. Everything dockerode-shaped stays
 * in this file: callers get the project's own types and errors.
 */
import * as fs from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import Docker from 'dockerode';
import { packBuildContext } from './buildContext';
import { BuildOutcome, parseStreamLine } from './buildOutput';
import { EndpointConfigError, type EngineEndpoint } from './connection';
import { inspectImageJson } from './dockerodeImageInspect';
import { toDockerodeOptions } from './dockerodeOptions';
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
import {
  CancelledError,
  EngineUnavailableError,
  PING_TIMEOUT_MS,
  REQUEST_TIMEOUT_MS,
  describeConnectionFailure,
  engineStoppedError,
  isCancellation,
  isConnectionFailure,
  toEngineRequestError,
  withRequestTimeout,
} from './errors';
import { toCreateOptions } from './runArgs';
import {
  platformNameOf,
  toContainerDetails,
  toContainerSummary,
  toEngineEvent,
  toImageConfig,
  toImageSummary,
  volumesToLookUp,
} from './dockerodeMapping';
import { StrandedContainers } from './strandedContainers';
import { RawDecoder, StreamDemuxer, consumeChunks, consumeLines } from './streamDemux';

export interface EngineTimeouts {
  /** A version check. */
  pingMs?: number;
  /** A quick request: inspect, list. Streams, builds, waits and stops have none. */
  requestMs?: number;
}

export class DockerodeEngine implements ContainerEngine {
  private readonly docker: Docker;
  private readonly pingMs: number;
  private readonly requestMs: number;
  /** Step containers of builds the engine was stopped in the middle of; removed once it answers again. */
  private readonly stranded = new StrandedContainers((id) => this.docker.getContainer(id).remove({ force: true }));

  constructor(
    readonly endpoint: EngineEndpoint,
    env: Record<string, string | undefined> = process.env,
    timeouts: EngineTimeouts = {},
  ) {
    this.pingMs = timeouts.pingMs ?? PING_TIMEOUT_MS;
    this.requestMs = timeouts.requestMs ?? REQUEST_TIMEOUT_MS;
    try {
      this.docker = new Docker(toDockerodeOptions(endpoint, (p) => fs.readFileSync(p), env));
    } catch (err) {
      if (err instanceof EndpointConfigError) throw err;
      // docker-modem reads DOCKER_CERT_PATH itself when DOCKER_HOST is tcp.
      throw new EndpointConfigError(
        `Cannot set up the engine connection: ${(err as Error).message}. Check DOCKER_HOST and DOCKER_CERT_PATH.`,
      );
    }
  }

  /** Runs one engine call and turns its failure into the project's errors. */
  private async call<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
    if (signal?.aborted) {
      throw new CancelledError();
    }
    try {
      return await work();
    } catch (err) {
      throw this.translate(err, signal);
    }
  }

  /** A quick request: `call` with the request deadline (an engine that never answers does not hang the caller). */
  private quick<T>(signal: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return withRequestTimeout(this.endpoint, this.requestMs, signal, (limited) => this.call(limited, () => work(limited)));
  }

  private translate(err: unknown, signal?: AbortSignal): Error {
    if (signal?.aborted || isCancellation(err)) {
      return err instanceof CancelledError ? err : new CancelledError();
    }
    if (err instanceof EngineUnavailableError || err instanceof CancelledError) {
      return err;
    }
    if (isConnectionFailure(err)) {
      return new EngineUnavailableError(describeConnectionFailure(err, this.endpoint), err);
    }
    return toEngineRequestError(err);
  }

  async version(signal?: AbortSignal): Promise<EngineVersion> {
    const v = await withRequestTimeout(this.endpoint, this.pingMs, signal, (limited) =>
      this.call(limited, () => (this.docker.version as (opts: object) => Promise<Docker.DockerVersion>)({ abortSignal: limited })),
    );
    // Back after it stopped mid-build: the step containers of that build go now.
    this.stranded.removeAll();
    return {
      version: v.Version,
      apiVersion: v.ApiVersion,
      os: v.Os,
      arch: v.Arch,
      // Podman names itself in Components ("Podman Engine"); Platform.Name is its OS there.
      platformName: platformNameOf(v as { Platform?: { Name?: string }; Components?: { Name?: string }[] }),
    };
  }

  listContainers(query: { all?: boolean; label?: string } = {}, signal?: AbortSignal): Promise<ContainerSummary[]> {
    return this.quick(signal, async (limited) => {
      const filters = query.label ? { label: [query.label] } : undefined;
      const raw = await this.docker.listContainers({
        all: query.all ?? true,
        filters,
        abortSignal: limited,
      } as Docker.ContainerListOptions);
      return raw.map(toContainerSummary);
    });
  }

  listImages(query: { includeDangling?: boolean; label?: string } = {}, signal?: AbortSignal): Promise<ImageSummary[]> {
    return this.quick(signal, async (limited) => {
      const filters: Record<string, string[]> = {};
      if (!query.includeDangling) {
        filters.dangling = ['false'];
      }
      if (query.label) {
        filters.label = [query.label];
      }
      const raw = await this.docker.listImages({ filters, abortSignal: limited } as Docker.ListImagesOptions);
      return raw.map(toImageSummary);
    });
  }

  async inspectImage(ref: string, signal?: AbortSignal): Promise<ImageConfig | undefined> {
    try {
      const info = await this.quick(signal, (limited) => inspectImageJson(this.docker, ref, limited));
      return toImageConfig(info);
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) {
        return undefined;
      }
      throw err;
    }
  }

  async inspectContainer(id: string, signal?: AbortSignal): Promise<ContainerDetails | undefined> {
    try {
      const info = await this.quick(signal, (limited) => this.docker.getContainer(id).inspect({ abortSignal: limited } as object));
      // Inspect gives no volume labels; look up only the volumes whose name leaves it open.
      const labels = new Map<string, Record<string, string>>();
      await Promise.all(
        volumesToLookUp(info.Mounts).map(async (name) => {
          const volume = await this.quick(signal, (limited) =>
            this.docker.getVolume(name).inspect({ abortSignal: limited } as object),
          ).catch(() => undefined);
          if (volume) labels.set(name, volume.Labels ?? {});
        }),
      );
      return toContainerDetails(info, (name) => labels.get(name));
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) {
        return undefined;
      }
      throw err;
    }
  }

  inspectRaw(kind: 'container' | 'image', id: string, signal?: AbortSignal): Promise<unknown> {
    return this.quick<unknown>(signal, (limited) =>
      kind === 'container'
        ? this.docker.getContainer(id).inspect({ abortSignal: limited } as object)
        : inspectImageJson(this.docker, id, limited),
    );
  }

  async build(request: BuildRequest, onEvent: (event: BuildEvent) => void, signal?: AbortSignal): Promise<BuildResult> {
    const context = packBuildContext(request.contextDir, request.dockerfile);
    const outcome = new BuildOutcome();
    try {
      const stream = (await this.call(signal, () =>
        this.docker.buildImage(
          context as unknown as NodeJS.ReadableStream,
          {
            t: request.tag,
            dockerfile: request.dockerfile.split('\\').join('/'),
            labels: request.labels,
            buildargs: request.buildArgs,
            rm: true,
            // Also remove the intermediate containers of a failed or cancelled step.
            forcerm: true,
            abortSignal: signal,
          } as Docker.ImageBuildOptions,
        ),
      )) as Readable;
      await consumeLines(stream, signal, (line) => {
        for (const event of outcome.accept(parseStreamLine(line))) {
          onEvent(event);
        }
      });
    } catch (err) {
      context.destroy();
      const failure = this.translate(err, signal);
      if (failure instanceof EngineUnavailableError) this.stranded.add(outcome.intermediateContainers);
      throw failure;
    }
    if (!outcome.finished && !signal?.aborted && !(await this.answers())) {
      // The stream ended cleanly but early: the engine went away mid-build.
      this.stranded.add(outcome.intermediateContainers);
      throw engineStoppedError(this.endpoint, 'the build');
    }
    return outcome.finish(request.tag);
  }

  private async answers(): Promise<boolean> {
    return this.version().then(
      () => true,
      () => false,
    );
  }

  async create(request: RunRequest, signal?: AbortSignal): Promise<string> {
    const container = await this.call(signal, () =>
      this.docker.createContainer({ ...toCreateOptions(request), abortSignal: signal } as Docker.ContainerCreateOptions),
    );
    return container.id;
  }

  async run(request: RunRequest, signal?: AbortSignal): Promise<string> {
    const id = await this.create(request, signal);
    try {
      await this.start(id, signal);
    } catch (err) {
      // A container that never started is of no use to anyone: do not leave it behind.
      // Its anonymous volumes hold only what the image put there: they go too.
      await this.docker
        .getContainer(id)
        .remove({ force: true, v: true })
        .catch(() => undefined);
      throw err;
    }
    return id;
  }

  async attach(id: string, sink: OutputSink, onAttached: () => void, signal?: AbortSignal): Promise<void> {
    const container = this.docker.getContainer(id);
    const info = await this.quick(signal, (limited) => container.inspect({ abortSignal: limited } as object));
    const decoder = info.Config.Tty ? new RawDecoder(sink) : new StreamDemuxer(sink);
    const stream = (await this.call(signal, () =>
      container.attach({ stream: true, stdout: true, stderr: true, logs: true, abortSignal: signal } as Docker.ContainerAttachOptions),
    )) as unknown as Readable;
    onAttached();
    await consumeChunks(stream, signal, (chunk) => decoder.push(chunk)).catch((err) => {
      throw this.translate(err, signal);
    });
    decoder.end();
  }

  wait(id: string, signal?: AbortSignal): Promise<number> {
    return this.call(signal, async () => {
      const result = (await this.docker.getContainer(id).wait({ abortSignal: signal } as object)) as { StatusCode: number };
      return result.StatusCode;
    });
  }

  async logs(id: string, options: LogOptions, sink: OutputSink, signal?: AbortSignal): Promise<void> {
    const container = this.docker.getContainer(id);
    const info = await this.quick(signal, (limited) => container.inspect({ abortSignal: limited } as object));
    const decoder = info.Config.Tty ? new RawDecoder(sink) : new StreamDemuxer(sink);
    const params = {
      follow: options.follow,
      stdout: true,
      stderr: true,
      since: options.since ?? 0,
      tail: options.tail ?? 'all',
      timestamps: options.timestamps ?? false,
      abortSignal: signal,
    };
    const result = (await this.call(signal, () => container.logs(params as Docker.ContainerLogsOptions & { follow: true }))) as unknown;
    if (Buffer.isBuffer(result)) {
      decoder.push(result);
      decoder.end();
      return;
    }
    await consumeChunks(result as Readable, signal, (chunk) => decoder.push(chunk)).catch((err) => {
      throw this.translate(err, signal);
    });
    decoder.end();
  }

  start(id: string, signal?: AbortSignal): Promise<void> {
    return this.call(signal, async () => {
      await this.docker.getContainer(id).start({ abortSignal: signal } as object);
    });
  }

  stop(id: string, signal?: AbortSignal): Promise<void> {
    return this.call(signal, async () => {
      await this.docker
        .getContainer(id)
        .stop({ abortSignal: signal } as object)
        .catch(ignoreStatus(304));
    });
  }

  restart(id: string, signal?: AbortSignal): Promise<void> {
    return this.call(signal, async () => {
      await this.docker.getContainer(id).restart({ abortSignal: signal } as object);
    });
  }

  kill(id: string, signal?: AbortSignal): Promise<void> {
    return this.call(signal, async () => {
      await this.docker
        .getContainer(id)
        .kill({ abortSignal: signal } as object)
        .catch(ignoreStatus(409));
    });
  }

  remove(id: string, options: RemoveOptions = {}, signal?: AbortSignal): Promise<void> {
    return this.call(signal, async () => {
      // 404: already gone (auto-remove won the race); nothing left to do.
      // v: its anonymous volumes (a declared VOLUME nobody mounted) go too; only when asked, as `docker rm -v`.
      await this.docker
        .getContainer(id)
        .remove({ force: options.force ?? false, v: options.volumes ?? false, abortSignal: signal } as object)
        .catch(ignoreStatus(404));
    });
  }

  removeImage(id: string, options: { force?: boolean } = {}, signal?: AbortSignal): Promise<void> {
    return this.call(signal, async () => {
      await this.docker.getImage(id).remove({ force: options.force ?? false, abortSignal: signal } as object);
    });
  }

  async exec(
    id: string,
    command: string[],
    options: { tty: boolean; columns?: number; rows?: number },
    signal?: AbortSignal,
  ): Promise<ExecSession> {
    const container = this.docker.getContainer(id);
    const exec = await this.call(signal, () =>
      container.exec({
        Cmd: command,
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
        Tty: options.tty,
        ConsoleSize: options.rows && options.columns ? [options.rows, options.columns] : undefined,
        abortSignal: signal,
      } as Docker.ExecCreateOptions),
    );
    const duplex = (await this.call(signal, () =>
      exec.start({ hijack: true, stdin: true, Tty: options.tty, abortSignal: signal } as Docker.ExecStartOptions),
    )) as NodeJS.ReadWriteStream & Readable;
    const output = new PassThrough();
    if (options.tty) {
      duplex.pipe(output);
    } else {
      const demux = new StreamDemuxer((text) => output.write(text));
      duplex.on('data', (chunk: Buffer) => demux.push(chunk));
      duplex.on('end', () => {
        demux.end();
        output.end();
      });
    }
    const done = new Promise<number>((resolve) => {
      const finish = () => {
        exec.inspect().then(
          (info) => resolve(info.ExitCode ?? 0),
          () => resolve(-1),
        );
      };
      duplex.on('end', finish);
      duplex.on('close', finish);
      duplex.on('error', finish);
    });
    return {
      input: duplex as unknown as NodeJS.WritableStream & import('node:stream').Writable,
      output,
      done,
      resize: async (columns, rows) => {
        await exec.resize({ w: columns, h: rows } as object).catch(() => undefined);
      },
    };
  }

  async events(onEvent: (event: EngineEvent) => void, signal?: AbortSignal): Promise<void> {
    const stream = (await this.call(signal, () => this.docker.getEvents({ abortSignal: signal } as object))) as Readable;
    await consumeLines(stream, signal, (line) => {
      const parsed = parseStreamLine(line);
      const event = parsed ? toEngineEvent(parsed) : undefined;
      if (event) {
        onEvent(event);
      }
    }).catch((err) => {
      throw this.translate(err, signal);
    });
    if (!signal?.aborted) {
      // The engine closed the stream: it went away or restarted.
      throw engineStoppedError(this.endpoint, 'the event stream');
    }
  }
}

function ignoreStatus(code: number) {
  return (err: unknown) => {
    if ((err as { statusCode?: number }).statusCode !== code) {
      throw err;
    }
  };
}
