/**
 * Follows one container's output across everything that can happen to it: it exits and
 * starts again (restart, Start from the sidebar), it restarts by its restart policy, it is
 * removed while exited, and the engine itself stops and comes back (then a `--restart
 * always` container is started again by the engine). No `vscode` here: the log terminal writes what this says, and the
 * integration tests drive it against an engine they kill.
 *
 * Starts are learnt from the engine's event stream; a stream that broke and came back may
 * have missed one, so every reconnect of the stream also looks at the container again.
 */
import type { ContainerDetails, ContainerEngine, EngineEvent, OutputSink } from '../engine/engine';
import { CancelledError, EngineUnavailableError, isCancellation } from '../engine/errors';
import type { StreamState } from '../engine/eventHub';
import type { Disposable } from '../util/emitter';

export interface EngineEventSource {
  subscribe(onEvent: (event: EngineEvent) => void, onState?: (state: StreamState) => void): Disposable;
}

export interface FollowerOutput {
  /** The container's own output. */
  output: OutputSink;
  /** What the follower has to say (exited, waiting, engine away…). */
  note(text: string): void;
}

export interface LogFollowerOptions {
  /** While the engine is away, look again this often even if the event stream says nothing (ms). */
  retryMs?: number;
  /**
   * For a run whose end something else takes over (a remote run that copies its output
   * back, then removes the container): at exit, say what this gives and stop following,
   * instead of waiting for a start that will not come.
   */
  endAtExit?: (exitCode: number) => string;
}

export class ContainerLogFollower {
  private readonly retryMs: number;
  private readonly endAtExit: ((exitCode: number) => string) | undefined;

  constructor(
    private readonly engine: () => ContainerEngine,
    private readonly events: EngineEventSource,
    private readonly containerId: string,
    private readonly label: string,
    private readonly out: FollowerOutput,
    options: LogFollowerOptions = {},
  ) {
    this.retryMs = options.retryMs ?? 10_000;
    this.endAtExit = options.endAtExit;
  }

  /**
   * `attach`: the container is created, not started: attach first, `ready` once attached.
   * `follow`: it exists already; `ready` at once. Ends when the container is gone (or
   * removed itself), on the signal, or on an error that is not the engine being away.
   */
  async run(mode: 'attach' | 'follow', ready: () => void, signal: AbortSignal): Promise<void> {
    try {
      let attachFirst = mode === 'attach';
      let since: number | undefined;
      for (;;) {
        const lostAt = await this.stream(attachFirst, since, ready, signal);
        attachFirst = false;
        const next = await this.nextRun(lostAt, signal);
        if (next === undefined) return;
        since = next;
      }
    } catch (err) {
      ready();
      if (isCancellation(err) || signal.aborted) return;
      this.out.note(`\n[stopped following: ${(err as Error).message}]`);
    }
  }

  /** Streams output until it ends; returns when the engine was lost (Unix seconds), if it was. */
  private async stream(
    attachFirst: boolean,
    since: number | undefined,
    ready: () => void,
    signal: AbortSignal,
  ): Promise<number | undefined> {
    try {
      if (attachFirst) {
        await this.engine().attach(this.containerId, this.out.output, ready, signal);
      } else {
        ready();
        await this.engine().logs(this.containerId, { follow: true, since }, this.out.output, signal);
      }
      return undefined;
    } catch (err) {
      if (!(err instanceof EngineUnavailableError) || signal.aborted) throw err;
      ready();
      this.out.note(`\n[${err.problem.summary} Following again once the engine is back.]`);
      return Math.floor(Date.now() / 1000);
    }
  }

  /**
   * Waits until the container runs again and returns where its output goes on (Unix
   * seconds); undefined when it is gone. `lostAt`: the engine went away at that moment.
   * One subscription to the events for the whole wait: subscribing anew each time would
   * reopen the stream, and each reopening says "connected" again.
   */
  private async nextRun(lostAt: number | undefined, signal: AbortSignal): Promise<number | undefined> {
    const waker = new Waker();
    const subscription = this.events.subscribe(
      (event) => {
        // A start to follow; a removal (from the sidebar, or by the extension) ends the wait with what happened.
        if (event.type === 'container' && event.id === this.containerId && (event.action === 'start' || event.action === 'destroy'))
          waker.poke();
      },
      // The stream came back after a break: it may have missed the start.
      (state) => state === 'connected' && waker.poke(),
    );
    try {
      let engineAway = lostAt !== undefined;
      let saidWaiting = false;
      for (;;) {
        // What happened before this look is in its answer; what happens from now on wakes the wait below.
        waker.clear();
        let details: ContainerDetails | undefined;
        try {
          details = await this.engine().inspectContainer(this.containerId, signal);
        } catch (err) {
          if (!(err instanceof EngineUnavailableError) || signal.aborted) throw err;
          if (!engineAway) this.out.note(`\n[${err.problem.summary} Following again once the engine is back.]`);
          engineAway = true;
          // The stream may not have noticed the engine is away yet: look again after a while anyway.
          await waker.wait(signal, this.retryMs);
          continue;
        }
        engineAway = false;
        if (!details || details.autoRemove || details.state === 'removing') {
          this.out.note(`\n[${this.label} exited${details ? ` with code ${details.exitCode}` : ''} and was removed]`);
          return undefined;
        }
        if (details.running) {
          const startedAt = details.startedAt ? Math.floor(details.startedAt.getTime() / 1000) : Math.floor(Date.now() / 1000);
          // Still the run we followed (the engine kept it running): go on from where it was lost.
          if (lostAt !== undefined && startedAt < lostAt) {
            this.out.note(`[following ${this.label} again]`);
            return lostAt;
          }
          this.out.note(`[${this.label} started again]`);
          return startedAt;
        }
        if (this.endAtExit) {
          this.out.note(`\n${this.endAtExit(details.exitCode)}`);
          return undefined;
        }
        if (!saidWaiting) {
          this.out.note(`\n[${this.label} exited with code ${details.exitCode}; waiting for it to start again]`);
          saidWaiting = true;
        }
        await waker.wait(signal);
      }
    } finally {
      subscription.dispose();
    }
  }
}

/** Wakes one waiter; a poke with nobody waiting is kept for the next wait. */
class Waker {
  private pending = false;
  private wakeUp: (() => void) | undefined;

  poke(): void {
    if (this.wakeUp) this.wakeUp();
    else this.pending = true;
  }

  clear(): void {
    this.pending = false;
  }

  /** Resolves at the next poke (or one kept), after `timeoutMs` if given; rejects on abort. */
  wait(signal: AbortSignal, timeoutMs?: number): Promise<void> {
    if (signal.aborted) return Promise.reject(new CancelledError());
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        this.wakeUp = undefined;
        if (timer) clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        done();
        reject(new CancelledError());
      };
      this.wakeUp = () => {
        done();
        resolve();
      };
      if (timeoutMs !== undefined) timer = setTimeout(this.wakeUp, timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
