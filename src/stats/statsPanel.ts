/**
 * "Show Stats": a panel per running container with live charts of the last minute (CPU,
 * memory used of its limit, network and block I/O). The stream is open only while the
 * panel is visible and closes with it; a container that stops ends it and the panel says
 * so. The page is locked down as the preview's is: CSP `default-src 'none'` with a nonce
 * for the one script, `localResourceRoots` only dist/ and media/, and every message from
 * it checked (parseStatsMessage) before the host acts.
 */
import * as vscode from 'vscode';
import type { EngineApi } from '../engine/api/engineApi';
import { extensionPageHtml } from '../ui/extensionPage';
import { StatsFeed } from './statsFeed';
import { parseStatsMessage } from './statsProtocol';

export const STATS_VIEW_TYPE = 'containerWorkflows.stats';

export class StatsPanels implements vscode.Disposable {
  private readonly open = new Map<string, vscode.WebviewPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly api: () => EngineApi,
  ) {}

  show(containerId: string, containerName: string): void {
    const existing = this.open.get(containerId);
    if (existing) {
      existing.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(STATS_VIEW_TYPE, `Stats: ${containerName}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    });
    this.open.set(containerId, panel);
    const feed = new StatsFeed(this.api, containerId, containerName, (message) => void panel.webview.postMessage(message));
    let ready = false;
    const subscriptions = [
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        if (!parseStatsMessage(raw)) return;
        ready = true;
        if (panel.visible) feed.start();
      }),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) feed.stop();
        else if (ready) feed.start();
      }),
    ];
    panel.onDidDispose(() => {
      feed.stop();
      for (const s of subscriptions) s.dispose();
      this.open.delete(containerId);
    });
    panel.webview.html = this.html(panel.webview);
  }

  private html(webview: vscode.Webview): string {
    return extensionPageHtml(webview, this.extensionUri, {
      title: 'Container Stats',
      stylesheet: 'media/stats.css',
      script: 'dist/stats.js',
      body: '<main id="app" aria-live="polite"><p>Waiting for the engine…</p></main>',
    });
  }

  dispose(): void {
    for (const panel of [...this.open.values()]) panel.dispose();
  }
}
