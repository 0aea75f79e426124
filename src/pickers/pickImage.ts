/**
 * The one image picker: Run Image…, Inspect and Remove from the Command Palette ask with
 * it. Tagged images only (a dangling one has no name to run or to tell apart), newest first.
 */
import * as vscode from 'vscode';
import type { ContainerEngine, ImageSummary } from '../engine/engine';
import { failingAs } from '../ui/failure';
import { imagePickItems } from '../views/imagePresentation';

export interface ImagePick {
  title?: string;
  placeHolder: string;
  canPickMany: boolean;
}

/** The images the person picks; none when they cancel or the engine has no tagged image (then it says so). */
export async function pickImages(engine: ContainerEngine, pick: ImagePick): Promise<ImageSummary[]> {
  const images = await failingAs('Could not list images', () =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Listing images…' }, () => engine.listImages()),
  );
  const items = imagePickItems(images);
  if (items.length === 0) {
    void vscode.window
      .showInformationMessage('The engine has no tagged images yet. Build one first.', 'Build Image…')
      .then((c) => c && vscode.commands.executeCommand('containerWorkflows.image.build'));
    return [];
  }
  const options = { title: pick.title, placeHolder: pick.placeHolder, matchOnDescription: true };
  if (pick.canPickMany) {
    return (await vscode.window.showQuickPick(items, { ...options, canPickMany: true }))?.map((i) => i.image) ?? [];
  }
  const chosen = await vscode.window.showQuickPick(items, options);
  return chosen ? [chosen.image] : [];
}
