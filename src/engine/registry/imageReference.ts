/**
 * Image references as Docker reads them (the distribution/reference grammar):
 *
 *   reference  := name [ ":" tag ] [ "@" digest ]
 *   name       := [ domain "/" ] path-component [ "/" path-component ]*
 *   domain     := host [ ":" port ]            host: DNS name, IPv4, or [IPv6]
 *   component  := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
 *   tag        := [A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}
 *   digest     := algorithm ":" hex            (sha256: 64 lowercase hex digits)
 *
 * A name whose first part has no "." or ":" and is not "localhost" is on Docker Hub
 * (`docker.io`), and a one-part Hub name is an official image (`library/`). Everything is
 * checked here, before anything is sent, so a mistake gets a sentence that says what is
 * wrong instead of the engine's "invalid reference format". Pure: no I/O.
 */
import { checkDigest, checkDomain, checkPath, checkTag } from './referenceRules';

export const DOCKER_HUB = 'docker.io';
/** The older name of Docker Hub's registry; the same as docker.io. */
const DOCKER_HUB_LEGACY = 'index.docker.io';
const OFFICIAL_NAMESPACE = 'library';
const NAME_MAX = 255;

export interface ImageReference {
  /** The registry: "docker.io", "127.0.0.1:5000", "ghcr.io". */
  readonly domain: string;
  /** The repository inside it: "library/debian", "you/app". */
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
}

export type ReferenceCheck = { ok: true; reference: ImageReference } | { ok: false; problem: string };

export class InvalidReferenceError extends Error {
  constructor(
    readonly input: string,
    readonly problem: string,
  ) {
    super(`"${input}" is not an image reference: ${problem}`);
    this.name = 'InvalidReferenceError';
  }
}

/** Parses and checks a reference; leading and trailing blanks are ignored. */
export function parseImageReference(input: string): ReferenceCheck {
  const text = input.trim();
  const problem = (message: string): ReferenceCheck => ({ ok: false, problem: message });
  if (!text) {
    return problem('enter an image reference, such as debian:bookworm-slim or 127.0.0.1:5000/you/app:1.0');
  }
  if (/\s/.test(text)) {
    return problem('spaces are not allowed in an image reference');
  }
  const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.exec(text);
  if (scheme) {
    return problem(`leave out "${scheme[0]}": use ${text.slice(scheme[0].length)}, not ${text}`);
  }

  const at = text.indexOf('@');
  const namePart = at < 0 ? text : text.slice(0, at);
  let digest: string | undefined;
  if (at >= 0) {
    const digestText = text.slice(at + 1);
    const digestProblem = checkDigest(digestText);
    if (digestProblem) {
      return problem(digestProblem);
    }
    digest = digestText;
  }

  const lastSlash = namePart.lastIndexOf('/');
  const colon = namePart.indexOf(':', lastSlash + 1);
  const name = colon < 0 ? namePart : namePart.slice(0, colon);
  let tag: string | undefined;
  if (colon >= 0) {
    const tagText = namePart.slice(colon + 1);
    if (tagText.includes(':')) {
      return problem(`only one ":" may follow the name, before the tag: "${namePart}" has more`);
    }
    const tagProblem = checkTag(tagText);
    if (tagProblem) {
      return problem(tagProblem);
    }
    tag = tagText;
  }

  if (!name) {
    return problem(colon === 0 || at === 0 ? `the repository name before "${text[0]}" is missing` : 'the repository name is missing');
  }
  if (/^[a-f0-9]{64}$/.test(name) && !tag && !digest) {
    return problem(
      'a 64-character hexadecimal name is an image ID, not a name: use the ID as it is, or name@sha256:<digest> to pull by digest',
    );
  }
  if (name.length > NAME_MAX) {
    return problem(`a repository name is at most ${NAME_MAX} characters; this one has ${name.length}`);
  }

  const split = splitDomain(name);
  if (split.domain !== undefined) {
    const domainProblem = checkDomain(split.domain);
    if (domainProblem) {
      return problem(domainProblem);
    }
    if (!split.path) {
      return problem(`the repository name after "${split.domain}/" is missing`);
    }
  }
  const pathProblem = checkPath(split.path, name);
  if (pathProblem) {
    return problem(pathProblem);
  }

  let domain = split.domain ?? DOCKER_HUB;
  if (domain === DOCKER_HUB_LEGACY) {
    domain = DOCKER_HUB;
  }
  const path = domain === DOCKER_HUB && !split.path.includes('/') ? `${OFFICIAL_NAMESPACE}/${split.path}` : split.path;
  return { ok: true, reference: { domain, path, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) } };
}

/** What is wrong with `input`, or undefined when it is a valid reference (for input boxes). */
export function referenceProblem(input: string): string | undefined {
  const check = parseImageReference(input);
  return check.ok ? undefined : check.problem;
}

/** The parsed reference; throws InvalidReferenceError with the problem in words. */
export function requireImageReference(input: string): ImageReference {
  const check = parseImageReference(input);
  if (!check.ok) {
    throw new InvalidReferenceError(input.trim(), check.problem);
  }
  return check.reference;
}

/** The first part is a registry when it has a "." or ":" or is "localhost", as Docker decides. */
function splitDomain(name: string): { domain?: string; path: string } {
  const slash = name.indexOf('/');
  if (slash < 0) {
    return { path: name };
  }
  const first = name.slice(0, slash);
  if (!/[.:]/.test(first) && first !== 'localhost' && !first.startsWith('[')) {
    return { path: name };
  }
  return { domain: first, path: name.slice(slash + 1) };
}

/** "docker.io/library/debian", "127.0.0.1:5000/you/app": the repository with its registry. */
export function fullRepository(ref: ImageReference): string {
  return `${ref.domain}/${ref.path}`;
}

/** The repository as people write it: "debian", "you/app", "127.0.0.1:5000/you/app". */
export function familiarRepository(ref: ImageReference): string {
  if (ref.domain !== DOCKER_HUB) {
    return fullRepository(ref);
  }
  const official = `${OFFICIAL_NAMESPACE}/`;
  return ref.path.startsWith(official) && !ref.path.slice(official.length).includes('/') ? ref.path.slice(official.length) : ref.path;
}

/** The reference as people write it ("debian:bookworm-slim"), or in full ("docker.io/library/debian:bookworm-slim"). */
export function formatReference(ref: ImageReference, form: 'familiar' | 'full' = 'familiar'): string {
  const repository = form === 'full' ? fullRepository(ref) : familiarRepository(ref);
  return `${repository}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}

/** A reference with neither tag nor digest means ":latest", as the docker CLI takes it. */
export function withDefaultTag(ref: ImageReference): ImageReference {
  return ref.tag === undefined && ref.digest === undefined ? { ...ref, tag: 'latest' } : ref;
}

/** True when both name the same image in the same registry (after normalization). */
export function sameReference(a: ImageReference, b: ImageReference): boolean {
  const x = withDefaultTag(a);
  const y = withDefaultTag(b);
  return x.domain === y.domain && x.path === y.path && x.tag === y.tag && x.digest === y.digest;
}
