/**
 * What a container's state and labels mean, wherever it is shown or acted on: the views
 * group by it, the commands filter by it, the remove question asks by it.
 */
import { type ContainerState, type ContainerSummary, OWNER_LABEL } from './engine';

/** Up in some way (its processes exist): these go in the Running group, and Stop applies. */
const upStates: ReadonlySet<ContainerState> = new Set(['running', 'paused', 'restarting']);

export function isUp(state: ContainerState): boolean {
  return upStates.has(state);
}

export function isOwned(container: Pick<ContainerSummary, 'labels'>): boolean {
  return Object.prototype.hasOwnProperty.call(container.labels, OWNER_LABEL);
}
