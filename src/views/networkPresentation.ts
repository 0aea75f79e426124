/**
 * How the Networks view shows a network: name; driver, scope and members beside it; the
 * engine's own (bridge, host, none) marked and never offered for removal. Pure.
 */
import type { NetworkSummary } from '../engine/networks/networkMapping';
import { describeMembers } from '../engine/networks/networkMapping';
import { escapeMarkdown } from './format';

export interface NetworkView {
  network: NetworkSummary;
  label: string;
  description: string;
  tooltip: string;
  /** `network.builtIn`, `network.inUse` or `network`: Remove matches /^network(\.inUse)?$/. */
  contextValue: string;
}

export function membersText(network: NetworkSummary): string {
  const n = network.containers.length;
  return n === 0 ? 'no containers' : n === 1 ? network.containers[0].name : `${n} containers`;
}

export function networkView(network: NetworkSummary): NetworkView {
  const members = network.containers.map((m) => `- ${escapeMarkdown(m.name)} (${m.state})${m.ipv4 ? ` ${m.ipv4}` : ''}`);
  return {
    network,
    label: network.name,
    description: [network.builtIn ? 'built-in' : undefined, network.driver, network.scope, membersText(network)]
      .filter(Boolean)
      .join(' · '),
    tooltip: [
      `**${escapeMarkdown(network.name)}**${network.builtIn ? ' (made by the engine, cannot be removed)' : ''}`,
      `Driver: ${escapeMarkdown(network.driver)} · scope ${escapeMarkdown(network.scope)}${network.internal ? ' · internal' : ''}`,
      network.subnets.length ? `Subnets: ${network.subnets.join(', ')}` : undefined,
      members.length ? `Containers:\n\n${members.join('\n')}` : 'No container is attached.',
    ]
      .filter(Boolean)
      .join('\n\n'),
    contextValue: network.builtIn ? 'network.builtIn' : network.containers.length > 0 ? 'network.inUse' : 'network',
  };
}

/** Why a network cannot be removed now, or undefined when it can be (after asking). */
export function networkRemovalRefusal(network: NetworkSummary): string | undefined {
  if (network.builtIn) return `${network.name} is one of the engine's own networks: it cannot be removed.`;
  if (network.containers.length === 0) return undefined;
  return `The network ${network.name} has ${describeMembers(network.containers)} attached: remove ${network.containers.length === 1 ? 'that container' : 'those containers'} (or disconnect them) first.`;
}
