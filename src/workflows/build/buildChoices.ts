/**
 * What a person chooses for one build of a Dockerfile (pure): the tag, the target stage,
 * build arguments, no-cache and pull. Seeded from the Dockerfile's own stages and ARG lines
 * and from the choices of its last build, so "Build Again" and the next "Build Image…"
 * start where the person left off, without offering a stage or argument the file no
 * longer has.
 */
import * as path from 'node:path';
import type { BuildRequest } from '../../engine/build/buildTypes';
import { declaredArgs, targetStages, type DockerfileFacts } from './dockerfileFacts';

export interface BuildChoices {
  /** The Dockerfile's absolute path: what the choices are remembered by. */
  dockerfile: string;
  /** The build context folder (absolute). */
  contextDir: string;
  tag: string;
  /** A named stage; undefined builds the last stage, as `docker build` does. */
  target?: string;
  buildArgs: Record<string, string>;
  noCache: boolean;
  pull: boolean;
}

/**
 * The choices a form starts with: the remembered ones where the file still has that stage
 * or argument, each ARG's default otherwise (an ARG without a default is left unset).
 */
export function seedBuildChoices(
  facts: DockerfileFacts,
  base: { dockerfile: string; contextDir: string; tag: string },
  remembered?: BuildChoices,
): BuildChoices {
  const stages = targetStages(facts).map((s) => s.name!.toLowerCase());
  const target = remembered?.target && stages.includes(remembered.target.toLowerCase()) ? remembered.target : undefined;
  const buildArgs: Record<string, string> = {};
  for (const arg of declaredArgs(facts)) {
    const value = remembered?.buildArgs[arg.name] ?? arg.defaultValue;
    if (value !== undefined) buildArgs[arg.name] = value;
  }
  return { ...base, target, buildArgs, noCache: remembered?.noCache ?? false, pull: remembered?.pull ?? false };
}

/** Only the arguments that differ from the Dockerfile's defaults are sent: the file's own defaults need no --build-arg. */
export function argsToSend(facts: DockerfileFacts, buildArgs: Record<string, string>): Record<string, string> {
  const defaults = new Map(declaredArgs(facts).map((a) => [a.name, a.defaultValue]));
  return Object.fromEntries(Object.entries(buildArgs).filter(([name, value]) => defaults.get(name) !== value));
}

/** The engine's request for these choices (the Dockerfile relative to the context, as the engine reads it). */
export function toBuildRequest(choices: BuildChoices, facts: DockerfileFacts, labels: Record<string, string>): BuildRequest {
  return {
    contextDir: choices.contextDir,
    dockerfile: path.relative(choices.contextDir, choices.dockerfile),
    tag: choices.tag,
    labels,
    buildArgs: argsToSend(facts, choices.buildArgs),
    target: choices.target,
    noCache: choices.noCache,
    pull: choices.pull,
  };
}

/** The choices in a few words, for the output and "Build Again": "stage test, GREETING=hi, no cache". */
export function describeChoices(choices: Pick<BuildChoices, 'target' | 'buildArgs' | 'noCache' | 'pull'>, facts?: DockerfileFacts): string {
  const args = facts ? argsToSend(facts, choices.buildArgs) : choices.buildArgs;
  const parts = [
    choices.target ? `stage ${choices.target}` : 'the last stage',
    ...Object.entries(args).map(([name, value]) => `${name}=${value}`),
  ];
  if (choices.noCache) parts.push('no cache');
  if (choices.pull) parts.push('pull');
  return parts.join(', ');
}

/** A build argument's value as typed: anything goes but a line break, which no engine passes on. */
export function validateArgValue(value: string): string | undefined {
  return /[\r\n]/.test(value) ? 'A build argument is one line.' : undefined;
}
