/**
 * Which ssh transport an `ssh://` engine gets: the system's OpenSSH client when there is
 * an `ssh` program on PATH (the docker CLI's way, with ~/.ssh/config and known_hosts), else
 * ssh2 with host keys checked against known_hosts. Also the one place that ends an engine's
 * ssh connections (`closeEngineConnections`), for when a window switches engines.
 */
import * as fs from 'node:fs';
import type * as http from 'node:http';
import * as path from 'node:path';
import { Ssh2DialAgent } from './ssh2DialAgent';
import { parseSshAddress } from './sshAddress';
import { SshDialAgent } from './sshDialAgent';

export type SshClientKind = 'openssh' | 'ssh2';

/** The first `name` (name.exe on Windows) on the PATH of `env`, or undefined. */
export function findProgram(
  name: string,
  env: Record<string, string | undefined>,
  platform: NodeJS.Platform = process.platform,
  isFile: (p: string) => boolean = (p) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false,
): string | undefined {
  const separator = platform === 'win32' ? ';' : ':';
  const join = (...parts: string[]): string => (platform === 'win32' ? path.win32.join(...parts) : path.posix.join(...parts));
  const names = platform === 'win32' ? [`${name}.exe`, name] : [name];
  const pathValue = env.PATH ?? env.Path ?? '';
  for (const dir of pathValue.split(separator)) {
    if (!dir) continue;
    for (const candidate of names) {
      const full = join(dir, candidate);
      if (isFile(full)) return full;
    }
  }
  return undefined;
}

export interface SshTransportChoice {
  kind: SshClientKind;
  /** The ssh program, for 'openssh'. */
  program?: string;
}

export function chooseSshTransport(
  env: Record<string, string | undefined>,
  find: (name: string) => string | undefined = (n) => findProgram(n, env),
): SshTransportChoice {
  const program = find('ssh');
  return program ? { kind: 'openssh', program } : { kind: 'ssh2' };
}

export type SshAgent = SshDialAgent | Ssh2DialAgent;

/** The agents made for each engine endpoint, so the engine's connections can be ended. */
const agentsByEndpoint = new WeakMap<object, Set<SshAgent>>();

/** An http.Agent that reaches the engine at `address` (ssh://…) over ssh; no connection is made until a request needs one. */
export function createSshAgent(
  address: string,
  env: Record<string, string | undefined>,
  owner?: object,
  choice: SshTransportChoice = chooseSshTransport(env),
): http.Agent {
  const target = parseSshAddress(address);
  const agent: SshAgent =
    choice.kind === 'openssh' && choice.program
      ? new SshDialAgent({ target, sshPath: choice.program, env })
      : new Ssh2DialAgent({ target, env });
  if (owner) {
    let set = agentsByEndpoint.get(owner);
    if (!set) agentsByEndpoint.set(owner, (set = new Set()));
    set.add(agent);
  }
  return agent;
}

/** The ssh agent already made for `endpoint`, so a second client of it shares its connections. */
export function sshAgentOf(endpoint: object): http.Agent | undefined {
  const agents = agentsByEndpoint.get(endpoint);
  return agents ? [...agents].pop() : undefined;
}

/**
 * Ends every ssh connection (and ssh process) of the engines made for `endpoint`; resolves
 * once they are gone. The engine can still be used afterwards: a new request connects anew.
 */
export async function closeEngineConnections(endpoint: object): Promise<void> {
  const agents = agentsByEndpoint.get(endpoint);
  if (!agents) return;
  await Promise.all([...agents].map((a) => a.close()));
}

/** The ssh processes and connections the engines made for `endpoint` have open now (for tests). */
export function openSshConnections(endpoint: object): number {
  let count = 0;
  for (const agent of agentsByEndpoint.get(endpoint) ?? [])
    count += agent instanceof SshDialAgent ? agent.liveProcesses : agent.liveConnections;
  return count;
}
