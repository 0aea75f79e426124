/**
 * What a run gains with networks and named volumes: a user network with aliases, and
 * named volumes mounted beside the host folders of RunRequest.volumes. Pure. These are the
 * proposed RunRequest fields; until RunRequest carries them, `applyRunAdditions` adds them
 * to the create options of runArgs.ts and `runAdditionWords` gives the matching words of
 * the `docker run` line (they go before the `-e` words there).
 */
import type { ContainerCreateOptions } from 'dockerode';
import { isBuiltInNetwork } from './networks/networkMapping';
import { nameProblem } from './objectNames';

export interface NamedVolumeMount {
  volume: string;
  containerPath: string;
  readOnly: boolean;
}

export interface RunAdditions {
  /** A network by name: a user network, or `bridge` / `host` / `none`. */
  network?: string;
  /** Other names the container answers to on that network (a user network only). */
  networkAliases?: string[];
  /** Mounted as `-v name:/path`; the engine makes a volume of that name when there is none. */
  namedVolumes?: NamedVolumeMount[];
}

/** What stops these additions, one sentence each; empty when they are fine. */
export function runAdditionProblems(additions: RunAdditions): string[] {
  const problems: string[] = [];
  const aliases = additions.networkAliases ?? [];
  if (aliases.length > 0 && (!additions.network || isBuiltInNetwork(additions.network))) {
    problems.push(
      `A network alias needs a network of your own: the engine gives aliases only on user networks, not on ${additions.network ?? 'the default bridge'}.`,
    );
  }
  for (const alias of aliases) {
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(alias))
      problems.push(
        `The alias ${JSON.stringify(alias)} is not a name other containers can look up: use letters, digits, "_", "." and "-", starting with a letter or digit.`,
      );
  }
  for (const mount of additions.namedVolumes ?? []) {
    const problem = nameProblem('volume', mount.volume);
    if (problem) problems.push(problem);
    if (!mount.containerPath.startsWith('/'))
      problems.push(
        `The container path ${JSON.stringify(mount.containerPath)} of the volume ${mount.volume} must be absolute (start with /).`,
      );
    // The `-v name:/path` line could not say it (the engine itself would take it).
    if (mount.containerPath.includes(':'))
      problems.push(`The container path ${JSON.stringify(mount.containerPath)} has a ":", which a -v mount cannot hold.`);
  }
  return problems;
}

/** The create options with the network, its aliases and the mounts added. */
export function applyRunAdditions(options: ContainerCreateOptions, additions: RunAdditions): ContainerCreateOptions {
  const hostConfig = { ...(options.HostConfig ?? {}) };
  const mounts = (additions.namedVolumes ?? []).map((m) => ({
    Type: 'volume' as const,
    Source: m.volume,
    Target: m.containerPath,
    ReadOnly: m.readOnly,
  }));
  if (mounts.length > 0) hostConfig.Mounts = [...(hostConfig.Mounts ?? []), ...mounts];
  const result: ContainerCreateOptions = { ...options, HostConfig: hostConfig };
  if (additions.network) {
    hostConfig.NetworkMode = additions.network;
    const aliases = additions.networkAliases ?? [];
    if (aliases.length > 0) result.NetworkingConfig = { EndpointsConfig: { [additions.network]: { Aliases: aliases } } };
  }
  return result;
}

/**
 * The `docker run` words for the additions, unquoted (the line's builder quotes every
 * word): `--network n`, `--network-alias a`, `-v name:/path[:ro]`.
 */
export function runAdditionWords(additions: RunAdditions): string[] {
  const words: string[] = [];
  if (additions.network) words.push('--network', additions.network);
  for (const alias of additions.networkAliases ?? []) words.push('--network-alias', alias);
  for (const mount of additions.namedVolumes ?? [])
    words.push('-v', `${mount.volume}:${mount.containerPath}${mount.readOnly ? ':ro' : ''}`);
  return words;
}
