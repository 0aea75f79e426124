/**
 * The narrow HTTP view of the engine that the volume, network, file, stats and interactive
 * modules need: typed requests, the engine's answers, and errors already in the project's
 * terms (EngineUnavailableError, CancelledError, EngineRequestError with the engine's own
 * message). One implementation talks through dockerode's modem (dockerodeApi.ts); unit
 * tests hand in a fake.
 */
import type { Duplex, Readable } from 'node:stream';
import type { EngineEndpoint } from '../connection';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';

export type QueryValue = string | number | boolean | Record<string, string[]>;

export interface ApiRequest {
  method: HttpMethod;
  /** The path under the API root, e.g. `/volumes/create`; parts are encoded by the caller (see `pathPart`). */
  path: string;
  query?: Record<string, QueryValue | undefined>;
  /** A JSON body (POST). */
  body?: unknown;
  /**
   * What the failure means here, by status, when the engine gives no message of its own
   * (a HEAD answer has no body): `{ 404: 'No such file or folder' }`.
   */
  failures?: Record<number, string>;
  /**
   * The request deadline in ms; 0 for none (a long poll such as wait, a stream). JSON
   * requests default to the project's request deadline.
   */
  timeoutMs?: number;
}

/** A response whose body is read as it arrives (archive, stats, logs). */
export interface ApiStream {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
}

export interface EngineApi {
  readonly endpoint: EngineEndpoint;
  /** A request whose answer is JSON (or nothing: 204); resolves with the parsed body. */
  json<T>(request: ApiRequest, signal?: AbortSignal): Promise<T>;
  /** A request whose answer is a stream; resolves once the headers are in. The signal destroys the body. */
  stream(request: ApiRequest, signal?: AbortSignal): Promise<ApiStream>;
  /** HEAD: resolves with the answer's headers. */
  head(request: Omit<ApiRequest, 'method'>, signal?: AbortSignal): Promise<Record<string, string | string[] | undefined>>;
  /** PUT with a stream as the body (a tar for the archive endpoint). */
  upload(request: Omit<ApiRequest, 'method'>, body: Readable, signal?: AbortSignal): Promise<void>;
  /** A hijacked connection (attach with stdin): raw bytes both ways. */
  hijack(request: ApiRequest, signal?: AbortSignal): Promise<Duplex>;
}

/** One path segment (a container id, a volume name), encoded for the URL. */
export function pathPart(value: string): string {
  return encodeURIComponent(value);
}

/** An image reference in a path: `/` stays (the engine's routes take `name/with/slashes`). */
export function imagePathPart(ref: string): string {
  return encodeURIComponent(ref).replace(/%2F/gi, '/');
}
