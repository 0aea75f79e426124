/**
 * The editor's address of a file inside a container: `containerworkflows-file://<container
 * id>/<path in the container>`, with the container's name in the query for the editor's
 * title only. Pure, so both directions are unit-tested.
 */
export const CONTAINER_FILE_SCHEME = 'containerworkflows-file';

export interface ContainerFileAddress {
  containerId: string;
  path: string;
}

/** The parts of a Uri (scheme, authority, path), so this stays free of vscode. */
export interface UriParts {
  scheme: string;
  authority: string;
  path: string;
}

export function containerFileParts(address: ContainerFileAddress): UriParts {
  const path = address.path.startsWith('/') ? address.path : `/${address.path}`;
  return { scheme: CONTAINER_FILE_SCHEME, authority: address.containerId, path };
}

/** The container and path of an address, or undefined when it is not one of ours. */
export function parseContainerFile(parts: UriParts): ContainerFileAddress | undefined {
  if (parts.scheme !== CONTAINER_FILE_SCHEME || !/^[0-9a-zA-Z][0-9a-zA-Z_.-]*$/.test(parts.authority)) return undefined;
  return { containerId: parts.authority, path: parts.path || '/' };
}
