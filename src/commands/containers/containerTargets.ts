/**
 * Which containers a command acts on. From the sidebar VS Code passes the clicked row and
 * the selection (`canSelectMany`); another caller may pass a container id or name; from
 * the Command Palette there is nothing, and the person picks from a list.
 */
import * as vscode from 'vscode';
import type { ContainerSummary } from '../../engine/engine';
import type { Services } from '../../services';
import { ContainerNode } from '../../views/containersTree';
import { failingAs } from '../shared/failure';

export interface ContainerPick {
  /** What the person chooses for: "Choose containers to stop". */
  placeHolder: string;
  /** Which containers the command applies to; others are not offered. */
  filter?: (container: ContainerSummary) => boolean;
  canPickMany: boolean;
  /** Said when no container qualifies: "No running containers to stop." */
  emptyMessage: string;
}

function isSummaryHolder(value: unknown): value is { container: ContainerSummary } {
  return (
    typeof value === 'object' && value !== null && 'container' in value && typeof (value as { container: unknown }).container === 'object'
  );
}

/** The containers of a tree command's (clicked, selection) arguments; ids and names are left for `resolve`. */
export function containersFromArgs(args: readonly unknown[]): (ContainerSummary | string)[] {
  const [clicked, selection] = args;
  // An inline icon on a row outside the selection acts on that row only.
  const chosen = Array.isArray(selection) && selection.includes(clicked) ? selection : clicked !== undefined ? [clicked] : [];
  const out: (ContainerSummary | string)[] = [];
  for (const item of chosen) {
    if (item instanceof ContainerNode || isSummaryHolder(item)) out.push(item.container);
    else if (typeof item === 'string' && item) out.push(item);
  }
  return out;
}

export async function containersFor(services: Services, args: readonly unknown[], pick: ContainerPick): Promise<ContainerSummary[]> {
  const given = containersFromArgs(args);
  if (given.length > 0 && given.every((g) => typeof g !== 'string')) {
    return given as ContainerSummary[];
  }
  const all = await failingAs('Could not list containers', () => services.monitor.engine.listContainers({ all: true }));
  if (given.length > 0) {
    // Ids or names from another caller: look them up for their name and state.
    return given
      .map((g) => (typeof g === 'string' ? all.find((c) => c.id === g || c.id.startsWith(g) || c.name === g) : g))
      .filter((c): c is ContainerSummary => c !== undefined);
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
