/**
 * One engine event stream for the whole extension, open only while someone listens.
 *
 * Views and log terminals subscribe; the first subscriber opens the stream, the last one
 * to leave closes it (so nothing runs while the views are hidden). When the stream breaks
 * (the engine stopped or restarted) the hub says so and reconnects with backoff: 0.5 s,
 * 1 s, 2 s … up to 10 s, until the engine answers again, then says so too.
 */
import type { ContainerEngine, EngineEvent } from './engine';
import { CancelledError } from './errors';
import { abortableSleep } from '../util/abortableSleep';
import { type Disposable, Emitter } from '../util/emitter';

export type StreamState = 'connected' | 'disconnected';

export interface EventHubOptions {
  /** Backoff steps in ms; the last one repeats. */
  backoffMs?: number[];
  /** For tests: how to wait. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const defaultBackoff = [500, 1000, 2000, 5000, 10000];

export class EngineEventHub {
  private readonly events = new Emitter<EngineEvent>();
  private readonly states = new Emitter<StreamState>();
  private listeners = 0;
  private controller: AbortController | undefined;
  private stateValue: StreamState = 'disconnected';
  private readonly backoff: number[];
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;

  /** `engine()` is asked again on every (re)connect: the engine address may have changed. */
  constructor(
    private readonly engine: () => ContainerEngine,
    options: EventHubOptions = {},
  ) {
    this.backoff = options.backoffMs ?? defaultBackoff;
    this.sleep = options.sleep ?? abortableSleep;
  }

  get state(): StreamState {
    return this.stateValue;
  }

  /** Receives engine events; keeps the stream open until disposed. */
  subscribe(onEvent: (event: EngineEvent) => void, onState?: (state: StreamState) => void): Disposable {
    const eventSub = this.events.event(onEvent);
    const stateSub = onState ? this.states.event(onState) : undefined;
    this.listeners++;
    if (this.listeners === 1) {
      this.open();
    }
    let disposed = false;
    return {
      dispose: () => {
        if (disposed) return;
        disposed = true;
        eventSub.dispose();
        stateSub?.dispose();
        this.listeners--;
        if (this.listeners === 0) {
          this.close();
        }
      },
    };
  }

  /** Reconnect now (after a settings change, or a Retry), without waiting for the backoff. */
  restart(): void {
    if (this.listeners > 0) {
      this.close();
      this.open();
    }
  }

  private open(): void {
    const controller = new AbortController();
    this.controller = controller;
    void this.loop(controller.signal);
  }

  private close(): void {
    this.controller?.abort();
    this.controller = undefined;
    this.setState('disconnected');
  }

  private async loop(signal: AbortSignal): Promise<void> {
    let attempt = 0;
    while (!signal.aborted) {
      try {
        let engine: ContainerEngine;
        try {
          engine = this.engine();
        } catch {
          throw new Error('no engine configured');
        }
        // A version call proves the engine answers before we say "connected".
        await engine.version(signal);
        if (signal.aborted) {
          return;
        }
        this.setState('connected');
        attempt = 0;
        await engine.events((event) => this.events.fire(event), signal);
      } catch (err) {
        if (signal.aborted || err instanceof CancelledError) {
          return;
        }
      }
      this.setState('disconnected');
      const delay = this.backoff[Math.min(attempt, this.backoff.length - 1)];
      attempt++;
      await this.sleep(delay, signal);
    }
  }

  private setState(state: StreamState): void {
    if (state !== this.stateValue) {
      this.stateValue = state;
      this.states.fire(state);
    }
  }

  dispose(): void {
    this.close();
    this.events.dispose();
    this.states.dispose();
  }
}
