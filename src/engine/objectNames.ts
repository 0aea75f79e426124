/**
 * The engine's rule for the names of volumes and networks, checked before asking it, so
 * the person reads the rule instead of the engine's terse refusal. Pure.
 */

/** Docker's own pattern (its `RestrictedNamePattern`): two characters at least. */
const NAME_RULE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
export const NAME_RULE_TEXT =
  'a letter or digit, then at least one more letter, digit, "_", "." or "-" (the engine\'s rule [a-zA-Z0-9][a-zA-Z0-9_.-]+)';

export type NamedObjectKind = 'volume' | 'network';

/** Undefined when the name is fine, else a sentence that says what is wrong and the rule. */
export function nameProblem(kind: NamedObjectKind, name: string): string | undefined {
  if (name.length === 0) return `Give the ${kind} a name: ${NAME_RULE_TEXT}.`;
  if (NAME_RULE.test(name)) return undefined;
  const shown = JSON.stringify(name);
  if (name.length === 1) return `The ${kind} name ${shown} is too short: use ${NAME_RULE_TEXT}.`;
  if (!/^[a-zA-Z0-9]/.test(name)) return `The ${kind} name ${shown} must start with a letter or digit: ${NAME_RULE_TEXT}.`;
  const bad = [...new Set([...name].filter((c) => !/[a-zA-Z0-9_.-]/.test(c)))].map((c) => JSON.stringify(c)).join(', ');
  return `The ${kind} name ${shown} has characters the engine refuses (${bad}): use ${NAME_RULE_TEXT}.`;
}

export class InvalidNameError extends Error {
  constructor(
    readonly kind: NamedObjectKind,
    readonly objectName: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidNameError';
  }
}

/** Throws InvalidNameError when the engine would refuse the name. */
export function assertValidName(kind: NamedObjectKind, name: string): void {
  const problem = nameProblem(kind, name);
  if (problem) throw new InvalidNameError(kind, name, problem);
}
