/**
 * The rows of the build options form (pure): the target stage, each build argument, no
 * cache, pull, and Build. What a picked row means is decided here; pickers/buildForm.ts
 * shows the rows and asks for a new value.
 */
import type { BuildChoices } from '../workflows/build/buildChoices';
import { declaredArgs, targetStages, type DockerfileFacts } from '../workflows/build/dockerfileFacts';

export type BuildFormRow =
  | { kind: 'build'; label: string; description: string }
  | { kind: 'target'; label: string; description: string }
  | { kind: 'arg'; name: string; label: string; description: string }
  | { kind: 'noCache' | 'pull'; label: string; description: string };

export const LAST_STAGE = 'the last stage (default)';

export function buildFormRows(choices: BuildChoices, facts: DockerfileFacts): BuildFormRow[] {
  const rows: BuildFormRow[] = [{ kind: 'build', label: '$(play) Build', description: choices.tag }];
  if (targetStages(facts).length > 0) {
    rows.push({ kind: 'target', label: 'Target stage', description: choices.target ?? LAST_STAGE });
  }
  for (const arg of declaredArgs(facts)) {
    const value = choices.buildArgs[arg.name];
    rows.push({ kind: 'arg', name: arg.name, label: `ARG ${arg.name}`, description: value === undefined ? '(not set)' : `= ${value}` });
  }
  rows.push({ kind: 'noCache', label: 'No cache', description: choices.noCache ? 'on: every step runs again' : 'off' });
  rows.push({ kind: 'pull', label: 'Pull base images', description: choices.pull ? 'on: ask the registry for newer ones' : 'off' });
  return rows;
}

/** The stages offered for the target: the last stage first (what a build without --target makes), then each named stage. */
export function targetItems(facts: DockerfileFacts): { label: string; target: string | undefined; description: string }[] {
  return [
    { label: LAST_STAGE, target: undefined, description: '' },
    ...targetStages(facts).map((s) => ({ label: s.name!, target: s.name, description: `line ${s.fromLine}: FROM ${s.from}` })),
  ];
}

/** A toggle row picked: the choices with it flipped. */
export function toggled(choices: BuildChoices, kind: 'noCache' | 'pull'): BuildChoices {
  return { ...choices, [kind]: !choices[kind] };
}
