/**
 * What a switch of engine means for the parts that were talking to the old one. Pure.
 *
 * A window's engine changes when the person picks another Docker context, or changes the
 * address or TLS settings. Terminals and log follows of the old engine cannot carry on
 * against the new one (the same container id names nothing there), so they end and say
 * why; the views and the event stream start again on the new engine.
 */
import { type EngineEndpoint, describeHost } from './connection';

/** Same address, same context, same TLS files: a reconnect (Retry), not a switch. */
export function isSameEngine(a: EngineEndpoint | undefined, b: EngineEndpoint | undefined): boolean {
  if (!a || !b) return a === b;
  return a.host === b.host && a.contextName === b.contextName && JSON.stringify(a.tls ?? null) === JSON.stringify(b.tls ?? null);
}

/** How an engine is named to the person: its context when it came from one, else where it is. */
export function engineName(endpoint: EngineEndpoint | undefined): string {
  if (!endpoint) return 'no engine';
  const where = describeHost(endpoint);
  return endpoint.contextName ? `context "${endpoint.contextName}" (${where})` : where;
}

/** Why the old engine's work ended; the reason of the aborted lifetime signal. */
export class EngineSwitchedError extends Error {
  constructor(
    readonly from: EngineEndpoint | undefined,
    readonly to: EngineEndpoint | undefined,
  ) {
    super(`This window switched from ${engineName(from)} to ${engineName(to)}.`);
    this.name = 'EngineSwitchedError';
  }
}

/** The last line a terminal of the old engine prints before it ends. */
export function switchedAwayNote(reason: unknown, what: string): string {
  const switched = reason instanceof EngineSwitchedError ? reason.message : 'This window switched to another engine.';
  return `[${switched} ${what} was on the old engine and has ended here; the container itself keeps running there.]`;
}
