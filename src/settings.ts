/** Typed access to the extension's settings; the names live here once. */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_MEMORY_MIB, MIN_MEMORY_MIB } from './workflows/convertFolder';

const section = 'containerWorkflows';

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(section);
}

export function readEngineHostSetting(): string | undefined {
  return config().get<string>('engine.host')?.trim() || undefined;
}

/** The user's own template folders, with ~ and workspace-relative paths resolved. */
export function readTemplatePaths(): string[] {
  const raw = config().get<string[]>('templates.path') ?? [];
  const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return raw
    .filter((p) => typeof p === 'string' && p.trim() !== '')
    .map((p) => p.trim().replace(/^~(?=$|[\\/])/, os.homedir()))
    .map((p) => (path.isAbsolute(p) || !base ? p : path.join(base, p)));
}

export function readImg2vidFps(): number {
  const fps = config().get<number>('img2vid.fps') ?? 5;
  return Number.isInteger(fps) && fps >= 1 && fps <= 120 ? fps : 5;
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
