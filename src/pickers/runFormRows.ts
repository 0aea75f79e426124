/**
 * The rows of the run form: how a RunConfig reads as a list, with the row each line edits.
 */
import * as vscode from 'vscode';
import type { PortProbe, RunConfig } from '../workflows/runConfig';
import { formatArgumentLine } from '../workflows/runValidation';

export type Row =
  | { kind: 'run' }
  | { kind: 'copy' }
  | { kind: 'port'; index: number }
  | { kind: 'addPort' }
  | { kind: 'volume'; index: number }
  | { kind: 'addVolume' }
  | { kind: 'args' }
  | { kind: 'env'; key: string }
  | { kind: 'addEnv' }
  | { kind: 'name' }
  | { kind: 'autoRemove' }
  | { kind: 'user' };

export type FormItem = vscode.QuickPickItem & { row?: Row };

export interface RunFormContext {
  isPortFree: PortProbe;
  /** "uid:gid" of the person, offered for "Run as"; undefined where it does not apply. */
  personUser?: string;
  /** Whether the image has an ENTRYPOINT (arguments go to it) or not (they replace CMD). */
  hasEntrypoint: boolean;
  /** What the image runs without arguments, for the Arguments row. */
  defaultCommand: string;
}

const removeButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('close'), tooltip: 'Remove' };

export function formItems(config: RunConfig, context: RunFormContext, problems: string[]): FormItem[] {
  const out: FormItem[] = [
    {
      label: '$(play) Run',
      description: config.image,
      detail: problems.length ? `Fix first: ${problems.join(' · ')}` : 'Everything is ready.',
      row: { kind: 'run' },
    },
    { label: 'Ports', kind: vscode.QuickPickItemKind.Separator },
  ];
  config.ports.forEach((p, index) =>
    out.push({
      label: `$(plug) ${p.containerPort}/${p.protocol} → localhost:${p.hostPort}`,
      description: p.label ?? 'container port → host port',
      buttons: [removeButton],
      row: { kind: 'port', index },
    }),
  );
  out.push({ label: '$(add) Add a port…', row: { kind: 'addPort' } });
  out.push({ label: 'Volumes', kind: vscode.QuickPickItemKind.Separator });
  config.volumes.forEach((v, index) =>
    out.push({
      label: `$(folder) ${v.containerPath} ← ${v.hostPath || 'not mounted'}`,
      description: [v.hostPath ? (v.readOnly ? 'read-only' : 'read-write') : 'choose a host folder to mount it', v.label]
        .filter(Boolean)
        .join(' · '),
      buttons: [removeButton],
      row: { kind: 'volume', index },
    }),
  );
  out.push({ label: '$(add) Add a volume…', row: { kind: 'addVolume' } });
  out.push({ label: 'Command', kind: vscode.QuickPickItemKind.Separator });
  out.push({
    label: `$(terminal) Arguments: ${config.args.length ? formatArgumentLine(config.args) : '(none)'}`,
    description: context.hasEntrypoint
      ? `passed to the entrypoint ${context.defaultCommand}`
      : `replace the command ${context.defaultCommand || '(none)'}`,
    row: { kind: 'args' },
  });
  for (const [key, value] of Object.entries(config.env)) {
    out.push({
      label: `$(symbol-variable) ${key}=${value}`,
      description: 'environment',
      buttons: [removeButton],
      row: { kind: 'env', key },
    });
  }
  out.push({ label: '$(add) Add an environment variable…', row: { kind: 'addEnv' } });
  out.push({ label: 'Options', kind: vscode.QuickPickItemKind.Separator });
  out.push({ label: `$(tag) Name: ${config.name || '(automatic)'}`, row: { kind: 'name' } });
  out.push({
    label: `$(trash) Remove when it exits: ${config.autoRemove ? 'yes' : 'no'}`,
    description: 'docker run --rm',
    row: { kind: 'autoRemove' },
  });
  if (context.personUser) {
    out.push({
      label: `$(person) Run as: ${config.user ? `${config.user} (you)` : "the image's user"}`,
      description: config.user ? 'files written to mounted folders are yours' : 'files written to mounted folders belong to the image user',
      row: { kind: 'user' },
    });
  }
  out.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  out.push({ label: '$(copy) Copy as docker run command', row: { kind: 'copy' } });
  return out;
}
