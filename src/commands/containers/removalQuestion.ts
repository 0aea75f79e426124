/**
 * What removing containers would lose, and whether "Remove" must ask first. Pure of
 * `vscode`: the command shows what this says, and the unit tests read the same words.
 *
 * A container goes without a question only when nothing of value goes with it: it is
 * stopped, this extension started it (it can be run again), and it has no anonymous
 * volume. Otherwise the modal names each running container, each one started elsewhere,
 * and each anonymous volume by its path. Anonymous volumes are kept, as `docker rm` keeps
 * them, unless the person picks the second button.
 */
import type { ContainerDetails, ContainerSummary } from '../../engine/engine';
import { isOwned, isUp } from '../../engine/containerPredicates';
import { describeTargets } from './containerOperations';

export const REMOVE = 'Remove';
export const REMOVE_WITH_VOLUMES = 'Remove with Anonymous Volumes';

/** Names listed in the modal before "and N more". */
const MAX_LISTED = 8;

/** One container as the question sees it: its list entry, and its inspect when the engine still had it. */
export interface RemovalTarget {
  summary: ContainerSummary;
  details?: ContainerDetails;
}

export interface RemovalQuestion {
  /** False: stopped, started here, no anonymous volume; remove without asking. */
  ask: boolean;
  message: string;
  detail: string;
  /** The modal's buttons: "Remove", and "Remove with Anonymous Volumes" when there are any. */
  choices: string[];
  /** Some are running: removing them stops them first. */
  force: boolean;
}

export interface AnonymousVolume {
  container: string;
  containerPath: string;
  name: string;
}

/** "a", "a and b", "a, b and c", "a, b, …, h and 4 more". */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  if (names.length > MAX_LISTED) return `${names.slice(0, MAX_LISTED).join(', ')} and ${names.length - MAX_LISTED} more`;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export function anonymousVolumesOf(targets: readonly RemovalTarget[]): AnonymousVolume[] {
  return targets.flatMap((t) =>
    (t.details?.mounts ?? [])
      .filter((m) => m.type === 'volume' && m.anonymous)
      .map((m) => ({ container: t.summary.name, containerPath: m.containerPath, name: m.name })),
  );
}

/** "It is", "They are", or "web and db are": who, of all the targets, has the property. */
function who(subset: readonly RemovalTarget[], all: readonly RemovalTarget[], verbs: { one: string; many: string }): string {
  if (subset.length === all.length) return subset.length === 1 ? `It ${verbs.one}` : `They ${verbs.many}`;
  return `${listNames(subset.map((t) => t.summary.name))} ${subset.length === 1 ? verbs.one : verbs.many}`;
}

function describeVolumes(volumes: readonly AnonymousVolume[], oneContainer: boolean): string {
  const where = oneContainer
    ? listNames(volumes.map((v) => v.containerPath))
    : listNames(volumes.map((v) => `${v.containerPath} of ${v.container}`));
  const one = volumes.length === 1;
  const what = one ? `An anonymous volume is mounted at ${where}` : `${volumes.length} anonymous volumes are mounted at ${where}`;
  return `${what}. "${REMOVE}" keeps ${one ? 'it' : 'them'}, as docker rm does; "${REMOVE_WITH_VOLUMES}" deletes ${one ? 'it and its' : 'them and their'} data.`;
}

export function removalQuestion(targets: readonly RemovalTarget[]): RemovalQuestion {
  const stateOf = (t: RemovalTarget) => t.details?.state ?? t.summary.state;
  const running = targets.filter((t) => isUp(stateOf(t)));
  const foreign = targets.filter((t) => !isOwned({ labels: t.details?.labels ?? t.summary.labels }));
  const volumes = anonymousVolumesOf(targets);
  const lines: string[] = [];
  if (targets.length > 2) lines.push(`Containers: ${listNames(targets.map((t) => t.summary.name))}.`);
  if (running.length > 0) {
    lines.push(
      `${who(running, targets, { one: 'is', many: 'are' })} running: removing stops ${running.length === 1 ? 'it' : 'them'} first.`,
    );
  }
  if (foreign.length > 0) {
    const own = foreign.length === 1 ? 'its' : 'their';
    lines.push(
      `${who(foreign, targets, { one: 'was', many: 'were' })} not started by Container Workflows: ${own} settings, files and logs go with ${foreign.length === 1 ? 'it' : 'them'}.`,
    );
  }
  if (volumes.length > 0) lines.push(describeVolumes(volumes, targets.length === 1));
  return {
    ask: running.length > 0 || foreign.length > 0 || volumes.length > 0,
    message: `Remove ${describeTargets(targets.map((t) => t.summary))}?`,
    detail: lines.join('\n'),
    choices: volumes.length > 0 ? [REMOVE, REMOVE_WITH_VOLUMES] : [REMOVE],
    force: running.length > 0,
  };
}

/** What the removal does after the person's answer; undefined when they closed the modal. */
export function removeOptionsFor(question: RemovalQuestion, choice: string | undefined): { force: boolean; volumes: boolean } | undefined {
  if (question.ask && choice !== REMOVE && choice !== REMOVE_WITH_VOLUMES) return undefined;
  return { force: question.force, volumes: question.ask && choice === REMOVE_WITH_VOLUMES };
}
