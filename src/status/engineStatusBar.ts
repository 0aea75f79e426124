/**
 * The engine in the status bar: its version and where it is, or what is wrong.
 * A click retries; when the engine stays away, the message says what to do and offers
 * the setting.
 */
import * as vscode from 'vscode';
import type { EngineMonitor, EngineStatus } from '../engine/engineMonitor';
import { describeStatus } from './describeEngineStatus';

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
