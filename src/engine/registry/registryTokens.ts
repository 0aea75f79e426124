/**
 * The bearer-token flow of the distribution spec: a registry answers 401 with
 * `WWW-Authenticate: Bearer realm="…",service="…",scope="…"`; the client asks the realm for
 * a token for that service and scope (anonymously, or with basic auth of the person's
 * credentials; an identity token is exchanged with an OAuth2 refresh_token POST), then
 * repeats the request with `Authorization: Bearer <token>`. Tokens are kept until they
 * expire (`expires_in`, 60 s when the service does not say).
 */
import type { RegistryCredential } from './credentials';
import { parseRegistryErrors } from './httpHeaders';
import { basicAuthorization, send, type HttpContext } from './registryHttp';
import { RegistryError } from './transferErrors';

export interface BearerChallenge {
  realm: string;
  service?: string;
}

const DEFAULT_LIFETIME_S = 60;
/** A token this close to its end is fetched again rather than used. */
const EXPIRY_MARGIN_MS = 5_000;
const CLIENT_ID = 'container-workflows';

export class BearerTokens {
  private readonly cache = new Map<string, { token: string; expiresAt: number }>();

  constructor(
    private readonly context: HttpContext,
    private readonly now: () => number = Date.now,
  ) {}

  /** A token for the scopes, from the cache or from the realm. */
  async token(
    challenge: BearerChallenge,
    scopes: string[],
    credential: RegistryCredential | undefined,
    signal?: AbortSignal,
  ): Promise<string> {
    const key = `${challenge.realm}|${challenge.service ?? ''}|${[...scopes].sort().join(' ')}|${credential ? 'user' : 'anonymous'}`;
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt - EXPIRY_MARGIN_MS > this.now()) {
      return cached.token;
    }
    const started = this.now();
    const response = credential?.identityToken
      ? await this.refresh(challenge, scopes, credential, signal)
      : await this.fetchToken(challenge, scopes, credential, signal);
    const body = await response.text();
    if (response.status === 401 || response.status === 403) {
      throw new RegistryError('unauthorized', 'login', this.context.registry, tokenServiceWords(response.status, body));
    }
    if (!response.ok) {
      throw new RegistryError('failed', 'list', this.context.registry, tokenServiceWords(response.status, body));
    }
    let json: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      json = JSON.parse(body) as typeof json;
    } catch {
      throw new RegistryError('failed', 'list', this.context.registry, 'the token service answered something that is not JSON');
    }
    const token =
      typeof json.token === 'string' && json.token ? json.token : typeof json.access_token === 'string' ? json.access_token : '';
    if (!token) {
      throw new RegistryError('failed', 'list', this.context.registry, 'the token service answered without a token');
    }
    const lifetime = typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in : DEFAULT_LIFETIME_S;
    this.cache.set(key, { token, expiresAt: started + lifetime * 1000 });
    return token;
  }

  /** Drops every token (after a login or logout the old ones speak for the wrong person). */
  clear(): void {
    this.cache.clear();
  }

  private fetchToken(
    challenge: BearerChallenge,
    scopes: string[],
    credential: RegistryCredential | undefined,
    signal?: AbortSignal,
  ): Promise<Response> {
    const url = new URL(challenge.realm);
    if (challenge.service) {
      url.searchParams.set('service', challenge.service);
    }
    for (const scope of scopes) {
      url.searchParams.append('scope', scope);
    }
    if (credential) {
      url.searchParams.set('account', credential.username);
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    if (credential) {
      headers.authorization = basicAuthorization(credential.username, credential.secret);
    }
    return send(this.context, url.toString(), { method: 'GET', headers }, signal);
  }

  private refresh(challenge: BearerChallenge, scopes: string[], credential: RegistryCredential, signal?: AbortSignal): Promise<Response> {
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: credential.secret, client_id: CLIENT_ID });
    if (challenge.service) {
      form.set('service', challenge.service);
    }
    if (scopes.length) {
      form.set('scope', scopes.join(' '));
    }
    return send(
      this.context,
      challenge.realm,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
      },
      signal,
    );
  }
}

function tokenServiceWords(status: number, body: string): string {
  const errors = parseRegistryErrors(body);
  const said = errors.map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ');
  if (said) {
    return `the token service answered ${status}: ${said}`;
  }
  // Some token services answer {"details": "..."} (Docker Hub) or plain text.
  const details = /"details"\s*:\s*"([^"]{1,200})"/.exec(body)?.[1];
  return `the token service answered ${status}${details ? `: ${details}` : ''}`;
}
