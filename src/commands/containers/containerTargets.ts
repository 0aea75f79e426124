/**
 * Which containers a command acts on: those it was given (containersFromArgs), looked up
 * by id or name when another caller passed those, else the ones the person picks.
 */
import * as vscode from 'vscode';
import type { ContainerSummary } from '../../engine/engine';
import type { Services } from '../../services';
import { failingAs } from '../../ui/failure';
import { containersFromArgs, findContainer } from '../shared/targets';

export interface ContainerPick {
  /** What the person chooses for: "Choose containers to stop". */
  placeHolder: string;
  /** Which containers the command applies to; others are not offered. */
  filter?: (container: ContainerSummary) => boolean;
  canPickMany: boolean;
  /** Said when no container qualifies: "No running containers to stop." */
  emptyMessage: string;
}

export async function containersFor(services: Services, args: readonly unknown[], pick: ContainerPick): Promise<ContainerSummary[]> {
  const given = containersFromArgs(args);
  const summaries = given.filter((g) => typeof g !== 'string');
  if (given.length > 0 && summaries.length === given.length) {
    return summaries;
  }
  const all = await failingAs('Could not list containers', () => services.monitor.engine.listContainers({ all: true }));
  if (given.length > 0) {
    // Ids or names from another caller: look them up for their name and state.
    return given.map((g) => (typeof g === 'string' ? findContainer(all, g) : g)).filter((c) => c !== undefined);
  }
  return pickContainers(all.filter(pick.filter ?? (() => true)), pick);
}

async function pickContainers(candidates: ContainerSummary[], pick: ContainerPick): Promise<ContainerSummary[]> {
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(pick.emptyMessage);
    return [];
  }
  const items = candidates
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((c) => ({ label: c.name, description: c.image, detail: c.status, container: c }));
  if (pick.canPickMany) {
    const chosen = await vscode.window.showQuickPick(items, { placeHolder: pick.placeHolder, canPickMany: true, matchOnDescription: true });
    return chosen?.map((i) => i.container) ?? [];
  }
  const chosen = await vscode.window.showQuickPick(items, { placeHolder: pick.placeHolder, matchOnDescription: true });
  return chosen ? [chosen.container] : [];
}
