/**
 * What a registry command was given, without the editor: a tag row of the Registries view
 * carries its full reference, a registry row its address; another caller may pass a string.
 */

/** A Registries-view row that names one image (a tag). */
export interface ReferenceHolder {
  reference: string;
}

/** A Registries-view row that names a registry. */
export interface RegistryHolder {
  registry: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The image reference of the first argument: a tag row's, or a string; undefined: ask. */
export function referenceFromArgs(args: readonly unknown[]): string | undefined {
  const [first] = args;
  if (typeof first === 'string' && first.trim()) return first.trim();
  return isObject(first) && typeof first.reference === 'string' ? first.reference : undefined;
}

/** The registry of the first argument: a registry (or repository/tag) row's, or a string; undefined: ask. */
export function registryFromArgs(args: readonly unknown[]): string | undefined {
  const [first] = args;
  if (typeof first === 'string' && first.trim()) return first.trim();
  return isObject(first) && typeof first.registry === 'string' ? first.registry : undefined;
}
