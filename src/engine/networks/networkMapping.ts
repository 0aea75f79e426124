/**
 * Networks in the project's terms, with the containers attached to each, from the
 * engine's network list and its containers. Pure: tested with recorded engine answers.
 */
import { containerNameOf, type RawContainer, type RawNetwork } from '../api/rawTypes';

/** The engine makes these itself and refuses to remove them. */
export const BUILT_IN_NETWORKS: readonly string[] = ['bridge', 'host', 'none'];

export interface NetworkMember {
  id: string;
  name: string;
  /** The container's state: a stopped container stays attached and needs the network to start again. */
  state: string;
  /** Empty while the container does not run. */
  ipv4: string;
  /** As the container list gives them: Docker leaves them out there (empty), a container's inspect has them. */
  aliases: string[];
}

export interface NetworkSummary {
  id: string;
  name: string;
  driver: string;
  scope: string;
  internal: boolean;
  /** `bridge`, `host`, `none`: made by the engine, not removable. */
  builtIn: boolean;
  created?: Date;
  labels: Record<string, string>;
  subnets: string[];
  containers: NetworkMember[];
}

export function isBuiltInNetwork(name: string): boolean {
  return BUILT_IN_NETWORKS.includes(name);
}

/** The containers attached to a network (any state), matched by its name or id. */
export function membersOf(network: Pick<RawNetwork, 'Id' | 'Name'>, containers: RawContainer[]): NetworkMember[] {
  const members: NetworkMember[] = [];
  for (const container of containers) {
    for (const [key, endpoint] of Object.entries(container.NetworkSettings?.Networks ?? {})) {
      if (key !== network.Name && endpoint.NetworkID !== network.Id) continue;
      // The engine lists the container's short id among its own aliases; people gave the others.
      const aliases = (endpoint.Aliases ?? []).filter((a) => !container.Id.startsWith(a));
      members.push({
        id: container.Id,
        name: containerNameOf(container),
        state: container.State ?? 'unknown',
        ipv4: endpoint.IPAddress ?? '',
        aliases,
      });
      break;
    }
  }
  return members.sort((a, b) => a.name.localeCompare(b.name));
}

export function toNetworkSummaries(networks: RawNetwork[], containers: RawContainer[]): NetworkSummary[] {
  return networks
    .map((n) => {
      const created = n.Created ? new Date(n.Created) : undefined;
      return {
        id: n.Id,
        name: n.Name,
        driver: n.Driver ?? '',
        scope: n.Scope ?? 'local',
        internal: n.Internal ?? false,
        builtIn: isBuiltInNetwork(n.Name),
        created: created && !Number.isNaN(created.getTime()) ? created : undefined,
        labels: n.Labels ?? {},
        subnets: (n.IPAM?.Config ?? []).map((c) => c.Subnet ?? '').filter(Boolean),
        containers: membersOf(n, containers),
      };
    })
    .sort((a, b) => Number(b.builtIn) - Number(a.builtIn) || a.name.localeCompare(b.name));
}

/** "web (running), db (exited)". */
export function describeMembers(members: NetworkMember[]): string {
  return members.map((m) => `${m.name} (${m.state})`).join(', ');
}
