/**
 * The Registries view's rows in words, decided without the editor: labels, descriptions,
 * the contextValue menus match, and the reference a tag row pulls and copies.
 */
import { DOCKER_HUB } from '../engine/registry/imageReference';
import type { KnownRegistry } from '../registries/registryAccess';

export const REGISTRY_CONTEXT = { extension: 'registry.loggedIn', dockerCli: 'registry.dockerCli' } as const;
export const REPOSITORY_CONTEXT = 'registryRepository';
export const TAG_CONTEXT = 'registryTag';

/** Registries rows' description: where the credential is from. */
export function registryDescription(known: KnownRegistry): string {
  return known.origin === 'extension' ? 'logged in here' : 'from the docker CLI';
}

/** The reference of a tag, as people write it: "127.0.0.1:5000/you/app:1", "you/app:1" on Docker Hub. */
export function tagReference(registry: string, repository: string, tag: string): string {
  if (registry !== DOCKER_HUB) return `${registry}/${repository}:${tag}`;
  const path =
    repository.startsWith('library/') && !repository.slice('library/'.length).includes('/')
      ? repository.slice('library/'.length)
      : repository;
  return `${path}:${tag}`;
}

/** Said below a listing the limit cut short. */
export function moreNotShown(shown: number): string {
  return `Only the first ${shown} are shown.`;
}
