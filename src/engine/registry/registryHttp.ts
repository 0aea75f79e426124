/**
 * One HTTP request to a registry or its token service, with the caller's AbortSignal and a
 * timeout, and network failures turned into RegistryError('unreachable') in words. The
 * fetch function is a parameter, so unit tests answer with recorded responses.
 */
import { CancelledError } from '../errors';
import { RegistryError } from './transferErrors';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** How long one registry request may take before the registry counts as not answering. */
export const REGISTRY_REQUEST_TIMEOUT_MS = 15_000;

export interface HttpContext {
  fetch: FetchLike;
  registry: string;
  timeoutMs: number;
}

export async function send(context: HttpContext, url: string, init: RequestInit, signal: AbortSignal | undefined): Promise<Response> {
  if (signal?.aborted) {
    throw new CancelledError();
  }
  const timeout = AbortSignal.timeout(context.timeoutMs);
  try {
    return await context.fetch(url, { ...init, redirect: 'follow', signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (err) {
    if (signal?.aborted) {
      throw new CancelledError();
    }
    if (timeout.aborted) {
      throw new RegistryError(
        'unreachable',
        'list',
        context.registry,
        `${originOf(url)} did not answer within ${Math.max(1, Math.round(context.timeoutMs / 1000))} s`,
      );
    }
    throw new RegistryError('unreachable', 'list', context.registry, networkWords(err, url));
  }
}

/** fetch says "fetch failed"; the reason is in its cause ("connect ECONNREFUSED 127.0.0.1:5000"). */
function networkWords(err: unknown, url: string): string {
  const cause = (err as { cause?: { message?: string; code?: string } }).cause;
  const reason = cause?.message ?? (err as Error).message ?? String(err);
  return `${originOf(url)}: ${reason}`;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

export function basicAuthorization(username: string, secret: string): string {
  return `Basic ${Buffer.from(`${username}:${secret}`, 'utf8').toString('base64')}`;
}
