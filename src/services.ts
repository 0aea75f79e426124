/**
 * What commands and views share. Built once in activate() and handed to each command
 * factory, so no module keeps global state of its own.
 */
import type * as vscode from 'vscode';
import type { BuildDiagnostics } from './builds/buildDiagnostics';
import type { BuildHistory } from './builds/buildHistory';
import type { EngineMonitor } from './engine/engineMonitor';
import type { EngineEventHub } from './engine/eventHub';
import type { VideoPreview } from './preview/previewPanel';
import type { RunHistory } from './runs/runHistory';
import type { InFlightWork } from './util/inFlightWork';
import type { Sidebar } from './views/sidebar';

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly monitor: EngineMonitor;
  /** Engine events, streamed only while someone subscribes. */
  readonly events: EngineEventHub;
  readonly output: vscode.LogOutputChannel;
  readonly preview: VideoPreview;
  /** Raw build output, as the engine prints it. */
  readonly buildOutput: vscode.OutputChannel;
  readonly runHistory: RunHistory;
  /** The last build choices per Dockerfile. */
  readonly buildHistory: BuildHistory;
  /** A failed build's problems on its Dockerfile's lines. */
  readonly buildProblems: BuildDiagnostics;
  /** The Containers and Images views. */
  readonly sidebar: Sidebar;
  /** Conversions and builds under way: stopped when the extension deactivates. */
  readonly work: InFlightWork;
}
