/**
 * The video preview panel (host side). One panel, reused for every video: showing another
 * video retargets it. The webview is locked down: CSP `default-src 'none'` with a nonce for
 * the script, `media-src` only for the webview's own resource origin, and
 * `localResourceRoots` only the extension's dist/media folders and the video's folder.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extensionPageHtml } from '../ui/extensionPage';
import { checkWebviewMessage, describeForLog, parsePreviewState } from './parseWebviewMessage';
import { type ConversionEnd, type ConversionShown, conversionMessage, conversionTitle, panelAfterConversion } from './conversionInPanel';
import { type HostMessage, PREVIEW_VIEW_TYPE, type PreviewState, type WebviewMessage } from './protocol';
import { openInDefaultApp, videoMessage, windowKind } from './previewVideoFile';

export interface PreviewActions {
  /** Convert the source folder again with another frame rate. */
  convertAgain(sourceFolder: string, output: string, fps: number): Promise<void>;
}

/** A conversion the panel shows, as runConversion reports it. */
export interface ConversionInPreview {
  progress(message: string): void;
  end(end: ConversionEnd): void;
}

export class VideoPreview implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private current: { videoPath: string; sourceFolder?: string } | undefined;
  /** Set while the panel shows a conversion (under way, or failed) instead of a video. */
  private conversion: ConversionShown | undefined;
  /** Counts what the panel was given to show: a conversion that ended after something newer leaves the panel alone. */
  private shown = 0;
  private webviewReady = false;
  private readonly playbackListeners = new Set<(report: Extract<WebviewMessage, { type: 'playback' }>['state']) => void>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly output: vscode.LogOutputChannel,
    private readonly actions: PreviewActions,
  ) {}

  /** Shows a video; opens the panel or reuses it. */
  show(videoPath: string, sourceFolder?: string): void {
    this.shown++;
    this.conversion = undefined;
    this.current = { videoPath, sourceFolder };
    this.open();
  }

  /**
   * Opens the panel as a conversion starts, so its webview loads while the container works:
   * it shows the progress, then the video once written (conversionInPanel.ts decides what, on
   * every outcome).
   */
  beginConversion(folder: string, output: string): ConversionInPreview {
    const before = this.panel && !this.conversion ? this.current : undefined;
    const conversion: ConversionShown = { folder, output };
    const mine = ++this.shown;
    this.conversion = conversion;
    this.open();
    return {
      progress: (message) => {
        if (mine !== this.shown || conversion.message === message) return;
        conversion.message = message;
        if (this.webviewReady) this.post();
      },
      end: (end) => {
        const step = panelAfterConversion(conversion, end, { superseded: mine !== this.shown, open: this.panel !== undefined, before });
        if (step.step === 'showVideo') this.show(step.video.videoPath, step.video.sourceFolder);
        if (step.step === 'showFailure') {
          this.conversion = step.conversion;
          if (this.panel) this.panel.title = this.title();
          if (this.webviewReady) this.post();
        }
        if (step.step === 'close') {
          this.conversion = undefined;
          this.panel?.dispose();
        }
      },
    };
  }

  private open(): void {
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
      // New options reload the page (and the ~0.5 s webview start with it): set them only when the
      // roots change. A conversion's panel already has the video's folder among them.
      const roots = this.roots();
      const now = (this.panel.webview.options.localResourceRoots ?? []).map(String);
      if (roots.length !== now.length || roots.some((root, i) => root.toString() !== now[i])) {
        this.panel.webview.options = { enableScripts: true, localResourceRoots: roots };
      }
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
    if (this.conversion) return conversionTitle(this.conversion);
    return this.current ? `Preview: ${path.basename(this.current.videoPath)}` : 'Video Preview';
  }

  private roots(): vscode.Uri[] {
    const roots = [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')];
    // While converting, only the folder the video is written to (not the last video's): the roots
    // are then the video's own once it is written, and showing it does not reload the page.
    const videoPath = this.conversion?.output ?? this.current?.videoPath;
    if (videoPath) roots.push(vscode.Uri.file(path.dirname(videoPath)));
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
        await openInDefaultApp(current.videoPath, windowKind(), this.output);
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

  /** Tells the webview what to show; always something, so the page never stays on "Loading…". */
  private post(): void {
    if (!this.panel) {
      return;
    }
    const message: HostMessage = this.conversion
      ? conversionMessage(this.conversion)
      : this.current
        ? videoMessage(this.panel.webview, this.current.videoPath, this.current.sourceFolder, windowKind())
        : { type: 'noVideo' };
    void this.panel.webview.postMessage(message);
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
