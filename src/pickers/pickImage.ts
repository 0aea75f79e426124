import * as vscode from 'vscode';
import type { ContainerEngine, ImageSummary } from '../engine/engine';

export function formatSize(bytes: number): string {
  const mb = bytes / 1e6;
  return mb >= 1000 ? `${(mb / 1000).toFixed(1)} GB` : `${mb.toFixed(0)} MB`;
}

/** An image tag from the engine's images, newest first. */
export async function pickImage(engine: ContainerEngine, title: string): Promise<string | undefined> {
  const images: ImageSummary[] = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Listing images…' },
    () => engine.listImages(),
  );
  const items = images
    .sort((a, b) => b.created.getTime() - a.created.getTime())
    .flatMap((image) =>
      image.repoTags.map((tag) => ({ label: tag, description: `${formatSize(image.size)} · ${image.created.toLocaleString()}`, tag })),
    );
  if (items.length === 0) {
    void vscode.window
      .showInformationMessage('The engine has no tagged images yet. Build one first.', 'Build Image…')
      .then((c) => c && vscode.commands.executeCommand('containerWorkflows.image.build'));
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title, placeHolder: 'Pick an image', matchOnDescription: true }))?.tag;
}
