/**
 * The words and choices of Pull, Tag and Push, decided without the editor: the progress
 * line, which registry a reference goes to, what Push offers for an image, and what a
 * registry failure offers the person. No `vscode`.
 */
import { formatSize } from '../util/formatSize';
import { familiarRepository, parseImageReference, withDefaultTag } from '../engine/registry/imageReference';
import { RegistryError } from '../engine/registry/transferErrors';
import type { TransferSnapshot } from '../engine/registry/transferProgress';

/** "2 of 5 layers · 12.3 MB of 40.1 MB · 1 already there", for the progress notification. */
export function transferProgressMessage(snapshot: TransferSnapshot): string {
  const parts: string[] = [];
  if (snapshot.layers.length > 0) {
    parts.push(`${snapshot.layersDone} of ${snapshot.layers.length} layers`);
  }
  if (snapshot.bytesTotal > 0) {
    parts.push(`${formatSize(snapshot.bytesDone)} of ${formatSize(snapshot.bytesTotal)}`);
  }
  if (snapshot.layersExisting > 0) {
    parts.push(`${snapshot.layersExisting} already there`);
  }
  return parts.length > 0 ? parts.join(' · ') : (snapshot.status ?? 'Starting…');
}

/** The registry a valid reference goes to ("docker.io" when it names none); undefined for an invalid one. */
export function registryOf(reference: string): string | undefined {
  const check = parseImageReference(reference);
  return check.ok ? check.reference.domain : undefined;
}

/** The image's tags Push can send as they are (a dangling "<none>" tag cannot be pushed). */
export function pushableTags(repoTags: readonly string[]): string[] {
  return repoTags.filter((t) => t && !t.startsWith('<none>'));
}

/**
 * What "Tag for a registry first" proposes: `registry/<the image's path>:<tag>`, the first
 * tag's path without its own registry. `registry` blank: the path as it is.
 */
export function suggestedRegistryReference(repoTag: string | undefined, registry: string): string {
  const check = repoTag ? parseImageReference(repoTag) : undefined;
  const ref = check?.ok ? withDefaultTag(check.reference) : undefined;
  // The path as people write it: "img2vid-app", not "library/img2vid-app".
  const path = ref ? familiarRepository({ ...ref, domain: 'docker.io' }) : 'namespace/name';
  const tag = ref?.tag ?? 'latest';
  return registry && registry !== 'docker.io' ? `${registry}/${path}:${tag}` : `${path}:${tag}`;
}

/** Whether a failure is one that logging in (and retrying) can fix. */
export function offersLogIn(err: unknown): err is RegistryError {
  return err instanceof RegistryError && err.kind === 'unauthorized' && err.operation !== 'login';
}
