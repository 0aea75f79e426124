/**
 * One list the sidebar shows (containers, or images), as the engine last told it, or why
 * the engine could not tell. Pure (no `vscode`): the tree providers wrap it, and the
 * integration tests drive it against a real engine.
 *
 * A load never throws: a connection failure becomes the `unavailable` state (the view
 * then shows its welcome help), any other failure the `failed` state (a message row).
 * A load that hangs ends after a timeout as `unavailable`, so no view spins forever.
 */
import type { ContainerEngine, ContainerSummary, ImageSummary } from '../engine/engine';
import {
  EngineUnavailableError,
  type EngineProblem,
  engineMessage,
  withRequestTimeout,
  isCancellation,
  REQUEST_TIMEOUT_MS,
} from '../engine/errors';
import { Emitter } from '../util/emitter';

export type ListState<T> =
  | { kind: 'idle' }
  | { kind: 'ready'; items: readonly T[] }
  | { kind: 'unavailable'; problem: EngineProblem }
  | { kind: 'failed'; message: string };

export interface ListModelOptions {
  /** How long one list call may take; then the engine counts as not answering. */
  timeoutMs?: number;
  /** Told about every connection failure, so the status bar and context key agree. */
  onUnavailable?: (error: EngineUnavailableError) => void;
}

export class EngineListModel<T> {
  private stateValue: ListState<T> = { kind: 'idle' };
  private readonly changed = new Emitter<ListState<T>>();
  /** Fires after every load and every change of state. */
  readonly onDidChange = this.changed.event;
  private running: Promise<void> | undefined;
  private again = false;
  private readonly controllers = new Set<AbortController>();
  private disposed = false;

  constructor(
    private readonly engine: () => ContainerEngine,
    private readonly fetch: (engine: ContainerEngine, signal: AbortSignal) => Promise<T[]>,
    private readonly options: ListModelOptions = {},
  ) {}

  get state(): ListState<T> {
    return this.stateValue;
  }

  get loading(): boolean {
    return this.running !== undefined;
  }

  /**
   * Loads the list again. A call made while a load runs asks for one more load after it
   * (the engine may have changed since that load started); the promise settles when the
   * newest answer is in.
   */
  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = async () => {
      do {
        this.again = false;
        await this.loadOnce();
      } while (this.again && !this.disposed);
    };
    this.running = run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** The first load, or the one already running: for a tree asked for rows before any load. */
  ensureLoaded(): Promise<void> {
    if (this.running) return this.running;
    return this.stateValue.kind === 'idle' ? this.refresh() : Promise.resolve();
  }

  /** Someone else (the engine monitor) learned that the engine is gone: show it without asking. */
  markUnavailable(problem: EngineProblem): void {
    this.setState({ kind: 'unavailable', problem });
  }

  private async loadOnce(): Promise<void> {
    const controller = new AbortController();
    this.controllers.add(controller);
    try {
      const engine = this.engine();
      // A list that hangs ends at the deadline as "did not answer": no view spins forever.
      const items = await withRequestTimeout(engine.endpoint, this.options.timeoutMs ?? REQUEST_TIMEOUT_MS, controller.signal, (signal) =>
        this.fetch(engine, signal),
      );
      if (!this.disposed) this.setState({ kind: 'ready', items });
    } catch (err) {
      if (this.disposed || isCancellation(err)) {
        return;
      }
      if (err instanceof EngineUnavailableError) {
        this.setState({ kind: 'unavailable', problem: err.problem });
        this.options.onUnavailable?.(err);
      } else {
        this.setState({ kind: 'failed', message: engineMessage(err) });
      }
    } finally {
      this.controllers.delete(controller);
    }
  }

  private setState(state: ListState<T>): void {
    const before = this.stateValue;
    this.stateValue = state;
    // Repeated news of the same outage would only redraw an empty view.
    if (state.kind === 'unavailable' && before.kind === 'unavailable' && state.problem.summary === before.problem.summary) {
      return;
    }
    this.changed.fire(state);
  }

  dispose(): void {
    this.disposed = true;
    for (const c of this.controllers) c.abort();
    this.changed.dispose();
  }
}

export type ContainersModel = EngineListModel<ContainerSummary>;
export type ImagesModel = EngineListModel<ImageSummary>;

/** Every container, stopped ones too; the view filters and groups. */
export function createContainersModel(engine: () => ContainerEngine, options?: ListModelOptions): ContainersModel {
  return new EngineListModel(engine, (e, signal) => e.listContainers({ all: true }, signal), options);
}

/** Every image, dangling ones too, so showing them is a filter, not another engine call. */
export function createImagesModel(engine: () => ContainerEngine, options?: ListModelOptions): ImagesModel {
  return new EngineListModel(engine, (e, signal) => e.listImages({ includeDangling: true }, signal), options);
}
