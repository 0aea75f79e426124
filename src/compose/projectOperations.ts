/**
 * What a project node does: start, stop and restart all its containers through the engine
 * (no compose CLI needed, and it works for a project whose files are gone), and Down and
 * Logs through the compose CLI with the project's own name, folder and files from its
 * labels, so they act on the same project whoever brought it up.
 */
import type { EngineEndpoint } from '../engine/connection';
import type { ContainerEngine } from '../engine/engine';
import { CancelledError } from '../engine/errors';
import { type ComposeCli, ComposeNotInstalledError } from './composeCli';
import { type ComposeCommand, type ComposeInvocation, composeInvocation } from './composeCommands';
import { type ComposeFacts, mergeComposeFacts, readComposeFacts } from './composeFacts';
import { type ComposeProject, type ComposeProjectMember, projectTarget } from './composeProjects';

export type ProjectAction = 'start' | 'stop' | 'restart';

/** Some containers could not be started/stopped/restarted; the others were. */
export class ProjectOperationError extends Error {
  constructor(
    readonly action: ProjectAction,
    readonly project: string,
    readonly failed: { label: string; message: string }[],
    readonly done: string[],
  ) {
    super(
      `Could not ${action} ${failed.map((f) => `${f.label} (${f.message})`).join('; ')} of project ${project}${done.length ? `; ${done.join(', ')} did ${action}` : ''}.`,
    );
    this.name = 'ProjectOperationError';
  }
}

/** The project's compose files are not where its labels say: compose cannot act on it. */
export class ProjectFilesMissingError extends Error {
  constructor(
    readonly project: string,
    readonly missing: string[],
  ) {
    super(
      missing.length === 0
        ? `The containers of project ${project} do not say which compose files made them, so compose cannot act on the project. Stop or remove its containers one by one instead.`
        : `The compose file ${missing.join(', ')} of project ${project} is not there any more, so compose cannot act on the project. Stop or remove its containers one by one instead, or bring the file back.`,
    );
    this.name = 'ProjectFilesMissingError';
  }
}

const isUp = (m: ComposeProjectMember) => ['running', 'paused', 'restarting'].includes(m.container.state);
const byCreation = (a: ComposeProjectMember, b: ComposeProjectMember) => a.container.created.getTime() - b.container.created.getTime();

/**
 * Which containers an action touches, in the order it touches them. Compose creates a
 * service's dependencies first, so creation order starts them in dependency order and its
 * reverse stops dependants first. One-off `run` containers are left alone, as compose does.
 */
export function membersFor(action: ProjectAction, project: ComposeProject): ComposeProjectMember[] {
  const services = project.members.filter((m) => !m.oneOff);
  switch (action) {
    case 'start':
      return services.filter((m) => !isUp(m)).sort(byCreation);
    case 'stop':
      return services.filter(isUp).sort(byCreation).reverse();
    case 'restart':
      return [...services].sort(byCreation);
  }
}

/**
 * Starts, stops or restarts the project's containers one after the other; a failure does
 * not stop the rest, and is reported with the others' success. Returns the labels done.
 */
export async function runProjectAction(
  engine: ContainerEngine,
  project: ComposeProject,
  action: ProjectAction,
  signal?: AbortSignal,
): Promise<string[]> {
  const done: string[] = [];
  const failed: { label: string; message: string }[] = [];
  for (const member of membersFor(action, project)) {
    if (signal?.aborted) throw new CancelledError();
    try {
      await engine[action](member.container.id, signal);
      done.push(member.label);
    } catch (err) {
      if (signal?.aborted) throw new CancelledError();
      failed.push({ label: member.label, message: (err as Error).message });
    }
  }
  if (failed.length > 0) throw new ProjectOperationError(action, project.name, failed, done);
  return done;
}

/** The profiles of the services the project has containers of (sorted): how it was brought up. */
export function profilesInUse(project: ComposeProject, facts: ComposeFacts): string[] {
  const present = new Set(project.members.filter((m) => !m.oneOff).map((m) => m.service));
  const used = facts.services.filter((s) => present.has(s.name)).flatMap((s) => s.profiles);
  return [...new Set(used)].sort();
}

export interface ProjectCommandOptions {
  baseEnv: Record<string, string | undefined>;
  exists: (file: string) => boolean;
  readText: (file: string) => string | undefined;
}

/**
 * Down or Logs (or any compose command) for a project node. Every profile its files
 * declare is enabled, so Down reaches services that only run with a profile, whichever
 * profiles they were started with; Up only enables the profiles the project has
 * containers of, so it brings back what was there rather than every profile's services.
 */
export function projectInvocation(
  cli: ComposeCli,
  endpoint: EngineEndpoint,
  project: ComposeProject,
  command: ComposeCommand,
  options: ProjectCommandOptions,
): ComposeInvocation {
  const missing = project.configFiles.filter((f) => !options.exists(f));
  if (project.configFiles.length === 0 || missing.length > 0) {
    throw new ProjectFilesMissingError(project.name, missing);
  }
  const facts = mergeComposeFacts(project.configFiles.map((f) => readComposeFacts(options.readText(f) ?? '')));
  const profiles = command.kind === 'up' ? profilesInUse(project, facts) : facts.profiles;
  return composeInvocation(cli, endpoint, projectTarget(project, profiles), command, options.baseEnv);
}

/**
 * Whether a project node's start, stop or restart goes to the engine instead: compose
 * cannot act on the project (its files are gone or not recorded, or no compose CLI is
 * installed), but its containers can still be started and stopped one by one.
 */
export function actsThroughEngine(err: unknown): err is ProjectFilesMissingError | ComposeNotInstalledError {
  return err instanceof ProjectFilesMissingError || err instanceof ComposeNotInstalledError;
}

/** The output's line when the engine acts instead of compose: why, and what happens. */
export function engineFallbackNote(
  err: ProjectFilesMissingError | ComposeNotInstalledError,
  action: ProjectAction,
  project: string,
): string {
  const why =
    err instanceof ComposeNotInstalledError
      ? 'no compose CLI is installed'
      : err.missing.length > 0
        ? `${err.missing.join(', ')} is not there any more`
        : 'its containers do not say which compose files made them';
  return `Compose cannot act on project ${project} (${why}): the engine will ${action} its containers one by one.`;
}
