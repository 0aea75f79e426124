/**
 * The rows of the run form: how a RunConfig reads as a list, with the row each line edits.
 * Pure (no `vscode`): runForm.ts turns them into quick-pick items.
 */
import { randomBytes } from 'node:crypto';
import { type CopyDirection, copyDescription, copyOffers, withCopy } from '../workflows/runCopies';
import type { PortProbe, RunConfig, VolumeChoice } from '../workflows/runConfig';
import { formatArgumentLine } from '../workflows/runValidation';

export type Row =
  | { kind: 'run' }
  | { kind: 'copy' }
  | { kind: 'port'; index: number }
  | { kind: 'addPort' }
  | { kind: 'volume'; index: number }
  | { kind: 'addVolume' }
  | { kind: 'copy-in'; index: number }
  | { kind: 'copy-back'; index: number }
  | { kind: 'args' }
  | { kind: 'env'; key: string }
  | { kind: 'addEnv' }
  | { kind: 'name' }
  | { kind: 'autoRemove' }
  | { kind: 'user' }
  | { kind: 'network' };

/** A heading between the groups of rows, or a line that edits `row` (with a Remove button when `removable`). */
export type FormItem =
  | { kind: 'separator'; label: string }
  | { kind: 'row'; label: string; description?: string; detail?: string; row: Row; removable?: boolean };

export interface RunFormContext {
  isPortFree: PortProbe;
  /** "uid:gid" of the person, offered for "Run as"; undefined where it does not apply. */
  personUser?: string;
  /** Whether the image has an ENTRYPOINT (arguments go to it) or not (they replace CMD). */
  hasEntrypoint: boolean;
  /** What the image runs without arguments, for the Arguments row. */
  defaultCommand: string;
  /**
   * Set for an engine on another machine: host folders are paths there, so they are
   * checked on the engine (remoteRun.ts checkEngineFolders), not with a local stat.
   */
  engineFolders?: { where: string; check: (folders: string[]) => Promise<Map<string, 'exists' | 'missing'>> };
  /** The engine's networks by name, for the Network row; unset where the form cannot ask. */
  networkNames?: (signal?: AbortSignal) => Promise<string[]>;
  /** The engine's named volumes, offered beside host folders; unset where the form cannot ask. */
  volumeNames?: (signal?: AbortSignal) => Promise<string[]>;
  /** The last run of this image, where there was one: its network aliases are offered, not carried over (fromLastRun). */
  lastRun?: Pick<RunConfig, 'network' | 'networkAliases'>;
}

/**
 * The aliases the alias box starts with once `network` is picked: the ones this form
 * already gives on that network, else the last run's on it, else none. The person sees
 * them and keeps, edits or clears them.
 */
export function aliasesToOffer(config: RunConfig, network: string, lastRun?: RunFormContext['lastRun']): string[] {
  if (config.network === network && config.networkAliases?.length) return [...config.networkAliases];
  if (lastRun?.network === network && lastRun.networkAliases?.length) return [...lastRun.networkAliases];
  return [];
}

/** The Network row's description: the aliases given, or the last run's there, offered again. */
function networkDescription(config: RunConfig, lastRun?: RunFormContext['lastRun']): string | undefined {
  if (config.networkAliases?.length) return `also reached as ${config.networkAliases.join(', ')}`;
  const offered = config.network ? aliasesToOffer(config, config.network, lastRun) : [];
  return offered.length ? `the last run's alias ${offered.join(', ')}: pick this row to give it again` : undefined;
}

export function formItems(config: RunConfig, context: RunFormContext, problems: string[]): FormItem[] {
  const out: FormItem[] = [
    {
      kind: 'row',
      label: '$(play) Run',
      description: config.image,
      detail: problems.length ? `Fix first: ${problems.join(' · ')}` : 'Everything is ready.',
      row: { kind: 'run' },
    },
    { label: 'Ports', kind: 'separator' },
  ];
  config.ports.forEach((p, index) =>
    out.push({
      kind: 'row',
      label: `$(plug) ${p.containerPort}/${p.protocol} → localhost:${p.hostPort}`,
      description: p.label ?? 'container port → host port',
      removable: true,
      row: { kind: 'port', index },
    }),
  );
  out.push({ kind: 'row', label: '$(add) Add a port…', row: { kind: 'addPort' } });
  out.push({ label: 'Volumes', kind: 'separator' });
  config.volumes.forEach((v, index) => {
    out.push({
      kind: 'row',
      label: `${v.kind === 'volume' || v.copy ? '$(database)' : '$(folder)'} ${v.containerPath} ← ${v.copy ? v.copy.volume : v.hostPath || 'not mounted'}`,
      description: [
        v.kind === 'volume' ? 'named volume' : undefined,
        v.hostPath ? (v.readOnly ? 'read-only' : 'read-write') : 'choose a host folder or a named volume to mount it',
        v.label,
      ]
        .filter(Boolean)
        .join(' · '),
      ...(v.copy ? { detail: copyDescription(v) } : {}),
      removable: true,
      row: { kind: 'volume', index },
    });
    if (context.engineFolders) out.push(...copyRows(v, index, context.engineFolders.where));
  });
  out.push({ kind: 'row', label: '$(add) Add a volume…', row: { kind: 'addVolume' } });
  out.push({ label: 'Command', kind: 'separator' });
  out.push({
    kind: 'row',
    label: `$(terminal) Arguments: ${config.args.length ? formatArgumentLine(config.args) : '(none)'}`,
    description: context.hasEntrypoint
      ? `passed to the entrypoint ${context.defaultCommand}`
      : `replace the command ${context.defaultCommand || '(none)'}`,
    row: { kind: 'args' },
  });
  for (const [key, value] of Object.entries(config.env)) {
    out.push({
      kind: 'row',
      label: `$(symbol-variable) ${key}=${value}`,
      description: 'environment',
      removable: true,
      row: { kind: 'env', key },
    });
  }
  out.push({ kind: 'row', label: '$(add) Add an environment variable…', row: { kind: 'addEnv' } });
  out.push({ label: 'Options', kind: 'separator' });
  out.push({ kind: 'row', label: `$(tag) Name: ${config.name || '(automatic)'}`, row: { kind: 'name' } });
  if (context.networkNames) {
    out.push({
      kind: 'row',
      label: `$(type-hierarchy) Network: ${config.network || 'the default bridge'}`,
      description: networkDescription(config, context.lastRun),
      row: { kind: 'network' },
    });
  }
  out.push({
    kind: 'row',
    label: `$(trash) Remove when it exits: ${config.autoRemove ? 'yes' : 'no'}`,
    description: 'docker run --rm',
    row: { kind: 'autoRemove' },
  });
  if (context.personUser) {
    out.push({
      kind: 'row',
      label: `$(person) Run as: ${config.user ? `${config.user} (you)` : "the image's user"}`,
      description: config.user ? 'files written to mounted folders are yours' : 'files written to mounted folders belong to the image user',
      row: { kind: 'user' },
    });
  }
  out.push({ label: '', kind: 'separator' });
  out.push({ kind: 'row', label: '$(copy) Copy as docker run command', row: { kind: 'copy' } });
  return out;
}

/** The offers under a host-folder row on an engine that cannot see this machine's folders. */
function copyRows(v: VolumeChoice, index: number, where: string): FormItem[] {
  return copyOffers(v, 'copy').map((direction) => {
    const on = v.copy?.[direction] === true;
    if (direction === 'in') {
      return {
        kind: 'row',
        label: `${on ? '$(pass-filled)' : '$(cloud-upload)'} Copy this folder into a new named volume${on ? ': yes' : ''}`,
        description: on
          ? `${v.hostPath} from this machine, before the run · pick to mount ${v.hostPath} of ${where} instead`
          : `${v.hostPath} is read on ${where}; pick if it is a folder on this machine`,
        row: { kind: 'copy-in', index },
      };
    }
    return {
      kind: 'row',
      label: `${on ? '$(pass-filled)' : '$(cloud-download)'} Copy the output back when the container exits${on ? ': yes' : ''}`,
      description: on
        ? `into ${v.hostPath} on this machine (asks before replacing files)`
        : `${v.hostPath} is written on ${where}; pick to get the output here`,
      row: { kind: 'copy-back', index },
    };
  });
}

/** The config without the row whose Remove button was pressed (a copy); as it is for a row that has no Remove. */
export function withoutRow(config: RunConfig, row: Row): RunConfig {
  const next = structuredClone(config);
  if (row.kind === 'port') next.ports.splice(row.index, 1);
  else if (row.kind === 'volume') next.volumes.splice(row.index, 1);
  else if (row.kind === 'env') delete next.env[row.key];
  else return config;
  return next;
}

/** A row that flips when picked (Remove when it exits, Run as) flipped, in a copy; undefined for the others. */
export function toggledRow(
  config: RunConfig,
  row: Row,
  context: Pick<RunFormContext, 'personUser'>,
  unique: string = randomBytes(3).toString('hex'),
): RunConfig | undefined {
  if (row.kind === 'copy-in' || row.kind === 'copy-back') {
    const direction: CopyDirection = row.kind === 'copy-in' ? 'in' : 'back';
    return withCopy(config, row.index, direction, config.volumes[row.index]?.copy?.[direction] !== true, unique);
  }
  if (row.kind === 'autoRemove') return { ...structuredClone(config), autoRemove: !config.autoRemove };
  if (row.kind === 'user') return { ...structuredClone(config), user: config.user ? '' : (context.personUser ?? '') };
  return undefined;
}
