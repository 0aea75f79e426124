/**
 * The rows of "Use Docker Context…": the contexts on disk, `default` first (named for what
 * it means here), the one in use marked. Pure: unit-tested without VS Code.
 */
import { type DockerContextSummary, DEFAULT_CONTEXT } from '../engine/dockerContexts';
import type { EngineEndpoint } from '../engine/connection';

export const DEFAULT_CONTEXT_LABEL = 'Default (DOCKER_HOST / local socket)';

export interface ContextPickItem {
  label: string;
  description: string;
  detail: string;
  /** The name stored for this workspace when picked. */
  contextName: string;
  picked: boolean;
}

const tlsWords: Record<DockerContextSummary['tls'], string> = { none: '', verify: 'TLS', noVerify: 'TLS, engine not verified' };

/** The context in use: the workspace's choice, else the one the engine came from, else `default`. */
export function contextInUse(chosen: string | undefined, endpoint: EngineEndpoint | undefined, currentOnDisk: string): string {
  if (chosen) return chosen;
  if (endpoint) return endpoint.contextName ?? DEFAULT_CONTEXT;
  return currentOnDisk;
}

export function contextPickItems(contexts: readonly DockerContextSummary[]): ContextPickItem[] {
  return contexts.map((c) => {
    const isDefault = c.name === DEFAULT_CONTEXT;
    const facts = [c.host, tlsWords[c.tls]].filter(Boolean).join(' · ');
    return {
      label: `${c.current ? '$(check)' : '$(blank)'} ${isDefault ? DEFAULT_CONTEXT_LABEL : c.name}`,
      description: c.current ? `in use · ${facts}` : facts,
      detail: isDefault ? 'containerWorkflows.engine.host, else DOCKER_HOST, else the local engine socket' : c.description,
      contextName: c.name,
      picked: c.current,
    };
  });
}

/** What to say once the switch is done. */
export function switchedMessage(item: Pick<ContextPickItem, 'contextName'>, host: string, answered: boolean): string {
  const name = item.contextName === DEFAULT_CONTEXT ? DEFAULT_CONTEXT_LABEL : `Docker context "${item.contextName}"`;
  return answered
    ? `This window now uses ${name} (${host}). Remembered for this workspace.`
    : `This window now uses ${name} (${host}), but the engine there does not answer yet.`;
}
