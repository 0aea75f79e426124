/**
 * What commands and views share. Built once in activate() and handed to each command
 * factory, so no module keeps global state of its own.
 */
import type * as vscode from 'vscode';
import type { EngineMonitor } from './engine/engineMonitor';
import type { VideoPreview } from './preview/previewPanel';

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly monitor: EngineMonitor;
  readonly output: vscode.LogOutputChannel;
  readonly preview: VideoPreview;
}
