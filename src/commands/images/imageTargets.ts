/**
 * Which images a command acts on: the clicked row and the selection from the Images view,
 * an id or reference from another caller, else one the person picks from a list.
 */
import * as vscode from 'vscode';
import type { ImageSummary } from '../../engine/engine';
import type { Services } from '../../services';
import { imageDescription, imageLabel } from '../../views/imagePresentation';
import { failingAs } from '../shared/failure';
import { findImage, imagesFromArgs } from '../shared/targets';

export async function imagesFor(
  services: Services,
  args: readonly unknown[],
  pick: { placeHolder: string; canPickMany: boolean },
): Promise<ImageSummary[]> {
  const given = imagesFromArgs(args);
  const summaries = given.filter((g) => typeof g !== 'string');
  if (given.length > 0 && summaries.length === given.length) {
    return summaries;
  }
  const all = await failingAs('Could not list images', () => services.monitor.engine.listImages({ includeDangling: true }));
  if (given.length > 0) {
    return given.map((g) => (typeof g === 'string' ? findImage(all, g) : g)).filter((i) => i !== undefined);
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
