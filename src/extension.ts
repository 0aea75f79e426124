/**
 * Entry point. activate() only wires: it builds the shared services, registers what the
 * extension contributes, and puts every registration into context.subscriptions.
 * Nothing here talks to the engine synchronously: the first check runs in the background.
 */
import * as vscode from 'vscode';
import type * as RunConversionModule from './commands/img2vid/runConversion';
import { registerCommands } from './commands/registerCommands';
import { VideoPreview, VideoPreviewSerializer } from './preview/previewPanel';
import { PREVIEW_VIEW_TYPE } from './preview/protocol';
import { createEngine } from './engine/createEngine';
import { EngineMonitor, type EngineStatus } from './engine/engineMonitor';
import { EngineEventHub } from './engine/eventHub';
import { DockerCliCredentials } from './engine/registry/dockerCliCredentials';
import { RegistryAccess } from './registries/registryAccess';
import { SecretCredentialStore } from './registries/secretCredentialStore';
import { RunHistory } from './runs/runHistory';
import type { Services } from './services';
import { ENGINE_SETTINGS, readChosenContext, readEngineHostSetting, readEngineTlsSettings } from './settings';
import { plainTcpWarning } from './engine/tlsSettings';
import type { ContainerEngine } from './engine/engine';
import { EngineStatusBar } from './status/engineStatusBar';
import { InFlightWork } from './util/inFlightWork';
import { REGISTRIES_VIEW, RegistriesTreeProvider } from './views/registriesTree';
import { Sidebar } from './views/sidebar';
import { ComposeDiagnostics } from './diagnostics/composeDiagnostics';
import { BuildDiagnostics } from './builds/buildDiagnostics';
import { BuildHistory } from './builds/buildHistory';
import { registerBuildTasks } from './tasks/buildTaskProvider';
import { registerRunTasks } from './tasks/runTaskProvider';
import { VIDEO_PREVIEWED_CONTEXT } from './commands/walkthrough/walkthroughId';

/** What the extension offers other extensions (and its own in-host tests). */
export interface ContainerWorkflowsApi {
  /** Pings the engine and returns where it is and whether it answers. */
  checkEngine(): Promise<EngineStatus>;
}

/** How long deactivate() waits for stopped work to remove its containers. */
const STOP_GRACE_MS = 4000;

/** The one piece of state outside activate(): deactivate() has no other way to reach it. */
let work: InFlightWork | undefined;

export function activate(context: vscode.ExtensionContext): ContainerWorkflowsApi {
  const output = vscode.window.createOutputChannel('Container Workflows', { log: true });
  // Plain tcp:// to another machine is said once per host in this window.
  const warnedPlainTcp = new Set<string>();
  const monitor = new EngineMonitor(() => warnIfPlainTcp(createEngineForWindow(context), output, warnedPlainTcp));
  const preview = new VideoPreview(context.extensionUri, output, {
    convertAgain: async (folder, video, fps) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load needs require: the converter's code is loaded on first use (esbuild.js LAZY)
      const { runConversion } = require('./commands/img2vid/runConversion') as typeof RunConversionModule;
      await runConversion(services, { folder, output: video, fps, overwrite: true });
    },
  });
  const events = new EngineEventHub(() => monitor.engine);
  const buildOutput = vscode.window.createOutputChannel('Container Workflows: Build');
  const composeOutput = vscode.window.createOutputChannel('Container Workflows: Compose');
  const composeDiagnostics = new ComposeDiagnostics(() => monitor.engine.endpoint, output);
  const runHistory = new RunHistory(context.workspaceState);
  const sidebar = new Sidebar({ context, monitor, events });
  work = new InFlightWork();
  const registries = new RegistryAccess(new SecretCredentialStore(context.secrets, context.globalState), new DockerCliCredentials());
  const registriesView = new RegistriesTreeProvider(registries);
  const buildHistory = new BuildHistory(context.workspaceState);
  const buildProblems = new BuildDiagnostics();
  const services: Services = {
    context,
    monitor,
    events,
    output,
    preview,
    buildOutput,
    composeOutput,
    composeDiagnostics,
    runHistory,
    buildHistory,
    buildProblems,
    sidebar,
    work,
    registries,
    registriesView,
  };

  context.subscriptions.push(
    output,
    buildOutput,
    composeOutput,
    composeDiagnostics,
    buildProblems,
    registerBuildTasks(services),
    registerRunTasks(services),
    monitor,
    new EngineStatusBar(monitor),
    preview,
    events,
    sidebar,
    registriesView,
    vscode.window.createTreeView(REGISTRIES_VIEW, { treeDataProvider: registriesView, showCollapseAll: true }),
    vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, new VideoPreviewSerializer(preview)),
    // The walkthrough's video step is done once a video has loaded in the preview, not when
    // the command starts: that is when the person sees what the step promised.
    preview.onPlayback((report) => {
      if (report.event === 'loadeddata') void vscode.commands.executeCommand('setContext', VIDEO_PREVIEWED_CONTEXT, true);
    }),
    monitor.onDidChangeStatus((status) => {
      void vscode.commands.executeCommand('setContext', 'containerWorkflows:engineState', status.state);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (ENGINE_SETTINGS.some((name) => e.affectsConfiguration(name))) {
        monitor.reconfigure();
        void monitor.check();
        events.restart();
      }
    }),
    ...registerCommands(services),
  );
  // After activate() returns: the first check loads the engine client, which takes a while.
  setTimeout(() => void monitor.check(), 0);
  return { checkEngine: () => monitor.check() };
}

/** The engine of this window: the address setting with its TLS settings, or the Docker context this workspace chose. */
function createEngineForWindow(context: vscode.ExtensionContext): ContainerEngine {
  return createEngine(readEngineHostSetting(), process.env, {
    tls: readEngineTlsSettings(),
    context: readChosenContext(context.workspaceState),
  });
}

function warnIfPlainTcp(engine: ContainerEngine, output: vscode.LogOutputChannel, warnedPlainTcp: Set<string>): ContainerEngine {
  const warning = plainTcpWarning(engine.endpoint, warnedPlainTcp);
  if (warning) {
    warnedPlainTcp.add(engine.endpoint.host);
    output.warn(warning);
    void vscode.window.showWarningMessage(warning);
  }
  return engine;
}

/**
 * Registrations live in context.subscriptions and are disposed by VS Code. What must not
 * outlive the window is work on the engine: a conversion's container would keep running.
 * VS Code waits for the returned promise (briefly) before it ends the extension host.
 */
export function deactivate(): Promise<void> | undefined {
  const stopping = work?.stopAll(STOP_GRACE_MS);
  work = undefined;
  return stopping;
}
