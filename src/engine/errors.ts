/**
 * Low-level failures (socket errors, HTTP status codes from the engine) turned into
 * errors that say what happened and what to do. No `vscode` here: the CLI shows the
 * same messages.
 */
import { describeHost, type EngineEndpoint } from './connection';

export type EngineProblemKind =
  | 'notInstalled' // no socket where we looked
  | 'notRunning' // a socket or port, but nothing answers
  | 'permissionDenied' // EACCES on the socket
  | 'unreachable' // a remote host that cannot be reached
  | 'misconfigured'; // the address itself is wrong

export interface EngineProblem {
  kind: EngineProblemKind;
  /** One sentence: what is wrong. */
  summary: string;
  /** One sentence: what the person can do about it. */
  action: string;
}

export class EngineUnavailableError extends Error {
  constructor(
    readonly problem: EngineProblem,
    cause?: unknown,
  ) {
    super(`${problem.summary} ${problem.action}`, { cause });
    this.name = 'EngineUnavailableError';
  }
}

/** The engine answered with an error status: 404 no such container, 409 conflict, 500 ... */
export class EngineRequestError extends Error {
  constructor(
    message: string,
    readonly statusCode: number | undefined,
  ) {
    super(message);
    this.name = 'EngineRequestError';
  }
}

export class CancelledError extends Error {
  constructor(message = 'Cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

export function isCancellation(err: unknown): boolean {
  if (err instanceof CancelledError) {
    return true;
  }
  const e = err as { name?: string; code?: string } | undefined;
  return e?.name === 'AbortError' || e?.code === 'ABORT_ERR';
}

/** A quick request (version, inspect, list) that got no answer in time. */
export const ENGINE_TIMEOUT_CODE = 'ENGINE_TIMEOUT';
/** A stream (events, logs, build) that the engine ended without finishing: it went away. */
export const ENGINE_STOPPED_CODE = 'ENGINE_STOPPED';

/** How long a version check may take before the engine counts as not answering. */
export const PING_TIMEOUT_MS = 5_000;
/** How long a quick request (inspect, list) may take; an engine that takes longer is stuck. */
export const REQUEST_TIMEOUT_MS = 15_000;

const connectionCodes = new Set([
  'ENOENT',
  'ECONNREFUSED',
  'EACCES',
  'EPERM',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'ENOTSOCK',
  'ENOTDIR',
  'EPIPE',
  ENGINE_TIMEOUT_CODE,
  ENGINE_STOPPED_CODE,
]);

/** True when the error means "could not talk to the engine at all". */
export function isConnectionFailure(err: unknown): boolean {
  if (err instanceof EngineUnavailableError) {
    return true;
  }
  const code = (err as { code?: string } | undefined)?.code;
  return code !== undefined && connectionCodes.has(code);
}

/** Maps a failed connection attempt to the problem the person has to solve. */
export function describeConnectionFailure(err: unknown, endpoint: EngineEndpoint): EngineProblem {
  const code = (err as { code?: string } | undefined)?.code;
  const where = describeHost(endpoint);
  const isSocket = endpoint.host.startsWith('unix://') || endpoint.host.startsWith('npipe://');
  const configure = 'or set containerWorkflows.engine.host to the engine you use.';

  if (isSocket && (code === 'ENOENT' || code === 'ENOTDIR' || endpoint.socketExists === false)) {
    return {
      kind: 'notInstalled',
      summary: `No container engine found: there is no socket at ${where}.`,
      action: `Install Docker Engine, Docker Desktop or Podman and start it, ${configure}`,
    };
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return {
      kind: 'permissionDenied',
      summary: `Permission denied on ${where}.`,
      action: 'Add your user to the docker group (sudo usermod -aG docker $USER), then log out and in again; or use a rootless engine.',
    };
  }
  if (code === ENGINE_TIMEOUT_CODE) {
    return {
      kind: 'notRunning',
      summary: `The container engine did not answer: ${where} ${isSocket ? 'accepts connections, but nothing answers' : 'took the connection but sent no answer'} in time.`,
      action: `Check that the engine is running and not stuck (restart it: sudo systemctl restart docker, or restart Docker Desktop), then try again; ${configure}`,
    };
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === ENGINE_STOPPED_CODE) {
    return {
      kind: 'notRunning',
      summary: `The container engine stopped: the connection to ${where} closed before the engine finished.`,
      action: `Start it again (sudo systemctl start docker, or open Docker Desktop), then try again; the status bar and the views reconnect by themselves.`,
    };
  }
  if (isSocket && (code === 'ECONNREFUSED' || code === 'ENOTSOCK')) {
    return {
      kind: 'notRunning',
      summary: `The container engine is not running: ${where} exists but nothing answers.`,
      action: `Start it (sudo systemctl start docker, or open Docker Desktop), ${configure}`,
    };
  }
  if (code === 'ECONNREFUSED') {
    return {
      kind: 'notRunning',
      summary: `The container engine at ${where} does not answer.`,
      action: `Check that the engine is running and listening there, ${configure}`,
    };
  }
  return {
    kind: 'unreachable',
    summary: `Cannot reach the container engine at ${where}${code ? ` (${code})` : ''}.`,
    action: `Check the network and the address, ${configure}`,
  };
}

/**
 * What to tell a person about a failure: an unreachable engine's problem and what to do
 * (`between` the two: a space, or a line break on a terminal), the engine's own message of
 * a dockerode error ("(HTTP code 404) no such container - ..." says less), else the message.
 */
export function engineMessage(err: unknown, between = ' '): string {
  if (err instanceof EngineUnavailableError) {
    return `${err.problem.summary}${between}${err.problem.action}`;
  }
  const e = err as { json?: { message?: string }; reason?: string; message?: string } | undefined;
  if (e?.json && typeof e.json.message === 'string') {
    return e.json.message;
  }
  return e?.message ?? String(err);
}

/** Did the engine answer with this HTTP status? (dockerode's errors and EngineRequestError carry it.) */
export function hasStatus(err: unknown, code: number): boolean {
  return (err as { statusCode?: unknown } | undefined)?.statusCode === code;
}

export function toEngineRequestError(err: unknown): EngineRequestError {
  const statusCode = (err as { statusCode?: number } | undefined)?.statusCode;
  return new EngineRequestError(engineMessage(err), statusCode);
}

function connectionFailure(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** The engine took a request and did not answer it within `ms`. */
export function engineTimeoutError(endpoint: EngineEndpoint, ms: number): EngineUnavailableError {
  const cause = connectionFailure(ENGINE_TIMEOUT_CODE, `The engine did not answer within ${Math.round(ms / 100) / 10} s`);
  return new EngineUnavailableError(describeConnectionFailure(cause, endpoint), cause);
}

/** The engine ended a stream it had not finished (events, logs, a build): it stopped or restarted. */
export function engineStoppedError(endpoint: EngineEndpoint, what: string): EngineUnavailableError {
  const cause = connectionFailure(ENGINE_STOPPED_CODE, `the engine ended ${what} before it was finished`);
  return new EngineUnavailableError(describeConnectionFailure(cause, endpoint), cause);
}

/**
 * Runs one quick request with a deadline. The request gets a signal that aborts on the
 * caller's cancel or at the deadline; a deadline reached is EngineUnavailableError ("did
 * not answer", what to do), a cancel stays CancelledError. The one timeout of the project:
 * the engine's own calls and the views' lists use it.
 */
export async function withRequestTimeout<T>(
  endpoint: EngineEndpoint,
  ms: number,
  signal: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  // A timer of our own, not AbortSignal.timeout: that one does not keep the process alive,
  // so a CLI waiting on a silent engine would exit instead of saying so.
  const deadline = new AbortController();
  const combined = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onCancel: (() => void) | undefined;
  // Raced, not only signalled: a client call that ignores its signal must not hang the caller.
  const ended = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      // Settled before the abort, so the race says "did not answer", not the request's "cancelled".
      reject(engineTimeoutError(endpoint, ms));
      deadline.abort();
    }, ms);
    onCancel = () => reject(new CancelledError());
    signal?.addEventListener('abort', onCancel, { once: true });
  });
  const running = work(combined);
  running.catch(() => undefined);
  try {
    return await Promise.race([running, ended]);
  } finally {
    clearTimeout(timer);
    if (onCancel) signal?.removeEventListener('abort', onCancel);
  }
}
