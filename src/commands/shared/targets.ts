/**
 * What a command was given to act on, without the editor. From a tree VS Code passes the
 * clicked row and the selection (`canSelectMany`); another command may pass an id, a name
 * or an image reference; from the Command Palette there is nothing, and the command asks.
 */
import type { ContainerSummary, ImageSummary } from '../../engine/engine';

/** The rows a tree command applies to: the selection when the clicked row is in it, else the clicked row alone. */
function chosenRows(args: readonly unknown[]): readonly unknown[] {
  const [clicked, selection] = args;
  // An inline icon on a row outside the selection acts on that row only.
  if (Array.isArray(selection) && selection.includes(clicked)) return selection;
  return clicked !== undefined ? [clicked] : [];
}

function isContainerHolder(value: unknown): value is { container: ContainerSummary } {
  return (
    typeof value === 'object' && value !== null && 'container' in value && typeof value.container === 'object' && value.container !== null
  );
}

function isImageHolder(value: unknown): value is { image: ImageSummary } {
  const image = (value as { image?: { id?: unknown; repoTags?: unknown } } | undefined)?.image;
  return typeof image === 'object' && image !== null && typeof image.id === 'string' && Array.isArray(image.repoTags);
}

/** The containers of a command's arguments; ids and names are left for `findContainer`. */
export function containersFromArgs(args: readonly unknown[]): (ContainerSummary | string)[] {
  const out: (ContainerSummary | string)[] = [];
  for (const item of chosenRows(args)) {
    if (isContainerHolder(item)) out.push(item.container);
    else if (typeof item === 'string' && item) out.push(item);
  }
  return out;
}

/** The images of a command's arguments; ids and references are left for `findImage`. */
export function imagesFromArgs(args: readonly unknown[]): (ImageSummary | string)[] {
  const out: (ImageSummary | string)[] = [];
  for (const item of chosenRows(args)) {
    if (isImageHolder(item)) out.push(item.image);
    else if (typeof item === 'string' && item) out.push(item);
  }
  return out;
}

/** A container by full id, id prefix or name, as `docker` takes them. */
export function findContainer(all: readonly ContainerSummary[], ref: string): ContainerSummary | undefined {
  return all.find((c) => c.id === ref || c.id.startsWith(ref) || c.name === ref);
}

/** An image by id, id prefix (with or without `sha256:`) or one of its tags. */
export function findImage(all: readonly ImageSummary[], ref: string): ImageSummary | undefined {
  const bare = ref.replace(/^sha256:/, '');
  return all.find((i) => i.id === ref || i.id.replace(/^sha256:/, '').startsWith(bare) || i.repoTags.includes(ref));
}

/** The image one command hands another: a reference as given, or the first tag (else the id) of an Images row. */
export function imageRef(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  return isImageHolder(arg) ? (arg.image.repoTags[0] ?? arg.image.id) : undefined;
}
