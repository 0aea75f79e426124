/**
 * A small Registry HTTP API v2 client for the Registries view: `/v2/` (is it a registry,
 * do these credentials work), `/v2/_catalog` and `/v2/<name>/tags/list`, one page at a
 * time (`n`, `last`) or all pages through the `Link` header. Basic auth and the bearer
 * flow (registryTokens.ts) are chosen from the registry's own 401 challenge.
 *
 * A registry that refuses to list its catalog (Docker Hub: 401 even with a token; others:
 * 404 or UNSUPPORTED) is reported as `listable: false` with the reason, not as an error:
 * pull and push still work there.
 */
import type { RegistryCredential } from './credentials';
import { nextPageUrl, parseRegistryErrors, parseWwwAuthenticate } from './httpHeaders';
import { apiBaseUrls } from './registryAddress';
import { basicAuthorization, REGISTRY_REQUEST_TIMEOUT_MS, send, type FetchLike, type HttpContext } from './registryHttp';
import { BearerTokens, type BearerChallenge } from './registryTokens';
import { RegistryError } from './transferErrors';

export interface RegistryClientOptions {
  /** "127.0.0.1:5000", "ghcr.io", "docker.io". */
  registry: string;
  credential?: RegistryCredential;
  fetch?: FetchLike;
  /** Where the API is; default from the registry (HTTPS, and HTTP too for loopback). */
  baseUrls?: string[];
  timeoutMs?: number;
  now?: () => number;
}

export interface ListPage {
  items: string[];
  /** The next page's URL, from the Link header. */
  next?: string;
}

export type CatalogListing = { listable: true; repositories: string[]; complete: boolean } | { listable: false; reason: string };

export interface TagListing {
  tags: string[];
  /** False when `limit` stopped the listing before the registry's last page. */
  complete: boolean;
}

const CATALOG_SCOPE = 'registry:catalog:*';

export class RegistryClient {
  private readonly http: HttpContext;
  private readonly tokens: BearerTokens;
  /** A JS-private field, so neither util.inspect nor JSON.stringify of the client shows it. */
  readonly #credential?: RegistryCredential;
  readonly registry: string;
  private readonly candidates: string[];
  private base?: string;
  /** What the registry asked for last: basic, or bearer with its realm. */
  private auth: { scheme: 'none' } | { scheme: 'basic' } | ({ scheme: 'bearer' } & BearerChallenge) = { scheme: 'none' };

  constructor(options: RegistryClientOptions) {
    this.registry = options.registry;
    this.http = {
      fetch: options.fetch ?? ((url, init) => fetch(url, init)),
      registry: options.registry,
      timeoutMs: options.timeoutMs ?? REGISTRY_REQUEST_TIMEOUT_MS,
    };
    this.tokens = new BearerTokens(this.http, options.now);
    this.#credential = options.credential;
    this.candidates = options.baseUrls ?? apiBaseUrls(options.registry);
  }

  /** Checks that this is a v2 registry and that it lets these credentials (or anyone) in. */
  async ping(signal?: AbortSignal): Promise<void> {
    const response = await this.request('/v2/', [], signal);
    if (response.status === 401 || response.status === 403) {
      throw new RegistryError('unauthorized', 'login', this.registry, await registryWords(response));
    }
    if (!response.ok) {
      throw new RegistryError(
        'failed',
        'list',
        this.registry,
        `${await registryWords(response)}; is this a registry (Registry HTTP API v2)?`,
      );
    }
  }

  async catalogPage(
    page: { pageSize?: number; last?: string; url?: string } = {},
    signal?: AbortSignal,
  ): Promise<ListPage | { refused: string }> {
    const response = await this.request(page.url ?? listPath('/v2/_catalog', page), [CATALOG_SCOPE], signal);
    if (response.status === 401 || response.status === 403 || response.status === 404 || response.status === 405) {
      return { refused: await registryWords(response) };
    }
    const body = await this.readJson<{ repositories?: unknown }>(response);
    if (isUnsupported(body.errors)) {
      return { refused: 'UNSUPPORTED' };
    }
    return { items: strings(body.json?.repositories), ...this.next(response) };
  }

  /** Every repository, following pages up to `limit`. */
  async listRepositories(options: { pageSize?: number; limit?: number } = {}, signal?: AbortSignal): Promise<CatalogListing> {
    // A refusal only means "no catalog" when the registry lets us in at all.
    await this.ping(signal);
    const limit = options.limit ?? 1000;
    const repositories: string[] = [];
    let page = await this.catalogPage({ pageSize: options.pageSize ?? 100 }, signal);
    if ('refused' in page) {
      return {
        listable: false,
        reason: `${this.registry} does not allow listing its repositories (${page.refused}); pull and push still work with a full name.`,
      };
    }
    for (const seen = new Set<string>(); ;) {
      repositories.push(...page.items);
      if (!page.next || repositories.length >= limit || seen.has(page.next)) {
        return { listable: true, repositories: repositories.slice(0, limit), complete: !page.next || seen.has(page.next) };
      }
      seen.add(page.next);
      const following = await this.catalogPage({ url: page.next }, signal);
      if ('refused' in following) {
        throw new RegistryError('failed', 'list', this.registry, `the catalog stopped answering part-way: ${following.refused}`);
      }
      page = following;
    }
  }

  async tagsPage(
    repository: string,
    page: { pageSize?: number; last?: string; url?: string } = {},
    signal?: AbortSignal,
  ): Promise<ListPage> {
    const response = await this.request(
      page.url ?? listPath(`/v2/${repository}/tags/list`, page),
      [`repository:${repository}:pull`],
      signal,
    );
    if (response.status === 404) {
      throw new RegistryError('notFound', 'list', this.registry, await registryWords(response), `${this.registry}/${repository}`);
    }
    if (response.status === 401 || response.status === 403) {
      throw new RegistryError('unauthorized', 'list', this.registry, await registryWords(response), `${this.registry}/${repository}`);
    }
    const body = await this.readJson<{ tags?: unknown }>(response);
    return { items: strings(body.json?.tags), ...this.next(response) };
  }

  /** Every tag of a repository, following pages up to `limit`. */
  async listTags(repository: string, options: { pageSize?: number; limit?: number } = {}, signal?: AbortSignal): Promise<TagListing> {
    const limit = options.limit ?? 1000;
    const tags: string[] = [];
    const seen = new Set<string>();
    let page = await this.tagsPage(repository, { pageSize: options.pageSize ?? 100 }, signal);
    for (;;) {
      tags.push(...page.items);
      if (!page.next || tags.length >= limit || seen.has(page.next)) {
        return { tags: tags.slice(0, limit), complete: !page.next || seen.has(page.next) };
      }
      seen.add(page.next);
      page = await this.tagsPage(repository, { url: page.next }, signal);
    }
  }

  /** Forgets tokens (after the person logged in or out elsewhere). */
  forgetTokens(): void {
    this.tokens.clear();
  }

  private next(response: Response): { next?: string } {
    const next = nextPageUrl(response.headers.get('link'), response.url || this.base || this.candidates[0]);
    return next ? { next } : {};
  }

  private async readJson<T>(response: Response): Promise<{ json?: T; errors: ReturnType<typeof parseRegistryErrors> }> {
    const text = await response.text();
    if (!response.ok) {
      throw new RegistryError('failed', 'list', this.registry, wordsFrom(response.status, text));
    }
    try {
      return { json: JSON.parse(text) as T, errors: parseRegistryErrors(text) };
    } catch {
      throw new RegistryError('failed', 'list', this.registry, `answered ${response.status} with something that is not JSON`);
    }
  }

  /**
   * GET with the authorization the registry asked for; on a 401 the challenge is read,
   * a token fetched (bearer) or the credentials sent (basic), and the request repeated once.
   */
  private async request(pathOrUrl: string, scopes: string[], signal?: AbortSignal): Promise<Response> {
    const url = await this.urlFor(pathOrUrl, signal);
    const response = await send(this.http, url, { method: 'GET', headers: await this.headers(scopes, signal) }, signal);
    if (response.status !== 401) {
      return response;
    }
    const retry = this.readChallenge(response.headers.get('www-authenticate'), scopes);
    if (!retry) {
      return response;
    }
    await response.body?.cancel();
    return send(this.http, url, { method: 'GET', headers: await this.headers(retry.scopes, signal) }, signal);
  }

  /** Takes the registry's challenge; undefined when repeating the request cannot help. */
  private readChallenge(header: string | null, requested: string[]): { scopes: string[] } | undefined {
    const challenges = parseWwwAuthenticate(header ?? '');
    const bearer = challenges.find((c) => c.scheme === 'bearer' && c.params.realm);
    if (bearer) {
      const scopes = bearer.params.scope ? bearer.params.scope.split(' ') : requested;
      const sentSame = this.auth.scheme === 'bearer' && this.auth.realm === bearer.params.realm && sameScopes(scopes, requested);
      this.auth = { scheme: 'bearer', realm: bearer.params.realm, ...(bearer.params.service ? { service: bearer.params.service } : {}) };
      if (sentSame && bearer.params.error === 'invalid_token') {
        // The token ran out early: get a new one once.
        this.tokens.clear();
        return { scopes };
      }
      // A token for exactly this was refused: asking again gets the same answer.
      return sentSame ? undefined : { scopes };
    }
    if (challenges.some((c) => c.scheme === 'basic') && this.#credential && this.auth.scheme !== 'basic') {
      this.auth = { scheme: 'basic' };
      return { scopes: requested };
    }
    return undefined;
  }

  private async headers(scopes: string[], signal?: AbortSignal): Promise<Record<string, string>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.auth.scheme === 'basic' && this.#credential) {
      headers.authorization = basicAuthorization(this.#credential.username, this.#credential.secret);
    } else if (this.auth.scheme === 'bearer') {
      headers.authorization = `Bearer ${await this.tokens.token(this.auth, scopes, this.#credential, signal)}`;
    }
    return headers;
  }

  /** The API's base: the first candidate that answers HTTP at all (HTTPS, else HTTP for loopback). */
  private async urlFor(pathOrUrl: string, signal?: AbortSignal): Promise<string> {
    if (/^https?:\/\//.test(pathOrUrl)) {
      return pathOrUrl;
    }
    if (!this.base && this.candidates.length === 1) {
      this.base = this.candidates[0];
    }
    if (!this.base) {
      let lastError: unknown;
      for (const candidate of this.candidates) {
        try {
          const probe = await send(this.http, `${candidate}/v2/`, { method: 'GET', headers: { accept: 'application/json' } }, signal);
          await probe.body?.cancel();
          this.base = candidate;
          break;
        } catch (err) {
          if (!(err instanceof RegistryError)) throw err;
          lastError = err;
        }
      }
      if (!this.base) {
        throw lastError;
      }
    }
    return `${this.base}${pathOrUrl}`;
  }
}

function listPath(path: string, page: { pageSize?: number; last?: string }): string {
  const query = new URLSearchParams();
  if (page.pageSize) query.set('n', String(page.pageSize));
  if (page.last) query.set('last', page.last);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

function sameScopes(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join(' ') === [...b].sort().join(' ');
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function isUnsupported(errors: { code: string }[]): boolean {
  return errors.some((e) => e.code === 'UNSUPPORTED');
}

async function registryWords(response: Response): Promise<string> {
  return wordsFrom(response.status, await response.text());
}

function wordsFrom(status: number, body: string): string {
  const errors = parseRegistryErrors(body);
  const said = errors.map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ');
  return said ? `${status} ${said}` : `HTTP ${status}`;
}
