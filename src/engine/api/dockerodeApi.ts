/**
 * EngineApi over dockerode's modem: the modem already speaks every transport the project
 * supports (unix socket, TCP with TLS, ssh), so requests go through it rather than a
 * second HTTP client. Uses dockerode's types only; the instance comes from the caller.
 */
import type { Duplex, Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { EngineEndpoint } from '../connection';
import { CancelledError, REQUEST_TIMEOUT_MS, withRequestTimeout } from '../errors';
import type { ApiRequest, ApiStream, EngineApi, QueryValue } from './engineApi';
import { translate } from './translateError';

interface DialOptions {
  path: string;
  method: string;
  options: { _query: Record<string, QueryValue>; _body?: unknown };
  statusCodes: Record<number, true | string>;
  abortSignal?: AbortSignal;
  isStream?: boolean;
  hijack?: boolean;
  openStdin?: boolean;
  file?: Readable;
}

interface Modem {
  dial(options: DialOptions, callback: (err: unknown, data: unknown) => void): void;
}

const SUCCESS: Record<number, true> = { 200: true, 201: true, 204: true, 304: true };

export function dockerodeApi(docker: Docker, endpoint: EngineEndpoint, requestMs = REQUEST_TIMEOUT_MS): EngineApi {
  const modem = (docker as unknown as { modem: Modem }).modem;

  const dial = <T>(request: ApiRequest, signal: AbortSignal | undefined, extra: Partial<DialOptions> = {}): Promise<T> => {
    if (signal?.aborted) return Promise.reject(new CancelledError());
    const options: DialOptions = {
      // The '?' makes the modem append the query, even an empty one.
      path: `${request.path}?`,
      method: request.method,
      // An empty body object makes the modem send no body at all.
      options: { _query: definedQuery(request.query), _body: request.body ?? {} },
      statusCodes: extra.hijack ? { ...SUCCESS, 101: true } : SUCCESS,
      abortSignal: signal,
      ...extra,
    };
    return new Promise<T>((resolve, reject) => {
      modem.dial(options, (err, data) => (err ? reject(translate(err, signal, endpoint, request.failures)) : resolve(data as T)));
    });
  };

  /** The request deadline applies until the answer (or the headers of a stream) is in. */
  const limited = <T>(
    request: ApiRequest,
    signal: AbortSignal | undefined,
    fallbackMs: number,
    work: (signal: AbortSignal | undefined) => Promise<T>,
  ): Promise<T> => {
    const ms = request.timeoutMs ?? fallbackMs;
    return ms > 0 ? withRequestTimeout(endpoint, ms, signal, work) : work(signal);
  };

  return {
    endpoint,
    json: <T>(request: ApiRequest, signal?: AbortSignal) => limited(request, signal, requestMs, (s) => dial<T>(request, s)),
    head: (request, signal) =>
      limited({ ...request, method: 'HEAD' }, signal, requestMs, async (s) => {
        const res = await dial<Readable & { headers: ApiStream['headers'] }>({ ...request, method: 'HEAD' }, s, { isStream: true });
        res.resume();
        return res.headers;
      }),
    stream: (request, signal) =>
      limited(request, signal, requestMs, async (s) => {
        const res = await dial<Readable & { headers: ApiStream['headers']; statusCode?: number }>(request, s, { isStream: true });
        return { statusCode: res.statusCode ?? 200, headers: res.headers, body: res };
      }),
    upload: async (request, body, signal) => {
      await dial<unknown>({ ...request, method: 'PUT' }, signal, { file: body });
    },
    // With no body the modem sends a chunked request body that never ends, and the engine never
    // upgrades the connection; a small JSON body with a length is what it takes (the engine reads the query).
    hijack: (request, signal) =>
      limited(request, signal, requestMs, (s) =>
        dial<Duplex>({ ...request, body: request.body ?? definedQuery(request.query) }, s, {
          isStream: true,
          hijack: true,
          openStdin: true,
        }),
      ),
  };
}

function definedQuery(query: ApiRequest['query']): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {};
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) out[key] = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  }
  return out;
}
