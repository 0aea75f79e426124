/**
 * An in-memory ContainerEngine for unit tests: no socket, no dockerode. It answers
 * version() with what the test configures (a result, an error, or a gate the test opens
 * later), keeps containers and images in plain arrays, and counts the calls it gets.
 */
import { PassThrough } from 'node:stream';
import type { EngineEndpoint } from '../../src/engine/connection';
import type {
  BuildEvent,
  BuildRequest,
  BuildResult,
  ContainerDetails,
  ContainerEngine,
  ContainerMount,
  ContainerSummary,
  EngineEvent,
  EngineVersion,
  ExecSession,
  ImageConfig,
  ImageSummary,
  LogOptions,
  OutputSink,
  OutputStream,
  RemoveOptions,
  RunRequest,
} from '../../src/engine/engine';
import { CancelledError, EngineRequestError } from '../../src/engine/errors';

export const fakeVersion: EngineVersion = {
  version: '27.3.1',
  apiVersion: '1.47',
  os: 'linux',
  arch: 'amd64',
  platformName: 'Docker Engine - Community',
};

export interface FakeEngineOptions {
  endpoint?: EngineEndpoint;
  version?: EngineVersion;
  /** When set, version() rejects with it. */
  versionError?: Error;
  containers?: ContainerSummary[];
  images?: ImageSummary[];
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(err: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new CancelledError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new CancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

export class FakeEngine implements ContainerEngine {
  readonly endpoint: EngineEndpoint;
  versionResult: EngineVersion;
  versionError: Error | undefined;
  containers: ContainerSummary[];
  images: ImageSummary[];
  /** Every call, by method name, in order. */
  readonly calls: { method: string; args: unknown[] }[] = [];
  private gate: Deferred<void> | undefined;
  private nextId = 1;
  private readonly eventListeners = new Set<(event: EngineEvent) => void>();
  /** What each container "printed": logs() and attach() replay it. */
  readonly outputs = new Map<string, { text: string; stream: OutputStream }[]>();
  /** The request each container was created from. */
  readonly requests = new Map<string, RunRequest>();
  /** Each container's mounts, as inspectContainer reports them (none when unset). */
  readonly mounts = new Map<string, ContainerMount[]>();
  /** Names of the anonymous volumes remove() deleted (only with `volumes: true`, as the real engine). */
  readonly removedVolumes: string[] = [];

  constructor(options: FakeEngineOptions = {}) {
    this.endpoint = options.endpoint ?? { host: 'unix:///var/run/docker.sock', source: 'default', socketExists: true };
    this.versionResult = options.version ?? fakeVersion;
    this.versionError = options.versionError;
    this.containers = [...(options.containers ?? [])];
    this.images = [...(options.images ?? [])];
  }

  /** How many times `method` was called. */
  count(method: string): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  /** Makes version() wait until `release()` is called; returns release. */
  holdVersion(): () => void {
    const gate = deferred<void>();
    this.gate = gate;
    return () => {
      if (this.gate === gate) this.gate = undefined;
      gate.resolve();
    };
  }

  private record(method: string, args: unknown[]): void {
    this.calls.push({ method, args });
  }

  private find(id: string): ContainerSummary {
    const c = this.containers.find((x) => x.id === id || x.name === id);
    if (!c) throw new EngineRequestError(`No such container: ${id}`, 404);
    return c;
  }

  private emit(type: EngineEvent['type'], action: string, id: string): void {
    const event: EngineEvent = { type, action, id, time: new Date(), attributes: {} };
    for (const listener of [...this.eventListeners]) listener(event);
  }

  async version(signal?: AbortSignal): Promise<EngineVersion> {
    this.record('version', [signal]);
    const gate = this.gate;
    if (gate) await abortable(gate.promise, signal);
    if (signal?.aborted) throw new CancelledError();
    if (this.versionError) throw this.versionError;
    return { ...this.versionResult };
  }

  async listContainers(query: { all?: boolean; label?: string } = {}, signal?: AbortSignal): Promise<ContainerSummary[]> {
    this.record('listContainers', [query, signal]);
    return this.containers.filter((c) => ((query.all ?? true) ? true : c.state === 'running') && matchesLabel(c.labels, query.label));
  }

  async listImages(query: { includeDangling?: boolean; label?: string } = {}, signal?: AbortSignal): Promise<ImageSummary[]> {
    this.record('listImages', [query, signal]);
    return this.images.filter((i) => (query.includeDangling || !i.dangling) && matchesLabel(i.labels, query.label));
  }

  async inspectImage(ref: string, signal?: AbortSignal): Promise<ImageConfig | undefined> {
    this.record('inspectImage', [ref, signal]);
    const image = this.images.find((i) => i.id === ref || i.repoTags.includes(ref));
    if (!image) return undefined;
    return {
      id: image.id,
      repoTags: image.repoTags,
      exposedPorts: [],
      volumes: [],
      env: {},
      entrypoint: [],
      cmd: [],
      workingDir: '',
      user: '',
      labels: image.labels,
    };
  }

  async inspectContainer(id: string, signal?: AbortSignal): Promise<ContainerDetails | undefined> {
    this.record('inspectContainer', [id, signal]);
    const c = this.containers.find((x) => x.id === id || x.name === id);
    if (!c) return undefined;
    const request = this.requests.get(c.id);
    return {
      id: c.id,
      name: c.name,
      image: c.image,
      state: c.state,
      running: c.state === 'running',
      exitCode: 0,
      tty: request?.tty ?? false,
      autoRemove: request?.autoRemove ?? false,
      ports: c.ports,
      labels: c.labels,
      mounts: this.mounts.get(c.id) ?? [],
    };
  }

  async inspectRaw(kind: 'container' | 'image', id: string, signal?: AbortSignal): Promise<unknown> {
    this.record('inspectRaw', [kind, id, signal]);
    if (kind === 'container') {
      const c = this.find(id);
      return { Id: c.id, Name: `/${c.name}`, State: { Status: c.state, Running: c.state === 'running' }, Config: { Labels: c.labels } };
    }
    const image = this.images.find((i) => i.id === id || i.repoTags.includes(id));
    if (!image) throw new EngineRequestError(`No such image: ${id}`, 404);
    return { Id: image.id, RepoTags: image.repoTags };
  }

  async build(request: BuildRequest, onEvent: (event: BuildEvent) => void, signal?: AbortSignal): Promise<BuildResult> {
    this.record('build', [request, signal]);
    if (signal?.aborted) throw new CancelledError();
    onEvent({ kind: 'step', step: 1, total: 1, instruction: 'FROM scratch' });
    const id = `sha256:${String(this.nextId++).padStart(64, '0')}`;
    this.images.push({ id, repoTags: [request.tag], size: 0, created: new Date(), dangling: false, labels: { ...(request.labels ?? {}) } });
    return { imageId: id, tag: request.tag };
  }

  async create(request: RunRequest, signal?: AbortSignal): Promise<string> {
    this.record('create', [request, signal]);
    if (signal?.aborted) throw new CancelledError();
    return this.addContainer(request, 'created');
  }

  async run(request: RunRequest, signal?: AbortSignal): Promise<string> {
    this.record('run', [request, signal]);
    if (signal?.aborted) throw new CancelledError();
    const id = this.addContainer(request, 'created');
    this.find(id).state = 'running';
    this.emit('container', 'start', id);
    return id;
  }

  async attach(id: string, sink: OutputSink, onAttached: () => void, signal?: AbortSignal): Promise<void> {
    this.record('attach', [id, signal]);
    this.find(id);
    if (signal?.aborted) throw new CancelledError();
    onAttached();
    for (const part of this.outputs.get(id) ?? []) sink(part.text, part.stream);
  }

  private addContainer(request: RunRequest, state: ContainerSummary['state']): string {
    const id = String(this.nextId++).padStart(64, 'c');
    this.containers.push({
      id,
      name: request.name ?? `fake_${this.nextId}`,
      image: request.image,
      imageId: request.image,
      state,
      status: state === 'running' ? 'Up 1 second' : 'Created',
      ports: (request.ports ?? []).map((p) => ({
        containerPort: p.containerPort,
        protocol: p.protocol,
        hostIp: p.hostIp ?? '0.0.0.0',
        hostPort: p.hostPort,
      })),
      labels: { ...(request.labels ?? {}) },
      created: new Date(),
    });
    this.requests.set(id, request);
    this.emit('container', 'create', id);
    return id;
  }

  async wait(id: string, signal?: AbortSignal): Promise<number> {
    this.record('wait', [id, signal]);
    const c = this.find(id);
    c.state = 'exited';
    return 0;
  }

  async logs(id: string, options: LogOptions, sink: OutputSink, signal?: AbortSignal): Promise<void> {
    this.record('logs', [id, options, signal]);
    this.find(id);
    if (signal?.aborted) throw new CancelledError();
    const parts = this.outputs.get(id) ?? [];
    for (const part of options.tail !== undefined ? parts.slice(-options.tail) : parts) sink(part.text, part.stream);
  }

  async start(id: string, signal?: AbortSignal): Promise<void> {
    this.record('start', [id, signal]);
    this.find(id).state = 'running';
    this.emit('container', 'start', id);
  }

  async stop(id: string, signal?: AbortSignal): Promise<void> {
    this.record('stop', [id, signal]);
    this.find(id).state = 'exited';
  }

  async restart(id: string, signal?: AbortSignal): Promise<void> {
    this.record('restart', [id, signal]);
    this.find(id).state = 'running';
  }

  async kill(id: string, signal?: AbortSignal): Promise<void> {
    this.record('kill', [id, signal]);
    this.find(id).state = 'exited';
  }

  async remove(id: string, options: RemoveOptions = {}, signal?: AbortSignal): Promise<void> {
    this.record('remove', [id, options, signal]);
    const c = this.containers.find((x) => x.id === id || x.name === id);
    if (!c) return; // like the real one: already gone is fine
    if (c.state === 'running' && !options.force) {
      throw new EngineRequestError(
        `You cannot remove a running container ${id}. Stop the container before attempting removal or force remove`,
        409,
      );
    }
    this.containers = this.containers.filter((x) => x !== c);
    if (options.volumes) this.removedVolumes.push(...(this.mounts.get(c.id) ?? []).filter((m) => m.anonymous).map((m) => m.name));
    this.emit('container', 'destroy', c.id);
  }

  async removeImage(id: string, options: { force?: boolean } = {}, signal?: AbortSignal): Promise<void> {
    this.record('removeImage', [id, options, signal]);
    const before = this.images.length;
    this.images = this.images.filter((i) => i.id !== id && !i.repoTags.includes(id));
    if (this.images.length === before) throw new EngineRequestError(`No such image: ${id}`, 404);
  }

  async exec(
    id: string,
    command: string[],
    options: { tty: boolean; columns?: number; rows?: number },
    signal?: AbortSignal,
  ): Promise<ExecSession> {
    this.record('exec', [id, command, options, signal]);
    this.find(id);
    const input = new PassThrough();
    const output = new PassThrough();
    input.pipe(output);
    const done = new Promise<number>((resolve) => input.on('finish', () => resolve(0)));
    return { input, output, done, resize: async () => undefined };
  }

  events(onEvent: (event: EngineEvent) => void, signal?: AbortSignal): Promise<void> {
    this.record('events', [signal]);
    return new Promise<void>((_resolve, reject) => {
      if (signal?.aborted) {
        reject(new CancelledError());
        return;
      }
      this.eventListeners.add(onEvent);
      signal?.addEventListener(
        'abort',
        () => {
          this.eventListeners.delete(onEvent);
          reject(new CancelledError());
        },
        { once: true },
      );
    });
  }
}

function matchesLabel(labels: Record<string, string>, filter: string | undefined): boolean {
  if (!filter) return true;
  const eq = filter.indexOf('=');
  if (eq < 0) return filter in labels;
  return labels[filter.slice(0, eq)] === filter.slice(eq + 1);
}
