/**
 * A failure of an engine request in the project's terms: cancelled, engine unavailable
 * (with what to do), or EngineRequestError with the engine's own words and status.
 */
import type { EngineEndpoint } from '../connection';
import {
  CancelledError,
  EngineRequestError,
  EngineUnavailableError,
  describeConnectionFailure,
  isCancellation,
  isConnectionFailure,
} from '../errors';

interface ModemError {
  statusCode?: number;
  json?: { message?: unknown } | null;
  message?: string;
}

/** A modem failure in the project's terms, with the engine's own words where it sent some. */
export function translate(
  err: unknown,
  signal: AbortSignal | undefined,
  endpoint: EngineEndpoint,
  failures: Record<number, string> = {},
): Error {
  if (signal?.aborted || isCancellation(err)) return err instanceof CancelledError ? err : new CancelledError();
  if (err instanceof EngineUnavailableError || err instanceof CancelledError || err instanceof EngineRequestError) return err;
  if (isConnectionFailure(err)) return new EngineUnavailableError(describeConnectionFailure(err, endpoint), err);
  const e = err as ModemError;
  const status = e.statusCode;
  const fromEngine = typeof e.json?.message === 'string' ? e.json.message : causeOf(e.message);
  const message = fromEngine || (status !== undefined ? failures[status] : undefined) || e.message || String(err);
  return new EngineRequestError(message, status);
}

/** The modem words a streamed failure "(HTTP code 404) reason - <the engine's message> ". */
export function causeOf(message: string | undefined): string | undefined {
  const match = /^\(HTTP code \d+\) [^-]*- ([\s\S]*?)\s*$/.exec(message ?? '');
  if (!match) return undefined;
  const text = match[1].trim();
  // A streamed JSON cause arrives as "[object Object]" when the modem could not read it.
  return text && text !== '[object Object]' ? text : undefined;
}
