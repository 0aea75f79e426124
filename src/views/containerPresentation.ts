/**
 * How a container looks in the Containers view: label, description, tooltip, icon and
 * the `contextValue` that menus match, plus the running / stopped grouping and the
 * "only mine" filter. Pure (no `vscode`): the tree items copy these fields, and the unit
 * tests and the benchmark use them without an editor.
 */
import { isOwned, isUp } from '../engine/containerPredicates';
import type { ContainerState, ContainerSummary, PublishedPort } from '../engine/engine';
import { escapeMarkdown, formatAge, shortId } from './format';

/** Which containers the view lists: all of the engine's, or those this extension started. */
export type ContainersScope = 'all' | 'owned';

export type ContainerGroupKind = 'running' | 'stopped';

/** A codicon id and an optional theme color id, turned into a ThemeIcon by the tree. */
export interface IconSpec {
  id: string;
  color?: string;
}

export interface ContainerView {
  container: ContainerSummary;
  label: string;
  description: string;
  /** Markdown. */
  tooltip: string;
  contextValue: string;
  icon: IconSpec;
}

export interface ContainerGroup {
  kind: ContainerGroupKind;
  label: string;
  containers: ContainerView[];
}

/** Only published ports (with a host port), IPv4 and IPv6 bindings of one port counted once. */
export function publishedPorts(ports: readonly PublishedPort[]): PublishedPort[] {
  const seen = new Set<string>();
  const out: PublishedPort[] = [];
  for (const p of ports) {
    if (p.hostPort === undefined) continue;
    const key = `${p.hostPort}:${p.containerPort}/${p.protocol}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out.sort((a, b) => a.hostPort! - b.hostPort! || a.containerPort - b.containerPort);
}

/** "8080→80, 5353→53/udp": host port, arrow, container port; tcp goes without saying. */
export function formatPorts(ports: readonly PublishedPort[]): string {
  return publishedPorts(ports)
    .map((p) => `${p.hostPort}→${p.containerPort}${p.protocol === 'udp' ? '/udp' : ''}`)
    .join(', ');
}

/**
 * `runningContainer`, `exitedContainer`, `createdContainer`, `pausedContainer`, … then
 * markers menus can match with a regex: `.owned` when this extension started it, `.ports`
 * when it publishes a port (Open in Browser). E.g. `runningContainer.owned.ports`.
 */
export function containerContextValue(container: ContainerSummary): string {
  let value = `${container.state}Container`;
  if (isOwned(container)) value += '.owned';
  if (publishedPorts(container.ports).length > 0) value += '.ports';
  return value;
}

export function containerIcon(state: ContainerState): IconSpec {
  switch (state) {
    case 'running':
      return { id: 'vm-running', color: 'charts.green' };
    case 'paused':
      return { id: 'debug-pause', color: 'charts.yellow' };
    case 'restarting':
      return { id: 'sync', color: 'charts.yellow' };
    case 'removing':
      return { id: 'trash' };
    case 'dead':
      return { id: 'error', color: 'errorForeground' };
    case 'created':
    case 'exited':
      return { id: 'vm-outline' };
  }
}

/** "debian:bookworm-slim · Up 3 minutes · 8080→80". */
export function containerDescription(container: ContainerSummary): string {
  const parts = [container.image, container.status || container.state];
  const ports = formatPorts(container.ports);
  if (ports) parts.push(ports);
  return parts.join(' · ');
}

export function containerTooltip(container: ContainerSummary, now: Date = new Date()): string {
  const lines = [
    `**${escapeMarkdown(container.name)}** \`${shortId(container.id)}\``,
    '',
    `Image: ${escapeMarkdown(container.image)}`,
    '',
    `Status: ${escapeMarkdown(container.status || container.state)} (${container.state})`,
    '',
    `Created: ${formatAge(container.created, now)}`,
  ];
  const ports = publishedPorts(container.ports);
  if (ports.length > 0) {
    lines.push(
      '',
      `Ports: ${ports.map((p) => `${p.hostIp && !isAnyAddress(p.hostIp) ? `${p.hostIp}:` : ''}${p.hostPort} → ${p.containerPort}/${p.protocol}`).join(', ')}`,
    );
  }
  if (isOwned(container)) {
    lines.push('', '_Started by Container Workflows_');
  }
  return lines.join('\n');
}

export function isAnyAddress(hostIp: string | undefined): boolean {
  return !hostIp || hostIp === '0.0.0.0' || hostIp === '::' || hostIp === '[::]';
}

/** The address a browser on this machine uses for a published port. */
export function portUrl(port: PublishedPort): string {
  const host = isAnyAddress(port.hostIp) ? 'localhost' : port.hostIp!.includes(':') ? `[${port.hostIp}]` : port.hostIp!;
  return `http://${host}:${port.hostPort}`;
}

export function describeContainer(container: ContainerSummary, now: Date = new Date()): ContainerView {
  return {
    container,
    label: container.name,
    description: containerDescription(container),
    tooltip: containerTooltip(container, now),
    contextValue: containerContextValue(container),
    icon: containerIcon(container.state),
  };
}

export function filterByScope(containers: readonly ContainerSummary[], scope: ContainersScope): ContainerSummary[] {
  return scope === 'owned' ? containers.filter(isOwned) : [...containers];
}

/**
 * The two groups, Running first, each sorted by name so rows keep their place while the
 * engine's list order changes. Empty groups are kept: the layout stays put when the last
 * container stops.
 */
export function groupContainers(containers: readonly ContainerSummary[], scope: ContainersScope, now: Date = new Date()): ContainerGroup[] {
  const running: ContainerView[] = [];
  const stopped: ContainerView[] = [];
  const visible = filterByScope(containers, scope).sort((a, b) => a.name.localeCompare(b.name));
  for (const c of visible) {
    (isUp(c.state) ? running : stopped).push(describeContainer(c, now));
  }
  return [
    { kind: 'running', label: 'Running', containers: running },
    { kind: 'stopped', label: 'Stopped', containers: stopped },
  ];
}
