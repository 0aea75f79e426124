/**
 * known_hosts, read the way OpenSSH reads it, for the ssh2 path (used only where no `ssh`
 * program exists): plain and hashed (`|1|salt|hash`) host names, `[host]:port`, patterns
 * with `*`, `?` and `!`, and `@revoked` lines. `@cert-authority` lines are skipped (ssh2
 * does not check host certificates), so such a host counts as unknown and is refused. Pure.
 */
import * as crypto from 'node:crypto';

export interface KnownHostEntry {
  marker?: 'revoked' | 'cert-authority';
  /** The comma-separated host patterns, or one hashed name. */
  patterns: string[];
  keyType: string;
  /** The key blob, base64, as in the file. */
  key: string;
}

export type HostKeyVerdict = 'trusted' | 'unknown' | 'changed' | 'revoked';

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') {
      marker = fields.shift() === '@revoked' ? 'revoked' : 'cert-authority';
    }
    if (fields.length < 3) continue;
    const [hosts, keyType, key] = fields;
    entries.push({ ...(marker ? { marker } : {}), patterns: hosts.split(','), keyType, key });
  }
  return entries;
}

/** `|1|salt|hash`: HMAC-SHA1 of the name, keyed with the salt. */
function hashedMatches(pattern: string, name: string): boolean {
  const parts = pattern.split('|');
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const salt = Buffer.from(parts[2], 'base64');
  const expected = Buffer.from(parts[3], 'base64');
  const actual = crypto.createHmac('sha1', salt).update(name).digest();
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}

function wildcardMatches(pattern: string, name: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return regex.test(name);
}

/** Does the entry name this host? A matching `!pattern` excludes it whatever else matches. */
export function entryNamesHost(entry: KnownHostEntry, name: string): boolean {
  let matched = false;
  for (const pattern of entry.patterns) {
    if (pattern.startsWith('|')) {
      if (hashedMatches(pattern, name)) matched = true;
      continue;
    }
    const negated = pattern.startsWith('!');
    const body = negated ? pattern.slice(1) : pattern;
    if (wildcardMatches(body, name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** The key type a key blob starts with ("ssh-ed25519", "ecdsa-sha2-nistp256", …). */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return '';
  const length = key.readUInt32BE(0);
  return key.length >= 4 + length ? key.subarray(4, 4 + length).toString('latin1') : '';
}

/**
 * What known_hosts says about `key` (the raw key blob the server sent) for `name`
 * (`host`, or `[host]:port` off port 22): trusted; changed (the host is listed with another
 * key of the same type); revoked; or unknown (not listed, or only with keys of other
 * types, which OpenSSH also treats as a new host to ask about).
 */
export function verifyHostKey(entries: readonly KnownHostEntry[], name: string, key: Buffer): HostKeyVerdict {
  const blob = key.toString('base64');
  if (entries.some((e) => e.marker === 'revoked' && e.key === blob && entryNamesHost(e, name))) return 'revoked';
  const type = keyTypeOf(key);
  const forHost = entries.filter((e) => e.marker === undefined && e.keyType === type && entryNamesHost(e, name));
  if (forHost.some((e) => e.key === blob)) return 'trusted';
  return forHost.length > 0 ? 'changed' : 'unknown';
}

/** A hashed known_hosts name, as `ssh-keygen -H` writes it (for tests and for adding a key). */
export function hashHostName(name: string, salt: Buffer = crypto.randomBytes(20)): string {
  return `|1|${salt.toString('base64')}|${crypto.createHmac('sha1', salt).update(name).digest('base64')}`;
}

/** The key's SHA-256 fingerprint, as OpenSSH prints it. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${crypto.createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}
