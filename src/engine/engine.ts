/**
 * The container engine as the rest of the extension sees it: a small interface that
 * speaks the project's own types. Only `dockerodeEngine.ts` knows about dockerode.
 *
 * Every call takes an optional AbortSignal; the implementation hands it to dockerode's
 * `abortSignal`, so cancelling really closes the HTTP request instead of racing it.
 */
import type { Readable, Writable } from 'node:stream';
import type { EngineEndpoint } from './connection';

export interface EngineVersion {
  version: string;
  apiVersion: string;
  os: string;
  arch: string;
  /** "Docker Engine - Community", "Podman Engine", ... when the engine says so. */
  platformName?: string;
}

export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export type Protocol = 'tcp' | 'udp';

export interface PublishedPort {
  containerPort: number;
  protocol: Protocol;
  hostIp?: string;
  hostPort?: number;
}

export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  imageId: string;
  state: ContainerState;
  /** The engine's own words: "Up 3 minutes", "Exited (0) 2 hours ago". */
  status: string;
  ports: PublishedPort[];
  labels: Record<string, string>;
  created: Date;
}

/** What one container's inspect says, in the project's terms. */
export interface ContainerDetails {
  id: string;
  name: string;
  image: string;
  state: ContainerState;
  running: boolean;
  exitCode: number;
  startedAt?: Date;
  finishedAt?: Date;
  tty: boolean;
  /** The engine removes it when it exits (docker run --rm). */
  autoRemove: boolean;
  ports: PublishedPort[];
  labels: Record<string, string>;
  mounts: ContainerMount[];
}

/** One of a container's mounts, from its inspect. */
export interface ContainerMount {
  type: 'bind' | 'volume' | 'tmpfs' | 'other';
  /** The volume's name; empty for other kinds. */
  name: string;
  /** Where it is mounted inside the container. */
  containerPath: string;
  /**
   * A volume the engine made and named itself (a declared VOLUME nobody mounted, `-v /path`):
   * `docker rm` keeps it, `docker rm -v` deletes it with its data.
   */
  anonymous: boolean;
}

export interface RemoveOptions {
  /** Stop it first if it runs. */
  force?: boolean;
  /** Also delete its anonymous volumes (`docker rm -v`). Off by default: they are kept, as `docker rm` keeps them. */
  volumes?: boolean;
}

export interface ImageSummary {
  id: string;
  repoTags: string[];
  size: number;
  created: Date;
  dangling: boolean;
  labels: Record<string, string>;
}

/** What an image declares about how it wants to be run (from its config). */
export interface ImageConfig {
  id: string;
  repoTags: string[];
  exposedPorts: { port: number; protocol: Protocol }[];
  volumes: string[];
  env: Record<string, string>;
  entrypoint: string[];
  cmd: string[];
  workingDir: string;
  user: string;
  labels: Record<string, string>;
}

export interface BuildRequest {
  /** Folder sent as the build context. */
  contextDir: string;
  /** Dockerfile path relative to the context. */
  dockerfile: string;
  tag: string;
  labels?: Record<string, string>;
  buildArgs?: Record<string, string>;
}

export type BuildEvent =
  | { kind: 'step'; step: number; total: number; instruction: string }
  | { kind: 'output'; text: string }
  | { kind: 'error'; message: string };

export interface BuildResult {
  imageId: string;
  tag: string;
}

export interface VolumeMount {
  hostPath: string;
  containerPath: string;
  readOnly: boolean;
}

export interface PortMapping {
  containerPort: number;
  protocol: Protocol;
  hostPort: number;
  /** Defaults to all interfaces, as `docker run -p` does. */
  hostIp?: string;
}

export interface RunRequest {
  image: string;
  name?: string;
  /** Arguments after the image: CMD override, or arguments for the ENTRYPOINT. */
  args?: string[];
  env?: Record<string, string>;
  ports?: PortMapping[];
  volumes?: VolumeMount[];
  autoRemove?: boolean;
  /** "uid:gid" so files written to mounts belong to the person. */
  user?: string;
  labels?: Record<string, string>;
  tty?: boolean;
  workingDir?: string;
  /** 'none' for a job that needs no network (no bridge to set up or tear down). */
  network?: 'none';
  /**
   * Memory limit in MiB (`docker run --memory`), swap included: a process that needs more
   * is killed by the kernel inside the container, never the host. Unset: no limit.
   */
  memoryMiB?: number;
}

export type OutputStream = 'stdout' | 'stderr';
export type OutputSink = (text: string, stream: OutputStream) => void;

export interface LogOptions {
  follow: boolean;
  /** Unix seconds: only output since then (used to resume after a restart). */
  since?: number;
  tail?: number;
  timestamps?: boolean;
}

export interface ExecSession {
  /** Keystrokes for the process. */
  input: Writable;
  /** The terminal output (a TTY stream: stdout and stderr arrive together). */
  output: Readable;
  resize(columns: number, rows: number): Promise<void>;
  /** Resolves with the exit code once the process ends. */
  done: Promise<number>;
}

export interface EngineEvent {
  type: 'container' | 'image' | 'volume' | 'network' | 'other';
  action: string;
  id: string;
  time: Date;
  attributes: Record<string, string>;
}

export interface ContainerEngine {
  readonly endpoint: EngineEndpoint;

  version(signal?: AbortSignal): Promise<EngineVersion>;

  listContainers(query?: { all?: boolean; label?: string }, signal?: AbortSignal): Promise<ContainerSummary[]>;
  listImages(query?: { includeDangling?: boolean; label?: string }, signal?: AbortSignal): Promise<ImageSummary[]>;
  /** Undefined when there is no such image. */
  inspectImage(ref: string, signal?: AbortSignal): Promise<ImageConfig | undefined>;
  /** Undefined when there is no such container. */
  inspectContainer(id: string, signal?: AbortSignal): Promise<ContainerDetails | undefined>;
  /** The engine's inspect document, as is, for people to read. */
  inspectRaw(kind: 'container' | 'image', id: string, signal?: AbortSignal): Promise<unknown>;

  build(request: BuildRequest, onEvent: (event: BuildEvent) => void, signal?: AbortSignal): Promise<BuildResult>;

  /** Creates a container without starting it (attach to it first, then start); returns its id. */
  create(request: RunRequest, signal?: AbortSignal): Promise<string>;
  /** Creates and starts a container; returns its id. A container that fails to start is removed. */
  run(request: RunRequest, signal?: AbortSignal): Promise<string>;
  /**
   * Attaches to a container's output, replaying what it printed so far. Attach before
   * start to miss nothing, even from a container that removes itself on exit. `onAttached`
   * runs once the stream is open; the promise resolves when the stream ends.
   */
  attach(id: string, sink: OutputSink, onAttached: () => void, signal?: AbortSignal): Promise<void>;
  /** Waits until the container stops; returns its exit code. */
  wait(id: string, signal?: AbortSignal): Promise<number>;
  /** Streams output, demultiplexed when the container has no TTY; resolves when the stream ends. */
  logs(id: string, options: LogOptions, sink: OutputSink, signal?: AbortSignal): Promise<void>;

  start(id: string, signal?: AbortSignal): Promise<void>;
  stop(id: string, signal?: AbortSignal): Promise<void>;
  restart(id: string, signal?: AbortSignal): Promise<void>;
  kill(id: string, signal?: AbortSignal): Promise<void>;
  remove(id: string, options?: RemoveOptions, signal?: AbortSignal): Promise<void>;
  removeImage(id: string, options?: { force?: boolean }, signal?: AbortSignal): Promise<void>;

  exec(
    id: string,
    command: string[],
    options: { tty: boolean; columns?: number; rows?: number },
    signal?: AbortSignal,
  ): Promise<ExecSession>;

  /** Calls onEvent for each engine event until the signal aborts or the stream breaks (then it rejects). */
  events(onEvent: (event: EngineEvent) => void, signal?: AbortSignal): Promise<void>;
}

/** Every container the extension starts carries this label, so none is ever left behind unnoticed. */
export const OWNER_LABEL = 'dev.container-workflows.owner';
export const OWNER_VALUE = 'container-workflows';
/** Which template an image was built from, and the hash of its files (rebuild when they change). */
export const TEMPLATE_LABEL = 'dev.container-workflows.template';
export const TEMPLATE_HASH_LABEL = 'dev.container-workflows.template-hash';
/** The folder an image was built from (its template's relative host paths start there). */
export const CONTEXT_LABEL = 'dev.container-workflows.context';
/** Which workflow started a container (convert, run, ...). */
export const PURPOSE_LABEL = 'dev.container-workflows.purpose';
