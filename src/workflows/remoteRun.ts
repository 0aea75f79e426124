/**
 * What Run Image… needs on an engine on another machine (phase B's run form uses these):
 * where a published port is reached (the engine's host, not localhost), and whether host
 * folders exist there: checked on the engine, not with a local stat. No `vscode`.
 */
import { execFile } from 'node:child_process';
import type { EngineEndpoint } from '../engine/connection';
import type { ContainerEngine } from '../engine/engine';
import { OWNER_LABEL, OWNER_VALUE, PURPOSE_LABEL } from '../engine/engine';
import { CancelledError, EngineRequestError } from '../engine/errors';
import { parseSshAddress } from '../engine/sshAddress';
import { findProgram } from '../engine/sshTransport';

export const FOLDER_CHECK_PURPOSE = 'folder-check';

/** `ssh -G host` output: the host name, port and user ~/.ssh/config resolves an alias to. */
export function parseSshConfigDump(text: string): { hostname?: string; port?: number; user?: string } {
  const out: { hostname?: string; port?: number; user?: string } = {};
  for (const line of text.split('\n')) {
    const [key, ...rest] = line.trim().split(/\s+/);
    const value = rest.join(' ');
    if (!value) continue;
    if (key.toLowerCase() === 'hostname') out.hostname = value;
    else if (key.toLowerCase() === 'port') out.port = Number(value);
    else if (key.toLowerCase() === 'user') out.user = value;
  }
  return out;
}

/**
 * The host a published port of this engine is reached at: localhost for a local socket,
 * the address's host for tcp://, and for ssh:// the HostName the alias resolves to (given
 * by `sshHostName`, see resolveSshHostName). A port published on 127.0.0.1 of another
 * machine is not reachable from here at all: undefined then.
 */
export function engineHostForPorts(endpoint: Pick<EngineEndpoint, 'host'>, portHostIp?: string, sshHostName?: string): string | undefined {
  const address = endpoint.host;
  if (address.startsWith('unix://') || address.startsWith('npipe://')) return 'localhost';
  let host: string;
  if (address.startsWith('ssh://')) host = sshHostName ?? parseSshAddress(address).host;
  else host = new URL(address.replace(/^tcp:/, 'http:')).hostname.replace(/^\[(.*)\]$/, '$1');
  const anyAddress = !portHostIp || portHostIp === '0.0.0.0' || portHostIp === '::';
  if (!anyAddress) {
    // Bound to one address of the engine's machine: loopback there is not reachable from here.
    if (/^127\.|^::1$/.test(portHostIp)) return /^(localhost|127\.|::1$)/.test(host) ? host : undefined;
    return portHostIp;
  }
  return host;
}

/** The HostName ~/.ssh/config gives an ssh:// address's host (an alias), asking `ssh -G`; the host itself without ssh. */
export function resolveSshHostName(address: string, env: Record<string, string | undefined> = process.env): Promise<string> {
  const target = parseSshAddress(address);
  const ssh = findProgram('ssh', env);
  if (!ssh) return Promise.resolve(target.host);
  return new Promise((resolve) => {
    execFile(ssh, ['-G', '--', target.host], { env: env, timeout: 10_000 }, (err, stdout) => {
      resolve(err ? target.host : (parseSshConfigDump(stdout).hostname ?? target.host));
    });
  });
}

export type EngineFolderState = 'exists' | 'missing';

/** "bind source path does not exist: /srv/data" (Docker), "statfs /srv/data: no such file or directory" (Podman). */
export function missingBindSource(message: string): string | undefined {
  return (
    /bind source path does not exist: (\S+)/.exec(message)?.[1] ?? /(?:statfs|stat) ([^:]+): no such file or directory/.exec(message)?.[1]
  );
}

/**
 * Whether each folder exists on the engine's machine: a container of `image` is created
 * (never started) with the folders bind-mounted read-only; the engine refuses one whose
 * source is missing, naming it. One create per missing folder at most; the container is
 * removed each time.
 */
export async function checkEngineFolders(
  engine: ContainerEngine,
  image: string,
  folders: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, EngineFolderState>> {
  const states = new Map<string, EngineFolderState>();
  let pending = [...new Set(folders)];
  while (pending.length > 0) {
    if (signal?.aborted) throw new CancelledError();
    let id: string | undefined;
    try {
      id = await engine.create(
        {
          image,
          network: 'none',
          volumes: pending.map((hostPath, i) => ({ hostPath, containerPath: `/container-workflows-check/${i}`, readOnly: true })),
          labels: { [OWNER_LABEL]: OWNER_VALUE, [PURPOSE_LABEL]: FOLDER_CHECK_PURPOSE },
        },
        signal,
      );
      for (const folder of pending) states.set(folder, 'exists');
      pending = [];
    } catch (err) {
      const missing = err instanceof EngineRequestError ? missingBindSource(err.message) : undefined;
      if (!missing || !pending.includes(missing)) throw err;
      states.set(missing, 'missing');
      pending = pending.filter((f) => f !== missing);
    } finally {
      if (id) await engine.remove(id, { force: true }).catch(() => undefined);
    }
  }
  return states;
}

/** Host folders of a run that the engine's machine does not have: said with where they were looked for. */
export function missingOnEngineMessage(missing: readonly string[], where: string): string {
  const what = missing.length === 1 ? `${missing[0]} does not exist` : `${missing.length} host folders do not exist`;
  return `${what} on the engine's machine (${where}). Host folders of a run are paths on that machine, not on this one: create ${missing.length === 1 ? 'it' : 'them'} there, or pick another folder.`;
}

/** Where this engine's published ports are reached from here (ssh aliases resolved through `ssh -G`); undefined when they cannot be. */
export async function portHostOf(
  endpoint: Pick<EngineEndpoint, 'host'>,
  portHostIp?: string,
  env: Record<string, string | undefined> = process.env,
): Promise<string | undefined> {
  const sshHostName = endpoint.host.startsWith('ssh://') ? await resolveSshHostName(endpoint.host, env) : undefined;
  return engineHostForPorts(endpoint, portHostIp, sshHostName);
}
