/**
 * What commands and views share. Built once in activate() and handed to each command
 * factory, so no module keeps global state of its own.
 */
import type * as vscode from 'vscode';
import type { ComposeDiagnostics } from './diagnostics/composeDiagnostics';
import type { BuildDiagnostics } from './builds/buildDiagnostics';
import type { BuildHistory } from './builds/buildHistory';
import type { EngineMonitor } from './engine/engineMonitor';
import type { EngineEventHub } from './engine/eventHub';
import type { VideoPreview } from './preview/previewPanel';
import type { RegistryAccess } from './registries/registryAccess';
import type { RunHistory } from './runs/runHistory';
import type { InFlightWork } from './util/inFlightWork';
import type { RegistriesTreeProvider } from './views/registriesTree';
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
  /** What compose commands print: which CLI and version, the command line, its output. */
  readonly composeOutput: vscode.OutputChannel;
  /** Compose files' config problems in the Problems view. */
  readonly composeDiagnostics: ComposeDiagnostics;
  /** Conversions and builds under way: stopped when the extension deactivates. */
  readonly work: InFlightWork;
  /** Registry credentials: SecretStorage first, the docker CLI's read only. */
  readonly registries: RegistryAccess;
  /** The Registries view (refreshed after a login, a logout, a push). */
  readonly registriesView: RegistriesTreeProvider;
}
