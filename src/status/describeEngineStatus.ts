/** The status bar's words for each engine state. Pure, so unit tests read it without VS Code. */
import { describeHost } from '../engine/connection';
import type { EngineStatus } from '../engine/engineMonitor';
import type { EngineProblemKind } from '../engine/errors';

const problemLabels: Record<EngineProblemKind, string> = {
  notInstalled: 'No engine',
  notRunning: 'Engine not running',
  permissionDenied: 'Engine: permission denied',
  unreachable: 'Engine unreachable',
  misconfigured: 'Engine address invalid',
};

export function describeStatus(status: EngineStatus): { text: string; tooltip: string; warning: boolean } {
  switch (status.state) {
    case 'checking':
      return { text: '$(sync~spin) Engine…', tooltip: 'Connecting to the container engine…', warning: false };
    case 'connected': {
      const name = status.version.platformName?.toLowerCase().includes('podman') ? 'Podman' : 'Docker';
      // A context is named by its name (the person chose it by that name); any other engine by where it is.
      const where = status.endpoint.contextName ?? shortHost(describeHost(status.endpoint));
      const from = status.endpoint.contextName
        ? `the Docker context "${status.endpoint.contextName}"`
        : sourceLabel(status.endpoint.source);
      return {
        text: `$(vm-active) ${name} ${status.version.version} · ${where}`,
        tooltip: `${name} ${status.version.version} (API ${status.version.apiVersion}, ${status.version.os}/${status.version.arch})\n${status.endpoint.host} (from ${from})\nClick to reconnect; "Use Docker Context…" switches engines.`,
        warning: false,
      };
    }
    case 'unavailable':
      return {
        text: `$(vm-outline) ${problemLabels[status.problem.kind]}`,
        tooltip: `${status.problem.summary}\n${status.problem.action}\nClick to retry.`,
        warning: true,
      };
  }
}

/** Keeps the status bar short: ~ for home, and only the last two parts of a long path. */
export function shortHost(host: string, home = process.env.HOME ?? ''): string {
  let short = home && host.startsWith(home + '/') ? `~${host.slice(home.length)}` : host;
  if (short.length > 32 && short.includes('/')) {
    short = `…/${short.split('/').slice(-2).join('/')}`;
  }
  return short;
}

function sourceLabel(source: string): string {
  switch (source) {
    case 'setting':
      return 'containerWorkflows.engine.host';
    case 'context':
      return 'the Docker context';
    case 'default':
      return 'the default socket';
    default:
      return source;
  }
}
