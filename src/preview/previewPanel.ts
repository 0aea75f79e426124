/**
 * The video preview panel (host side). One panel, reused for every video: showing another
 * video retargets it. The webview is locked down: CSP `default-src 'none'` with a nonce for
 * the script, `media-src` only for the webview's own resource origin, and
 * `localResourceRoots` only the extension's dist/media folders and the video's folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extensionPageHtml } from '../ui/extensionPage';
import { defaultAppReach, type WindowKind } from './defaultApp';
import { readMp4Info } from './mp4Info';
import { checkWebviewMessage, describeForLog, parsePreviewState } from './parseWebviewMessage';
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
      this.attach(
        vscode.window.createWebviewPanel(
          PREVIEW_VIEW_TYPE,
          this.title(),
          { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
          { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: this.roots() },
        ),
      );
    } else {
      this.panel.title = this.title();
      this.panel.webview.options = { enableScripts: true, localResourceRoots: this.roots() };
      this.panel.reveal();
      if (this.webviewReady) {
        this.post();
      }
    }
  }

  /**
   * Called by the serializer after a reload: the panel comes back with only the path it
   * stored, or with nothing (no state, or one this version does not read); then it says so.
   */
  restore(panel: vscode.WebviewPanel, savedState: unknown): void {
    if (this.panel) {
      // A video was opened before VS Code got round to restoring: that one is newer.
      panel.dispose();
      return;
    }
    const state = parsePreviewState(savedState);
    if (!state && savedState !== undefined && savedState !== null) {
      this.output.warn(`preview: restored without a video; its saved state was not understood: ${describeForLog(savedState)}`);
    }
    this.current = state ? { videoPath: state.videoPath } : undefined;
    this.output.info(`preview: restored after a reload, ${state ? `showing ${state.videoPath}` : 'with no video to show'}`);
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
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        this.receive(raw).catch((err: unknown) => this.output.error(`preview: ${err instanceof Error ? err.message : String(err)}`));
      }),
      panel.onDidDispose(() => {
        this.panel = undefined;
        for (const d of this.panelDisposables) d.dispose();
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

  private async receive(raw: unknown): Promise<void> {
    const checked = checkWebviewMessage(raw);
    if (!checked.ok) {
      this.output.warn(`preview: ignored a message from the webview (${checked.reason}): ${describeForLog(raw)}`);
      return;
    }
    const message = checked.message;
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
      case 'openVideo':
        await vscode.commands.executeCommand('containerWorkflows.preview.open');
        return;
      case 'convertFolder':
        await vscode.commands.executeCommand('containerWorkflows.img2vid.convert');
        return;
    }
    if (!current) {
      this.output.warn(`preview: ignored ${message.type}: the panel shows no video`);
      return;
    }
    const uri = vscode.Uri.file(current.videoPath);
    switch (message.type) {
      case 'revealInExplorer':
        await vscode.commands.executeCommand('revealInExplorer', uri);
        return;
      case 'openInDefaultApp':
        await this.openInDefaultApp(current.videoPath);
        return;
      case 'openWithVSCode':
        await vscode.commands
          .executeCommand('vscode.openWith', uri, 'vscode.videoPreview')
          .then(undefined, () => vscode.commands.executeCommand('vscode.open', uri));
        return;
      case 'copyPath':
        await vscode.env.clipboard.writeText(current.videoPath);
        void vscode.window.showInformationMessage(`Copied ${current.videoPath}`);
        return;
      case 'convertAgain':
        if (current.sourceFolder) {
          await this.actions.convertAgain(current.sourceFolder, current.videoPath, message.fps);
        } else {
          this.output.warn('preview: ignored convertAgain: the video was not converted here, its folder is not known');
        }
        return;
    }
  }

  /** The system's default app for the file, as a double-click in the file manager would. */
  private async openInDefaultApp(videoPath: string): Promise<void> {
    const reach = defaultAppReach(this.windowKind(), path.basename(videoPath));
    if (!reach.ok) {
      // The page offers no such button then; a message asking anyway gets the reason.
      this.output.info(`preview: not opening ${videoPath} with a default app: ${reach.why}`);
      const reveal = 'Reveal in Explorer';
      if ((await vscode.window.showInformationMessage(reach.why, reveal)) === reveal) {
        await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(videoPath));
      }
      return;
    }
    this.output.info(`preview: opening ${videoPath} with the system's default app`);
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

  private windowKind(): WindowKind {
    return { inBrowser: vscode.env.uiKind === vscode.UIKind.Web, remoteName: vscode.env.remoteName };
  }

  /** Tells the webview what to show; always something, so the page never stays on "Loading…". */
  private post(): void {
    if (!this.panel) {
      return;
    }
    const message: HostMessage = this.current
      ? this.message(this.panel.webview, this.current.videoPath, this.current.sourceFolder)
      : { type: 'noVideo' };
    void this.panel.webview.postMessage(message);
  }

  private message(webview: vscode.Webview, videoPath: string, sourceFolder?: string): HostMessage {
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
    return { type: 'show', videoUri, facts, factsNote, canOpenInDefaultApp: defaultAppReach(this.windowKind(), facts.name).ok };
  }

  private html(webview: vscode.Webview): string {
    return extensionPageHtml(webview, this.extensionUri, {
      title: 'Video Preview',
      stylesheet: 'media/preview.css',
      script: 'dist/webview.js',
      body: '<main id="app" aria-live="polite"><p class="loading">Loading…</p></main>',
      // The video loads from the webview's resource origin (its folder is a localResourceRoot); images also as data: URIs.
      extraSources: { 'img-src': [webview.cspSource, 'data:'], 'media-src': [webview.cspSource] },
    });
  }

  dispose(): void {
    this.panel?.dispose();
    this.playbackListeners.clear();
  }
}

export class VideoPreviewSerializer implements vscode.WebviewPanelSerializer<PreviewState> {
  constructor(private readonly preview: VideoPreview) {}

  /** VS Code hands back whatever the page saved, or nothing: restore() checks it. */
  deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PreviewState | undefined): Promise<void> {
    this.preview.restore(panel, state);
    return Promise.resolve();
  }
}
