/**
 * The video preview panel (host side). One panel, reused for every video: showing another
 * video retargets it. The webview is locked down: CSP `default-src 'none'` with a nonce for
 * the script, `media-src` only for the webview's own resource origin, and
 * `localResourceRoots` only the extension's dist/media folders and the video's folder.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readMp4Info } from './mp4Info';
import { type HostMessage, PREVIEW_VIEW_TYPE, type PreviewState, type VideoFacts, type WebviewMessage } from './protocol';

export interface PreviewActions {
  /** Convert the source folder again with another frame rate. */
  convertAgain(sourceFolder: string, output: string, fps: number): Promise<void>;
}

export class VideoPreview implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private current: { videoPath: string; sourceFolder?: string } | undefined;
  private webviewReady = false;
  private readonly playbackListeners = new Set<(report: Extract<WebviewMessage, { type: 'playback' }>['state']) => void>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly output: vscode.LogOutputChannel,
    private readonly actions: PreviewActions,
  ) {}

  /** Shows a video; opens the panel or reuses it. */
  show(videoPath: string, sourceFolder?: string): void {
    this.current = { videoPath, sourceFolder };
    if (!this.panel) {
      this.attach(vscode.window.createWebviewPanel(PREVIEW_VIEW_TYPE, this.title(), { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: this.roots() }));
    } else {
      this.panel.title = this.title();
      this.panel.webview.options = { enableScripts: true, localResourceRoots: this.roots() };
      this.panel.reveal();
      if (this.webviewReady) {
        this.post();
      }
    }
  }

  /** Called by the serializer after a reload: the panel comes back with only the path it stored. */
  restore(panel: vscode.WebviewPanel, state: PreviewState | undefined): void {
    if (this.panel) {
      // A video was opened before VS Code got round to restoring: that one is newer.
      panel.dispose();
      return;
    }
    this.current = state?.videoPath ? { videoPath: state.videoPath } : undefined;
    panel.webview.options = { enableScripts: true, localResourceRoots: this.roots() };
    panel.title = this.title();
    this.attach(panel);
  }

  /** For tests and the log: what the <video> element reported last. */
  onPlayback(listener: (report: Extract<WebviewMessage, { type: 'playback' }>['state']) => void): vscode.Disposable {
    this.playbackListeners.add(listener);
    return new vscode.Disposable(() => this.playbackListeners.delete(listener));
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.webviewReady = false;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'video.svg');
    panel.webview.html = this.html(panel.webview);
    this.panelDisposables = [
      panel.webview.onDidReceiveMessage((message: WebviewMessage) => this.receive(message)),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.panelDisposables.forEach((d) => d.dispose());
        this.panelDisposables = [];
      }),
    ];
  }

  private title(): string {
    return this.current ? `Preview: ${path.basename(this.current.videoPath)}` : 'Video Preview';
  }

  private roots(): vscode.Uri[] {
    const roots = [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')];
    if (this.current) {
      roots.push(vscode.Uri.file(path.dirname(this.current.videoPath)));
    }
    return roots;
  }

  private async receive(message: WebviewMessage): Promise<void> {
    const current = this.current;
    switch (message.type) {
      case 'ready':
        this.webviewReady = true;
        this.post();
        return;
      case 'playback':
        this.output.info(`preview ${message.state.event}: ${JSON.stringify(message.state)}`);
        this.playbackListeners.forEach((l) => l(message.state));
        return;
    }
    if (!current) {
      return;
    }
    const uri = vscode.Uri.file(current.videoPath);
    switch (message.type) {
      case 'revealInExplorer':
        await vscode.commands.executeCommand('revealInExplorer', uri);
        return;
      case 'openExternal':
        await vscode.commands.executeCommand('revealFileInOS', uri).then(undefined, () => vscode.env.openExternal(uri));
        return;
      case 'openWithVSCode':
        await vscode.commands.executeCommand('vscode.openWith', uri, 'vscode.videoPreview').then(undefined, () => vscode.commands.executeCommand('vscode.open', uri));
        return;
      case 'copyPath':
        await vscode.env.clipboard.writeText(current.videoPath);
        void vscode.window.showInformationMessage(`Copied ${current.videoPath}`);
        return;
      case 'convertAgain':
        if (current.sourceFolder) {
          await this.actions.convertAgain(current.sourceFolder, current.videoPath, message.fps);
        }
        return;
    }
  }

  private post(): void {
    if (!this.panel || !this.current) {
      return;
    }
    const message = this.message(this.panel.webview, this.current.videoPath, this.current.sourceFolder);
    void this.panel.webview.postMessage(message);
  }

  private message(webview: vscode.Webview, videoPath: string, sourceFolder?: string): HostMessage {
    let size: number;
    try {
      size = fs.statSync(videoPath).size;
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
    return { type: 'show', videoUri, facts, factsNote };
  }

  private html(webview: vscode.Webview): string {
    const nonce = crypto.randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'preview.css'));
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} data:`,
      `media-src ${webview.cspSource}`,
      `style-src ${webview.cspSource} 'nonce-${nonce}'`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}" nonce="${nonce}">
<title>Video Preview</title>
</head>
<body>
<main id="app" aria-live="polite"><p class="loading">Loading…</p></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }

  dispose(): void {
    this.panel?.dispose();
    this.playbackListeners.clear();
  }
}

export class VideoPreviewSerializer implements vscode.WebviewPanelSerializer<PreviewState> {
  constructor(private readonly preview: VideoPreview) {}

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PreviewState | undefined): Promise<void> {
    this.preview.restore(panel, state);
  }
}
