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
  constructor(readonly problem: EngineProblem, cause?: unknown) {
    super(`${problem.summary} ${problem.action}`, { cause });
    this.name = 'EngineUnavailableError';
  }
}

/** The engine answered with an error status: 404 no such container, 409 conflict, 500 ... */
export class EngineRequestError extends Error {
  constructor(message: string, readonly statusCode: number | undefined) {
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

const connectionCodes = new Set(['ENOENT', 'ECONNREFUSED', 'EACCES', 'EPERM', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ENOTSOCK', 'ENOTDIR', 'EPIPE', 'ENGINE_TIMEOUT']);

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
  if (isSocket && (code === 'ECONNREFUSED' || code === 'ENOTSOCK' || code === 'ENGINE_TIMEOUT' || code === 'ECONNRESET' || code === 'EPIPE')) {
    return {
      kind: 'notRunning',
      summary: `The container engine is not running: ${where} exists but nothing answers.`,
      action: `Start it (sudo systemctl start docker, or open Docker Desktop), ${configure}`,
    };
  }
  if (code === 'ECONNREFUSED' || code === 'ENGINE_TIMEOUT') {
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

/** Pulls the engine's own message out of a dockerode error ("(HTTP code 404) no such container - ..."). */
export function engineMessage(err: unknown): string {
  const e = err as { json?: { message?: string }; reason?: string; message?: string } | undefined;
  if (e?.json && typeof e.json.message === 'string') {
    return e.json.message;
  }
  return e?.message ?? String(err);
}

export function toEngineRequestError(err: unknown): EngineRequestError {
  const statusCode = (err as { statusCode?: number } | undefined)?.statusCode;
  return new EngineRequestError(engineMessage(err), statusCode);
}
