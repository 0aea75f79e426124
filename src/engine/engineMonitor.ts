/**
 * Knows which engine the extension talks to and whether it answers. The status bar, the
 * views and the commands read it; nobody else pings the engine on their own.
 */
import type { EngineEndpoint } from './connection';
import { EndpointConfigError } from './connection';
import type { ContainerEngine, EngineVersion } from './engine';
import { CancelledError, EngineUnavailableError, type EngineProblem } from './errors';
import { Emitter } from '../util/emitter';

export type EngineStatus =
  | { state: 'checking'; endpoint?: EngineEndpoint }
  | { state: 'connected'; endpoint: EngineEndpoint; version: EngineVersion }
  | { state: 'unavailable'; endpoint?: EngineEndpoint; problem: EngineProblem };

export class EngineMonitor {
  private current: ContainerEngine | undefined;
  private configError: EngineProblem | undefined;
  /** The engine is made on first use, so constructing the monitor costs nothing. */
  private stale = true;
  private statusValue: EngineStatus = { state: 'checking' };
  private inFlight: Promise<EngineStatus> | undefined;
  private readonly changed = new Emitter<EngineStatus>();
  readonly onDidChangeStatus = this.changed.event;

  /** `createEngine` reads the settings and the environment; it may throw EndpointConfigError. */
  constructor(private readonly createEngine: () => ContainerEngine) {}

  get status(): EngineStatus {
    return this.statusValue;
  }

  /** The engine to use, or an error that says why there is none. */
  get engine(): ContainerEngine {
    this.ensureEngine();
    if (!this.current) {
      throw new EngineUnavailableError(this.configError ?? { kind: 'misconfigured', summary: 'No container engine is configured.', action: 'Set containerWorkflows.engine.host.' });
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
      this.configError = { kind: 'misconfigured', summary: err.message, action: 'Fix the address, or clear containerWorkflows.engine.host to use the default.' };
    }
  }

  /** Pings the engine; concurrent callers share one check. */
  check(signal?: AbortSignal): Promise<EngineStatus> {
    this.inFlight ??= this.runCheck(signal).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Called by anyone whose engine call failed to connect, so everyone learns at once. */
  reportUnavailable(error: EngineUnavailableError): void {
    this.ensureEngine();
    this.setStatus({ state: 'unavailable', endpoint: this.current?.endpoint, problem: error.problem });
  }

  private async runCheck(signal?: AbortSignal): Promise<EngineStatus> {
    this.ensureEngine();
    if (!this.current) {
      return this.setStatus({ state: 'unavailable', problem: this.configError! });
    }
    const engine = this.current;
    const previous = this.statusValue;
    if (previous.state !== 'connected') {
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
          : { kind: 'unreachable', summary: `The engine at ${engine.endpoint.host} answered with an error: ${(err as Error).message}`, action: 'Check the engine, or set containerWorkflows.engine.host.' };
      return this.setStatus({ state: 'unavailable', endpoint: engine.endpoint, problem });
    }
  }

  private setStatus(status: EngineStatus): EngineStatus {
    const before = JSON.stringify(this.statusValue);
    this.statusValue = status;
    if (JSON.stringify(status) !== before) {
      this.changed.fire(status);
    }
    return status;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
