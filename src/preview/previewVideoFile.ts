/**
 * The preview panel's dealings with the video file itself (previewPanel.ts): the message that
 * shows it, with what its MP4 header says, and opening it with the system's default app.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { defaultAppReach, type WindowKind } from './defaultApp';
import { readMp4Info } from './mp4Info';
import type { HostMessage, VideoFacts } from './protocol';

export function videoMessage(
  webview: vscode.Webview,
  videoPath: string,
  sourceFolder: string | undefined,
  window: WindowKind,
): HostMessage {
  let size: number;
  try {
    const stat = fs.statSync(videoPath);
    if (!stat.isFile()) {
      return { type: 'missing', path: videoPath };
    }
    size = stat.size;
  } catch {
    return { type: 'missing', path: videoPath };
  }
  const facts: VideoFacts = { path: videoPath, name: path.basename(videoPath), sizeBytes: size, sourceFolder };
  let factsNote: string | undefined;
  try {
    const info = /\.(mp4|m4v|mov)$/i.test(videoPath) ? readMp4Info(videoPath) : undefined;
    if (info) {
      Object.assign(facts, info);
    } else {
      factsNote = 'Frame count and codec are read from MP4 files only.';
    }
  } catch (err) {
    factsNote = `Could not read the video's details: ${(err as Error).message}`;
  }
  // A cache-busting query: a video converted again under the same name must reload.
  const videoUri = `${webview.asWebviewUri(vscode.Uri.file(videoPath)).toString()}?v=${size}-${Date.now()}`;
  return { type: 'show', videoUri, facts, factsNote, canOpenInDefaultApp: defaultAppReach(window, facts.name).ok };
}

/** The system's default app for the file, as a double-click in the file manager would. */
export async function openInDefaultApp(videoPath: string, window: WindowKind, output: vscode.LogOutputChannel): Promise<void> {
  const reach = defaultAppReach(window, path.basename(videoPath));
  if (!reach.ok) {
    // The page offers no such button then; a message asking anyway gets the reason.
    output.info(`preview: not opening ${videoPath} with a default app: ${reach.why}`);
    const reveal = 'Reveal in Explorer';
    if ((await vscode.window.showInformationMessage(reach.why, reveal)) === reveal) {
      await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(videoPath));
    }
    return;
  }
  output.info(`preview: opening ${videoPath} with the system's default app`);
  const opened = await vscode.env.openExternal(vscode.Uri.file(videoPath));
  if (!opened) {
    const copy = 'Copy Path';
    const choice = await vscode.window.showWarningMessage(
      `VS Code could not open ${path.basename(videoPath)} with the system's default app. Open it from your file manager: ${videoPath}`,
      copy,
    );
    if (choice === copy) {
      await vscode.env.clipboard.writeText(videoPath);
    }
  }
}

export function windowKind(): WindowKind {
  return { inBrowser: vscode.env.uiKind === vscode.UIKind.Web, remoteName: vscode.env.remoteName };
}
