/**
 * The editor's address of a file inside a container: `containerworkflows-file://<container
 * id>/<path in the container>`, and of a file in a named volume:
 * `containerworkflows-volume://<volume name>/<path in the volume>` (the same shape: the
 * authority names where the files are). Pure, so both directions are unit-tested.
 */
export const CONTAINER_FILE_SCHEME = 'containerworkflows-file';
export const VOLUME_FILE_SCHEME = 'containerworkflows-volume';

export interface ContainerFileAddress {
  /** The container's id; under VOLUME_FILE_SCHEME, the volume's name. */
  containerId: string;
  path: string;
}

/** The parts of a Uri (scheme, authority, path), so this stays free of vscode. */
export interface UriParts {
  scheme: string;
  authority: string;
  path: string;
}

export function containerFileParts(address: ContainerFileAddress, scheme = CONTAINER_FILE_SCHEME): UriParts {
  const path = address.path.startsWith('/') ? address.path : `/${address.path}`;
  return { scheme, authority: address.containerId, path };
}

/** The container (or volume) and path of an address, or undefined when it is not one of `scheme`. */
export function parseContainerFile(parts: UriParts, scheme = CONTAINER_FILE_SCHEME): ContainerFileAddress | undefined {
  if (parts.scheme !== scheme || !/^[0-9a-zA-Z][0-9a-zA-Z_.-]*$/.test(parts.authority)) return undefined;
  return { containerId: parts.authority, path: parts.path || '/' };
}
