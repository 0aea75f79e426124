/** Typed access to the extension's settings; the names live here once. */
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { TlsSettings } from './engine/tlsSettings';
import { type TemplateRootChoice, templateRootsFor } from './templates/templateRoots';
import { DEFAULT_MEMORY_MIB, MIN_MEMORY_MIB } from './workflows/converterMemory';
import { DEFAULT_FRAME_RATE, isValidFrameRate } from './workflows/frameRate';

const section = 'containerWorkflows';

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(section);
}

export function readEngineHostSetting(): string | undefined {
  return config().get<string>('engine.host')?.trim() || undefined;
}

/**
 * The person's own template folders and whether they apply: in Restricted Mode they do
 * not (the rule and why: templates/templateRoots.ts).
 */
export function readTemplateRoots(): TemplateRootChoice {
  return templateRootsFor(config().get<unknown>('templates.path'), {
    trusted: vscode.workspace.isTrusted,
    home: os.homedir(),
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
  });
}

/** The person's own template folders that apply now, resolved; none in Restricted Mode. */
export function readTemplatePaths(): string[] {
  return readTemplateRoots().userRoots;
}

export function readImg2vidFps(): number {
  const fps = config().get<number>('img2vid.fps');
  return isValidFrameRate(fps) ? fps : DEFAULT_FRAME_RATE;
}

/** The output path pattern for converted videos; empty means next to the folder. */
export function readImg2vidOutputPattern(): string {
  return config().get<string>('img2vid.output')?.trim() ?? '';
}

/** The converter container's memory limit in MiB (the default when unset or below the minimum). */
export function readImg2vidMemoryLimit(): number {
  const mib = config().get<number>('img2vid.memoryLimit') ?? DEFAULT_MEMORY_MIB;
  return Number.isInteger(mib) && mib >= MIN_MEMORY_MIB ? mib : DEFAULT_MEMORY_MIB;
}

/** containerWorkflows.engine.tls*: TLS for the address in containerWorkflows.engine.host (the rule: engine/tlsSettings.ts). */
export function readEngineTlsSettings(): TlsSettings {
  const verify = config().get<boolean | null>('engine.tlsVerify');
  const path = (name: string) => config().get<string>(name)?.trim() || undefined;
  return {
    ...(typeof verify === 'boolean' ? { verify } : {}),
    ...(path('engine.tlsCaCert') ? { caCert: path('engine.tlsCaCert') } : {}),
    ...(path('engine.tlsCert') ? { cert: path('engine.tlsCert') } : {}),
    ...(path('engine.tlsKey') ? { key: path('engine.tlsKey') } : {}),
  };
}

/** The settings that change which engine this window talks to, or how. */
export const ENGINE_SETTINGS = [
  'containerWorkflows.engine.host',
  'containerWorkflows.engine.tlsVerify',
  'containerWorkflows.engine.tlsCaCert',
  'containerWorkflows.engine.tlsCert',
  'containerWorkflows.engine.tlsKey',
] as const;

/** Where this workspace remembers the Docker context picked with "Use Docker Context…". */
const CHOSEN_CONTEXT_KEY = 'containerWorkflows.engine.context';

/** The Docker context this workspace chose, if it chose one (`default` is a choice too). */
export function readChosenContext(state: vscode.Memento): string | undefined {
  const value = state.get<unknown>(CHOSEN_CONTEXT_KEY);
  return typeof value === 'string' && value ? value : undefined;
}

export function storeChosenContext(state: vscode.Memento, name: string | undefined): Thenable<void> {
  return state.update(CHOSEN_CONTEXT_KEY, name);
}
