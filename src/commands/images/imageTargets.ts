/**
 * Which images a command acts on: the clicked row and the selection from the Images view,
 * an id or reference from another caller, else one the person picks from a list.
 */
import * as vscode from 'vscode';
import type { ImageSummary } from '../../engine/engine';
import type { Services } from '../../services';
import { imageDescription, imageLabel } from '../../views/imagePresentation';
import { failingAs } from '../shared/failure';

function isImageHolder(value: unknown): value is { image: ImageSummary } {
  const image = (value as { image?: { id?: unknown; repoTags?: unknown } } | undefined)?.image;
  return typeof image === 'object' && image !== null && typeof image.id === 'string' && Array.isArray(image.repoTags);
}

export function imagesFromArgs(args: readonly unknown[]): (ImageSummary | string)[] {
  const [clicked, selection] = args;
  const chosen = Array.isArray(selection) && selection.includes(clicked) ? selection : clicked !== undefined ? [clicked] : [];
  const out: (ImageSummary | string)[] = [];
  for (const item of chosen) {
    if (isImageHolder(item)) out.push(item.image);
    else if (typeof item === 'string' && item) out.push(item);
  }
  return out;
}

export async function imagesFor(
  services: Services,
  args: readonly unknown[],
  pick: { placeHolder: string; canPickMany: boolean },
): Promise<ImageSummary[]> {
  const given = imagesFromArgs(args);
  if (given.length > 0 && given.every((g) => typeof g !== 'string')) {
    return given as ImageSummary[];
  }
  const all = await failingAs('Could not list images', () => services.monitor.engine.listImages({ includeDangling: true }));
  if (given.length > 0) {
    const find = (ref: string) =>
      all.find((i) => i.id === ref || i.id.replace(/^sha256:/, '').startsWith(ref.replace(/^sha256:/, '')) || i.repoTags.includes(ref));
    return given.map((g) => (typeof g === 'string' ? find(g) : g)).filter((i): i is ImageSummary => i !== undefined);
  }
  if (all.length === 0) {
    void vscode.window.showInformationMessage('The engine has no images.');
    return [];
  }
  const items = all
    .filter((i) => !i.dangling)
    .map((i) => ({ label: imageLabel(i), description: imageDescription(i), image: i }))
    .sort((a, b) => a.label.localeCompare(b.label));
  if (pick.canPickMany) {
    return (await vscode.window.showQuickPick(items, { placeHolder: pick.placeHolder, canPickMany: true }))?.map((i) => i.image) ?? [];
  }
  const chosen = await vscode.window.showQuickPick(items, { placeHolder: pick.placeHolder });
  return chosen ? [chosen.image] : [];
}
