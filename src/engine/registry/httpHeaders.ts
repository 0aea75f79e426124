/**
 * The pieces of the Registry HTTP API v2 that are text: the `WWW-Authenticate` challenge
 * (RFC 7235, as the distribution token spec uses it), the `Link` header of a paginated
 * list (RFC 5988), and the registry's error body. Pure.
 */

export interface AuthChallenge {
  /** "basic" or "bearer" (lowercase), or another scheme this client does not speak. */
  scheme: string;
  /** realm, service, scope, error, … (names lowercase, values unquoted). */
  params: Record<string, string>;
}

/**
 * Parses a WWW-Authenticate value into its challenges. Quoted values may hold commas
 * (`scope="repository:a/b:pull,push"`) and escaped quotes.
 */
export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  for (const raw of splitOutsideQuotes(header)) {
    const part = raw.trim();
    if (!part) continue;
    const scheme = /^([^\s=]+)(?:\s+(.*))?$/s.exec(part);
    let param = part;
    if (scheme && !/^\s*=/.test(part.slice(scheme[1].length))) {
      challenges.push({ scheme: scheme[1].toLowerCase(), params: {} });
      param = scheme[2] ?? '';
    }
    const pair = /^([^\s=]+)\s*=\s*(.*)$/s.exec(param.trim());
    const current = challenges[challenges.length - 1];
    if (pair && current) {
      current.params[pair[1].toLowerCase()] = unquote(pair[2].trim());
    }
  }
  return challenges;
}

function splitOutsideQuotes(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '\\' && i + 1 < text.length) {
      current += c + text[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return value;
}

/**
 * The next page from a `Link: </v2/_catalog?last=a&n=2>; rel="next"` header, resolved
 * against `base` and kept on its origin (credentials never follow a link elsewhere).
 */
export function nextPageUrl(linkHeader: string | null | undefined, base: string): string | undefined {
  if (!linkHeader) {
    return undefined;
  }
  for (const part of linkHeader.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (match && /(?:^|;)\s*rel="?next"?\s*(?:;|$)/i.test(match[2])) {
      const target = new URL(match[1], base);
      const origin = new URL(base);
      return new URL(`${target.pathname}${target.search}`, origin.origin).toString();
    }
  }
  return undefined;
}

export interface RegistryErrorEntry {
  code: string;
  message: string;
}

/** The `{"errors":[{code,message,detail}]}` body of a failed request; empty when it is not one. */
export function parseRegistryErrors(body: string): RegistryErrorEntry[] {
  try {
    const json = JSON.parse(body) as { errors?: unknown };
    if (!Array.isArray(json.errors)) {
      return [];
    }
    return json.errors
      .filter((e): e is { code?: unknown; message?: unknown } => e !== null && typeof e === 'object')
      .map((e) => ({ code: typeof e.code === 'string' ? e.code : '', message: typeof e.message === 'string' ? e.message : '' }));
  } catch {
    return [];
  }
}
