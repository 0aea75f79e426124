/**
 * What went wrong in a pull, push or login, read from the engine's own words (they arrive
 * as an HTTP error before the stream, or as an `errorDetail` inside it). The kind decides
 * what the person is offered (check the name; log in and retry; check the registry); the
 * engine's words are kept in the message, since they name the address and the cause. Pure.
 *
 * No credential ever reaches these messages: they are built from the reference, the
 * registry and the engine's text, and the engine does not repeat passwords.
 */

export type RegistryProblemKind =
  /** The registry has no such repository, tag or digest. */
  | 'notFound'
  /** No credentials, wrong ones, or not allowed ("denied"). */
  | 'unauthorized'
  /** The engine could not talk to the registry: refused, no such host, TLS, timeout. */
  | 'unreachable'
  /** A push of a name no local image has. */
  | 'noLocalImage'
  | 'failed';

export type RegistryOperation = 'pull' | 'push' | 'login' | 'list';

export class RegistryError extends Error {
  constructor(
    readonly kind: RegistryProblemKind,
    readonly operation: RegistryOperation,
    /** The registry ("docker.io", "127.0.0.1:5000"). */
    readonly registry: string,
    /** The engine's or the registry's own words. */
    readonly detail: string,
    /** The image reference, for pull and push. */
    readonly reference?: string,
  ) {
    super(describeRegistryProblem(kind, operation, registry, detail, reference));
    this.name = 'RegistryError';
  }
}

const unreachablePatterns = [
  /dial tcp/i,
  /connection refused/i,
  /no such host/i,
  /i\/o timeout/i,
  /network is unreachable/i,
  /no route to host/i,
  /connection reset/i,
  /TLS handshake/i,
  /x509:/i,
  /server gave HTTP response to HTTPS client/i,
  /Client\.Timeout/i,
  /context deadline exceeded/i,
  /EOF$/,
];
const unauthorizedPatterns = [
  /no basic auth credentials/i,
  /unauthorized/i,
  /authentication required/i,
  /incorrect username or password/i,
  /access (to the resource )?is denied/i,
  /pull access denied/i,
  /\bdenied: /i,
  /status: 40[13]\b/i,
  /403 Forbidden/i,
];
const notFoundPatterns = [/manifest unknown/i, /not found/i, /name unknown/i, /repository name not known/i, /no such manifest/i];
const noLocalImagePatterns = [/does not exist locally/i, /no such image/i];

/** Reads the kind of problem from the engine's message. */
export function classifyRegistryProblem(detail: string): RegistryProblemKind {
  if (noLocalImagePatterns.some((p) => p.test(detail))) {
    return 'noLocalImage';
  }
  // "Head …: no basic auth credentials" names a URL too: a refusal is not a network problem.
  if (unauthorizedPatterns.some((p) => p.test(detail))) {
    return 'unauthorized';
  }
  if (unreachablePatterns.some((p) => p.test(detail))) {
    return 'unreachable';
  }
  if (notFoundPatterns.some((p) => p.test(detail))) {
    return 'notFound';
  }
  return 'failed';
}

const verbs: Record<RegistryOperation, string> = { pull: 'pull', push: 'push', login: 'log in to', list: 'list' };

/** One or two sentences: what happened, in the engine's words, and what to do. */
export function describeRegistryProblem(
  kind: RegistryProblemKind,
  operation: RegistryOperation,
  registry: string,
  detail: string,
  reference?: string,
): string {
  const what = reference ?? registry;
  const words = detail.replace(/\s+$/, '').replace(/\.$/, '');
  switch (kind) {
    case 'notFound':
      return operation === 'pull'
        ? `${what} was not found in ${registry} (${words}). Check the name and the tag.`
        : `${registry} has no ${what} (${words}). Check the name.`;
    case 'unauthorized':
      return operation === 'login'
        ? `${registry} did not accept the user name and password (${words}). Check them and log in again.`
        : `${registry} refused to let you ${verbs[operation]} ${what} (${words}). Log in to ${registry} and try again.`;
    case 'unreachable':
      return `Cannot reach the registry ${registry}: ${words}. Check the address and that the registry is running.`;
    case 'noLocalImage':
      return `There is no local image named ${what} to push (${words}). Tag an image with that name first.`;
    case 'failed':
      return `Could not ${verbs[operation]} ${what}: ${words}.`;
  }
}
