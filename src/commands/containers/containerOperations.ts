/**
 * What the container commands do to the engine, without the editor: start, stop, restart
 * and remove several containers at once, and the clean-up of stopped containers this
 * extension started. Pure of `vscode`, so the integration tests call exactly this.
 *
 * Each container gets its own outcome: one that fails (removed meanwhile, engine said no)
 * does not stop the others, and the command reports each failure by name.
 */
import { type ContainerEngine, type ContainerSummary, OWNER_LABEL } from '../../engine/engine';
import { CancelledError, EngineUnavailableError, engineMessage } from '../../engine/errors';
import { isOwned, isUp } from '../../engine/containerPredicates';

export type ContainerTarget = Pick<ContainerSummary, 'id' | 'name' | 'state'>;

export interface Outcome {
  target: ContainerTarget;
  error?: Error;
}

export type ContainerVerb = 'start' | 'stop' | 'restart' | 'remove';

/** Which of the chosen containers a verb applies to (starting a running one is an engine error). */
export function applicable(verb: ContainerVerb, targets: readonly ContainerTarget[]): ContainerTarget[] {
  switch (verb) {
    case 'start':
      return targets.filter((t) => !isUp(t.state));
    case 'stop':
      return targets.filter((t) => isUp(t.state));
    case 'restart':
    case 'remove':
      return [...targets];
  }
}

async function each(targets: readonly ContainerTarget[], work: (target: ContainerTarget) => Promise<void>): Promise<Outcome[]> {
  const settled = await Promise.allSettled(targets.map((t) => work(t)));
  return settled.map((s, i) =>
    s.status === 'fulfilled'
      ? { target: targets[i] }
      : { target: targets[i], error: s.reason instanceof Error ? s.reason : new Error(String(s.reason)) },
  );
}

export function startContainers(engine: ContainerEngine, targets: readonly ContainerTarget[], signal?: AbortSignal): Promise<Outcome[]> {
  return each(targets, (t) => engine.start(t.id, signal));
}

export function stopContainers(engine: ContainerEngine, targets: readonly ContainerTarget[], signal?: AbortSignal): Promise<Outcome[]> {
  return each(targets, (t) => engine.stop(t.id, signal));
}

export function restartContainers(engine: ContainerEngine, targets: readonly ContainerTarget[], signal?: AbortSignal): Promise<Outcome[]> {
  return each(targets, (t) => engine.restart(t.id, signal));
}

/**
 * `force` stops running ones first; `volumes` deletes their anonymous volumes too (the
 * command asks the person before it says either). Without `volumes` they are kept, as `docker rm` keeps them.
 */
export function removeContainers(
  engine: ContainerEngine,
  targets: readonly ContainerTarget[],
  options: { force: boolean; volumes?: boolean },
  signal?: AbortSignal,
): Promise<Outcome[]> {
  return each(targets, (t) => engine.remove(t.id, { force: options.force, volumes: options.volumes ?? false }, signal));
}

/** Stopped containers that carry this extension's label: what "Remove Stopped Containers Started Here" removes. */
export function stoppedOwnedContainers(containers: readonly ContainerSummary[]): ContainerSummary[] {
  return containers.filter((c) => isOwned(c) && !isUp(c.state) && c.state !== 'removing');
}

/**
 * Removes the stopped containers this extension started. `label` narrows the list further
 * (the tests pass their own run label, so they never touch anyone else's containers).
 */
export async function pruneOwnedContainers(
  engine: ContainerEngine,
  options: { label?: string } = {},
  signal?: AbortSignal,
): Promise<Outcome[]> {
  const listed = await engine.listContainers({ all: true, label: options.label ?? OWNER_LABEL }, signal);
  return removeContainers(engine, stoppedOwnedContainers(listed), { force: false }, signal);
}

export function failures(outcomes: readonly Outcome[]): Outcome[] {
  return outcomes.filter((o) => o.error && !(o.error instanceof CancelledError));
}

/** The first "engine unreachable" among the failures: that one problem explains all of them. */
export function unavailableError(outcomes: readonly Outcome[]): EngineUnavailableError | undefined {
  return outcomes.map((o) => o.error).find((e): e is EngineUnavailableError => e instanceof EngineUnavailableError);
}

/** "web", "web and db", "3 containers". */
export function describeTargets(targets: readonly Pick<ContainerTarget, 'name'>[]): string {
  if (targets.length === 1) return targets[0].name;
  if (targets.length === 2) return `${targets[0].name} and ${targets[1].name}`;
  return `${targets.length} containers`;
}

const pastTense: Record<ContainerVerb, string> = { start: 'Started', stop: 'Stopped', restart: 'Restarted', remove: 'Removed' };

/** One line for the status bar on success, or one sentence per failed container. */
export function summarize(verb: ContainerVerb, outcomes: readonly Outcome[]): { ok: string | undefined; errors: string[] } {
  const failed = failures(outcomes);
  const succeeded = outcomes.filter((o) => !o.error);
  return {
    ok: succeeded.length > 0 ? `${pastTense[verb]} ${describeTargets(succeeded.map((o) => o.target))}` : undefined,
    errors: failed.map((o) => `Could not ${verb} ${o.target.name}: ${engineMessage(o.error)}`),
  };
}
