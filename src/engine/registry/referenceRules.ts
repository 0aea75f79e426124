/**
 * The rules for each part of an image reference, each returning what is wrong in words
 * (or undefined when the part is fine). imageReference.ts splits a reference and asks
 * these; they are separate so each rule's message can say exactly which part broke it.
 */

const TAG_MAX = 128;
const componentPattern = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const hostComponentPattern = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const ipv6Pattern = /^\[[a-fA-F0-9:]+\]$/;
const tagPattern = /^[\w][\w.-]*$/;
/** The algorithms Docker verifies, with their digest length in hex digits. */
const digestLengths: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

export function checkTag(tag: string): string | undefined {
  if (!tag) {
    return 'the tag after ":" is empty: write a tag (such as latest) or leave out the ":"';
  }
  if (tag.length > TAG_MAX) {
    return `a tag is at most ${TAG_MAX} characters; "${tag.slice(0, 20)}…" has ${tag.length}`;
  }
  const bad = /[^\w.-]/.exec(tag);
  if (bad) {
    return `a tag may contain only letters, digits, "_", "." and "-": "${tag}" has "${bad[0]}"`;
  }
  if (!tagPattern.test(tag)) {
    return `a tag cannot start with "." or "-": "${tag}"`;
  }
  return undefined;
}

export function checkDigest(digest: string): string | undefined {
  if (!digest) {
    return 'the digest after "@" is empty: write sha256: and its 64 hexadecimal digits, or leave out the "@"';
  }
  if (digest.includes('@')) {
    return 'only one "@" is allowed, before the digest';
  }
  const colon = digest.indexOf(':');
  if (colon < 0) {
    return `a digest is written algorithm:hex, such as sha256:<64 hexadecimal digits>; "${digest}" has no ":"`;
  }
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  const length = digestLengths[algorithm];
  if (length === undefined) {
    return `"${algorithm}" is not a digest algorithm Docker verifies: use sha256`;
  }
  if (/[A-F]/.test(hex) && /^[0-9a-fA-F]+$/.test(hex)) {
    return `a digest is written in lowercase hexadecimal: use ${algorithm}:${hex.toLowerCase()}`;
  }
  if (!/^[0-9a-f]*$/.test(hex)) {
    return `a ${algorithm} digest has only hexadecimal digits (0-9, a-f) after "${algorithm}:"`;
  }
  if (hex.length !== length) {
    return `a ${algorithm} digest has ${length} hexadecimal digits; this one has ${hex.length}`;
  }
  return undefined;
}

/** The registry part: host[:port], where host is a DNS name, an IPv4 address or [IPv6]. */
export function checkDomain(domain: string): string | undefined {
  let host = domain;
  const portAt = domain.startsWith('[') ? domain.indexOf(':', domain.indexOf(']')) : domain.indexOf(':');
  if (portAt >= 0) {
    host = domain.slice(0, portAt);
    const port = domain.slice(portAt + 1);
    if (!port) {
      return `the port after "${host}:" is empty: write the port number or leave out the ":"`;
    }
    if (!/^[0-9]+$/.test(port)) {
      return `the port in "${domain}" must be a number, not "${port}"`;
    }
  }
  if (host.startsWith('[')) {
    return ipv6Pattern.test(host) ? undefined : `"${host}" is not an IPv6 address in brackets, such as [::1]`;
  }
  const parts = host.split('.');
  if (parts.some((part) => !part)) {
    return `the registry address "${domain}" has an empty part between dots`;
  }
  const bad = parts.find((part) => !hostComponentPattern.test(part));
  if (bad !== undefined) {
    return `the registry address "${domain}" may contain only letters, digits, "-" (not first or last in a part) and ".": "${bad}" is not allowed`;
  }
  return undefined;
}

/**
 * The repository path: lowercase parts separated by "/". `written` is the name as typed,
 * for the uppercase message ("use myapp, not MyApp").
 */
export function checkPath(path: string, written: string): string | undefined {
  if (/[A-Z]/.test(path)) {
    const prefix = written.slice(0, written.length - path.length);
    return `uppercase letters are not allowed in a repository name: use ${prefix}${path.toLowerCase()}, not ${written}`;
  }
  const parts = path.split('/');
  if (parts.some((part) => !part)) {
    return `a repository name has no empty parts: "${written}" has "/" at its start or end, or "//"`;
  }
  if (path.includes(':')) {
    return `a ":" may only come before the tag or the registry's port: "${written}"`;
  }
  for (const part of parts) {
    const problem = checkComponent(part);
    if (problem) {
      return problem;
    }
  }
  return undefined;
}

function checkComponent(part: string): string | undefined {
  if (componentPattern.test(part)) {
    return undefined;
  }
  const bad = /[^a-z0-9._-]/.exec(part);
  if (bad) {
    return `a repository name may contain only lowercase letters, digits, "/", and ".", "_" or "-" between them: "${part}" has "${bad[0]}"`;
  }
  if (/^[._-]|[._-]$/.test(part)) {
    return `each part of a repository name starts and ends with a letter or digit: "${part}" does not`;
  }
  const separator = /[._-]{2,}/.exec(part);
  return `between letters or digits a repository name has one ".", one or two "_", or any number of "-": "${part}" has "${separator?.[0] ?? part}"`;
}
