/**
 * Why a look into a container's files failed, in words that say what to do. The engine
 * answers 404 both for "no such container" and "no such path" (and a HEAD answer carries
 * no text at all), so the archive client asks which one it was.
 */
export type FilesProblem = 'containerGone' | 'notFound' | 'notAFolder' | 'notAFile' | 'tooLarge' | 'readOnly' | 'cutShort' | 'unsafePath';

export class ContainerFilesError extends Error {
  constructor(
    readonly problem: FilesProblem,
    message: string,
    readonly path: string,
    readonly size?: number,
  ) {
    super(message);
    this.name = 'ContainerFilesError';
  }
}

export function containerGone(containerId: string, path: string): ContainerFilesError {
  return new ContainerFilesError(
    'containerGone',
    `The container ${containerId.slice(0, 12)} is gone (it was removed): refresh the Containers view.`,
    path,
  );
}

export function pathNotFound(path: string): ContainerFilesError {
  return new ContainerFilesError('notFound', `${path} is not in the container (any more): refresh the folder.`, path);
}

export function cutShort(path: string, containerId: string): ContainerFilesError {
  return new ContainerFilesError(
    'cutShort',
    `The engine stopped sending ${path} before the end (was the container ${containerId.slice(0, 12)} removed or the engine stopped?): refresh and try again.`,
    path,
  );
}

/** Sizes in bytes: the views word them with the project's one size formatter (the engine has none). */
export function tooLarge(path: string, size: number, limit: number): ContainerFilesError {
  return new ContainerFilesError(
    'tooLarge',
    `${path} is ${size} bytes, more than the ${limit} bytes opened in an editor: download it instead.`,
    path,
    size,
  );
}
