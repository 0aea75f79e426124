/**
 * How the Volumes view shows a named volume: its name; driver, size and users beside it;
 * a contextValue that says whether it is in use (menus match it by regex). Pure.
 */
import type { VolumeSizes, VolumeSummary } from '../engine/volumes/volumeMapping';
import { describeUsers } from '../engine/volumes/volumeMapping';
import { formatSize } from '../util/formatSize';
import { escapeMarkdown } from './format';

export interface VolumeView {
  volume: VolumeSummary;
  label: string;
  description: string;
  tooltip: string;
  /** `volume` or `volume.inUse`. */
  contextValue: string;
}

/** The size column: bytes once measured; "size unknown" where the engine does not measure; nothing while it is being asked. */
export function sizeText(name: string, sizes: VolumeSizes | undefined): string | undefined {
  if (!sizes) return undefined;
  const size = sizes.get(name);
  return size === undefined ? 'size unknown' : formatSize(size);
}

export function usersText(volume: VolumeSummary): string {
  const n = volume.users.length;
  return n === 0 ? 'unused' : n === 1 ? `used by ${volume.users[0].name}` : `used by ${n} containers`;
}

export function volumeView(volume: VolumeSummary, sizes: VolumeSizes | undefined): VolumeView {
  const size = sizeText(volume.name, sizes);
  const users = volume.users.map(
    (u) => `- ${escapeMarkdown(u.name)} (${u.state}) at \`${u.containerPath}\`${u.readOnly ? ', read-only' : ''}`,
  );
  return {
    volume,
    label: volume.name,
    description: [volume.driver, size, usersText(volume)].filter(Boolean).join(' · '),
    tooltip: [
      `**${escapeMarkdown(volume.name)}**`,
      `Driver: ${escapeMarkdown(volume.driver)}${size ? ` · ${size}` : ''}`,
      volume.users.length ? `Used by:\n\n${users.join('\n')}` : 'No container uses it.',
    ].join('\n\n'),
    contextValue: volume.users.length > 0 ? 'volume.inUse' : 'volume',
  };
}

/** Why a volume cannot be removed now, or undefined when it can be (after asking). */
export function volumeRemovalRefusal(volume: VolumeSummary): string | undefined {
  if (volume.users.length === 0) return undefined;
  return `The volume ${volume.name} is used by ${describeUsers(volume.users)}: remove ${volume.users.length === 1 ? 'that container' : 'those containers'} first (a stopped container still holds its volumes).`;
}

/** The prune question: which volumes go, by name; undefined when there are none. */
export function pruneQuestion(names: string[]): { message: string; detail: string } | undefined {
  if (names.length === 0) return undefined;
  return {
    message: names.length === 1 ? `Remove the unused volume ${names[0]}?` : `Remove ${names.length} unused volumes?`,
    detail: `No container uses ${names.length === 1 ? 'it' : 'them'}; their files go too:\n${names.join('\n')}`,
  };
}
