/**
 * The engine in the status bar: its version and where it is, or what is wrong.
 * A click retries; when the engine stays away, the message says what to do and offers
 * the setting.
 */
import * as vscode from 'vscode';
import { describeHost } from '../engine/connection';
import type { EngineMonitor, EngineStatus } from '../engine/engineMonitor';
import type { EngineProblemKind } from '../engine/errors';

const problemLabels: Record<EngineProblemKind, string> = {
  notInstalled: 'No engine',
  notRunning: 'Engine not running',
  permissionDenied: 'Engine: permission denied',
  unreachable: 'Engine unreachable',
  misconfigured: 'Engine address invalid',
};

export function describeStatus(status: EngineStatus): { text: string; tooltip: string; warning: boolean } {
  switch (status.state) {
    case 'checking':
      return { text: '$(sync~spin) Engine…', tooltip: 'Connecting to the container engine…', warning: false };
    case 'connected': {
      const name = status.version.platformName?.toLowerCase().includes('podman') ? 'Podman' : 'Docker';
      return {
        text: `$(vm-active) ${name} ${status.version.version} · ${shortHost(describeHost(status.endpoint))}`,
        tooltip: `${name} ${status.version.version} (API ${status.version.apiVersion}, ${status.version.os}/${status.version.arch})\n${status.endpoint.host} (from ${sourceLabel(status.endpoint.source)})\nClick to reconnect.`,
        warning: false,
      };
    }
    case 'unavailable':
      return {
        text: `$(vm-outline) ${problemLabels[status.problem.kind]}`,
        tooltip: `${status.problem.summary}\n${status.problem.action}\nClick to retry.`,
        warning: true,
      };
  }
}

/** Keeps the status bar short: ~ for home, and only the last two parts of a long path. */
export function shortHost(host: string, home = process.env.HOME ?? ''): string {
  let short = home && host.startsWith(home + '/') ? `~${host.slice(home.length)}` : host;
  if (short.length > 32 && short.includes('/')) {
    short = `…/${short.split('/').slice(-2).join('/')}`;
  }
  return short;
}

function sourceLabel(source: string): string {
  switch (source) {
    case 'setting':
      return 'containerWorkflows.engine.host';
    case 'context':
      return 'the Docker context';
    case 'default':
      return 'the default socket';
    default:
      return source;
  }
}

export class EngineStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscription: { dispose(): void };

  constructor(monitor: EngineMonitor) {
    this.item = vscode.window.createStatusBarItem('containerWorkflows.engine', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'Container Engine';
    this.item.command = 'containerWorkflows.engine.retry';
    this.subscription = monitor.onDidChangeStatus((status) => this.render(status));
    this.render(monitor.status);
    this.item.show();
  }

  private render(status: EngineStatus): void {
    const view = describeStatus(status);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.accessibilityInformation = { label: view.text.replace(/\$\([^)]*\)\s*/g, '') };
    this.item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
