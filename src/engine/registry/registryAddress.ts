/**
 * Registry addresses: what a person types to log in ("127.0.0.1:5000", "ghcr.io", blank for
 * Docker Hub), the key the docker CLI files credentials under, and where the HTTP API is.
 * Pure.
 */
import { DOCKER_HUB } from './imageReference';
import { checkDomain } from './referenceRules';

/** The key the docker CLI (and the engine's /auth) uses for Docker Hub. */
export const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';
/** Docker Hub's registry API is not at docker.io itself. */
const DOCKER_HUB_API = 'https://registry-1.docker.io';
const hubAliases = new Set([
  DOCKER_HUB,
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
  DOCKER_HUB_AUTH_KEY,
  'https://index.docker.io/v1',
]);

export type AddressCheck = { ok: true; registry: string } | { ok: false; problem: string };

/**
 * A registry as typed: blank is Docker Hub; a scheme and a trailing path are dropped
 * ("https://ghcr.io/" → "ghcr.io"), the way `docker login` takes it.
 */
export function parseRegistryAddress(input: string): AddressCheck {
  const text = input.trim();
  if (!text || hubAliases.has(text.toLowerCase())) {
    return { ok: true, registry: DOCKER_HUB };
  }
  if (/\s/.test(text)) {
    return { ok: false, problem: 'spaces are not allowed in a registry address' };
  }
  const host = hostnameOf(text);
  if (!host) {
    return { ok: false, problem: 'enter the registry host, such as ghcr.io or 127.0.0.1:5000 (blank for Docker Hub)' };
  }
  const problem = checkDomain(host);
  if (problem) {
    return { ok: false, problem };
  }
  return { ok: true, registry: hubAliases.has(host.toLowerCase()) ? DOCKER_HUB : host.toLowerCase() };
}

/** The registry host of a credential key: scheme and path dropped (the CLI's ConvertToHostname). */
export function hostnameOf(address: string): string {
  const withoutScheme = address.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//, '');
  return withoutScheme.split('/')[0];
}

/** The registry a credential key names ("https://index.docker.io/v1/" → "docker.io"). */
export function registryOfKey(key: string): string {
  const host = hostnameOf(key).toLowerCase();
  return hubAliases.has(key) || hubAliases.has(host) ? DOCKER_HUB : host;
}

/** The address credentials are filed under and sent to the engine as `serveraddress`. */
export function authKeyFor(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_AUTH_KEY : registry;
}

/** Loopback registries, which Docker talks to over plain HTTP without configuration. */
export function isLoopback(registry: string): boolean {
  const host = registry.startsWith('[') ? registry.slice(0, registry.indexOf(']') + 1) : registry.split(':')[0];
  return host === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '[::1]';
}

/**
 * Where the HTTP API v2 is, in the order to try: HTTPS first; plain HTTP as well for a
 * loopback registry, as the engine does.
 */
export function apiBaseUrls(registry: string): string[] {
  if (registry === DOCKER_HUB) {
    return [DOCKER_HUB_API];
  }
  return isLoopback(registry) ? [`https://${registry}`, `http://${registry}`] : [`https://${registry}`];
}
