/**
 * A fetch that answers from a list of recorded exchanges, for the Registry API client's
 * unit tests: no socket is opened. Every request is kept (URL, method, headers, body), so a
 * test can check what was sent, and a request nobody expected fails the test loudly.
 */

export interface SentRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Exchange {
  /** Matches the request; the first unused exchange that matches answers. */
  match: (request: SentRequest) => boolean;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** May answer more than once (a registry's /v2/ probe). */
  repeat?: boolean;
}

export class RecordedRegistry {
  readonly sent: SentRequest[] = [];
  private readonly used = new Set<Exchange>();

  constructor(private readonly exchanges: Exchange[]) {}

  readonly fetch = async (url: string, init: RequestInit): Promise<Response> => {
    if (init.signal?.aborted) {
      throw Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries((init.headers ?? {}) as Record<string, string>)) {
      headers[name.toLowerCase()] = value;
    }
    const request: SentRequest = {
      url,
      method: init.method ?? 'GET',
      headers,
      ...(typeof init.body === 'string' ? { body: init.body } : {}),
    };
    this.sent.push(request);
    const exchange = this.exchanges.find((e) => (e.repeat || !this.used.has(e)) && e.match(request));
    if (!exchange) {
      throw new Error(`unexpected request: ${request.method} ${url} ${JSON.stringify(headers)}`);
    }
    this.used.add(exchange);
    const body = exchange.body === undefined ? null : typeof exchange.body === 'string' ? exchange.body : JSON.stringify(exchange.body);
    return new Response(body, {
      status: exchange.status,
      headers: { 'content-type': 'application/json; charset=utf-8', ...(exchange.headers ?? {}) },
    });
  };

  /** The requests to one path (query ignored). */
  to(pathname: string): SentRequest[] {
    return this.sent.filter((r) => new URL(r.url).pathname === pathname);
  }
}

/** Matchers for the exchanges. */
export const on = {
  get:
    (pathname: string, check: (request: SentRequest, url: URL) => boolean = () => true) =>
    (request: SentRequest) => {
      const url = new URL(request.url);
      return request.method === 'GET' && url.pathname === pathname && check(request, url);
    },
  post: (pathname: string) => (request: SentRequest) => request.method === 'POST' && new URL(request.url).pathname === pathname,
};

export const withAuth = (prefix: string) => (request: SentRequest) => (request.headers.authorization ?? '').startsWith(prefix);
export const withoutAuth = (request: SentRequest) => request.headers.authorization === undefined;

export const UNAUTHORIZED_BODY = { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required', detail: null }] };
