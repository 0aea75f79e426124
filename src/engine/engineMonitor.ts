/**
 * Knows which engine the extension talks to and whether it answers. The status bar, the
 * views and the commands read it; nobody else pings the engine on their own.
 *
 * While the engine is away (stopped, restarting, not started yet) the monitor checks again
 * by itself with backoff (1 s, 2 s, 5 s, then every 10 s), quietly, so the status bar and
 * the views come back when the engine does, even with no view open and nobody clicking.
 * An address that is wrong is not retried: that needs the setting to change.
 */
import type { EngineEndpoint } from './connection';
import { EndpointConfigError } from './connection';
import type { ContainerEngine, EngineVersion } from './engine';
import { CancelledError, EngineUnavailableError, type EngineProblem } from './errors';
import { abortableSleep } from '../util/abortableSleep';
import { Emitter } from '../util/emitter';

export type EngineStatus =
  | { state: 'checking'; endpoint?: EngineEndpoint }
  | { state: 'connected'; endpoint: EngineEndpoint; version: EngineVersion }
  | { state: 'unavailable'; endpoint?: EngineEndpoint; problem: EngineProblem };

export interface EngineMonitorOptions {
  /** Delays between checks while the engine is away, in ms; the last one repeats. */
  recheckMs?: number[];
  /** For tests: how to wait. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const defaultRecheckMs = [1000, 2000, 5000, 10000];

/** Waiting for an engine to come back is no reason to keep a process (the CLI, a test) alive. */
const sleepUnref = (ms: number, signal: AbortSignal) => abortableSleep(ms, signal, { unref: true });

export class EngineMonitor {
  private current: ContainerEngine | undefined;
  private configError: EngineProblem | undefined;
  /** The engine is made on first use, so constructing the monitor costs nothing. */
  private stale = true;
  private statusValue: EngineStatus = { state: 'checking' };
  private inFlight: Promise<EngineStatus> | undefined;
  private readonly changed = new Emitter<EngineStatus>();
  readonly onDidChangeStatus = this.changed.event;
  private recovery: AbortController | undefined;
  private disposed = false;
  private readonly recheckMs: number[];
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;

  /** `createEngine` reads the settings and the environment; it may throw EndpointConfigError. */
  constructor(
    private readonly createEngine: () => ContainerEngine,
    options: EngineMonitorOptions = {},
  ) {
    this.recheckMs = options.recheckMs ?? defaultRecheckMs;
    this.sleep = options.sleep ?? sleepUnref;
  }

  get status(): EngineStatus {
    return this.statusValue;
  }

  /** The engine to use, or an error that says why there is none. */
  get engine(): ContainerEngine {
    this.ensureEngine();
    if (!this.current) {
      throw new EngineUnavailableError(
        this.configError ?? {
          kind: 'misconfigured',
          summary: 'No container engine is configured.',
          action: 'Set containerWorkflows.engine.host.',
        },
      );
    }
    return this.current;
  }

  /** Re-reads where the engine is (after a settings change), on next use. Does not ping. */
  reconfigure(): void {
    this.stale = true;
  }

  private ensureEngine(): void {
    if (!this.stale) {
      return;
    }
    this.stale = false;
    try {
      this.current = this.createEngine();
      this.configError = undefined;
    } catch (err) {
      if (!(err instanceof EndpointConfigError)) {
        throw err;
      }
      this.current = undefined;
      this.configError = {
        kind: 'misconfigured',
        summary: err.message,
        action: 'Fix the address, or clear containerWorkflows.engine.host to use the default.',
      };
    }
  }

  /** Pings the engine; concurrent callers share one check. */
  check(signal?: AbortSignal): Promise<EngineStatus> {
    return this.shared(() => this.runCheck(signal, true));
  }

  private shared(run: () => Promise<EngineStatus>): Promise<EngineStatus> {
    this.inFlight ??= run().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Called by anyone whose engine call failed to connect, so everyone learns at once. */
  reportUnavailable(error: EngineUnavailableError): void {
    this.ensureEngine();
    this.setStatus({ state: 'unavailable', endpoint: this.current?.endpoint, problem: error.problem });
  }

  /** `showChecking`: say "checking" meanwhile (a background re-check does not, or the bar would blink). */
  private async runCheck(signal: AbortSignal | undefined, showChecking: boolean): Promise<EngineStatus> {
    this.ensureEngine();
    if (!this.current) {
      return this.setStatus({ state: 'unavailable', problem: this.configError! });
    }
    const engine = this.current;
    const previous = this.statusValue;
    if (previous.state !== 'connected' && showChecking) {
      this.setStatus({ state: 'checking', endpoint: engine.endpoint });
    }
    try {
      const version = await engine.version(signal);
      return this.setStatus({ state: 'connected', endpoint: engine.endpoint, version });
    } catch (err) {
      if (err instanceof CancelledError) {
        // A cancelled check learnt nothing: put back what was known before it.
        return this.setStatus(previous);
      }
      const problem: EngineProblem =
        err instanceof EngineUnavailableError
          ? err.problem
          : {
              kind: 'unreachable',
              summary: `The engine at ${engine.endpoint.host} answered with an error: ${(err as Error).message}`,
              action: 'Check the engine, or set containerWorkflows.engine.host.',
            };
      return this.setStatus({ state: 'unavailable', endpoint: engine.endpoint, problem });
    }
  }

  private setStatus(status: EngineStatus): EngineStatus {
    const before = JSON.stringify(this.statusValue);
    this.statusValue = status;
    if (JSON.stringify(status) !== before) {
      this.changed.fire(status);
    }
    if (status.state === 'unavailable' && status.problem.kind !== 'misconfigured') {
      this.startRecovery();
    }
    return status;
  }

  /** Checks again with backoff until the engine answers; one loop at a time. */
  private startRecovery(): void {
    if (this.recovery || this.disposed) return;
    const controller = new AbortController();
    this.recovery = controller;
    void (async () => {
      const signal = controller.signal;
      for (let attempt = 0; !signal.aborted && this.awayAndRetryable(); attempt++) {
        await this.sleep(this.recheckMs[Math.min(attempt, this.recheckMs.length - 1)], signal);
        if (signal.aborted || !this.awayAndRetryable()) break;
        await this.shared(() => this.runCheck(signal, false)).catch(() => undefined);
      }
      if (this.recovery === controller) this.recovery = undefined;
    })();
  }

  private awayAndRetryable(): boolean {
    const status = this.statusValue;
    return status.state === 'unavailable' && status.problem.kind !== 'misconfigured';
  }

  dispose(): void {
    this.disposed = true;
    this.recovery?.abort();
    this.recovery = undefined;
    this.changed.dispose();
  }
}
