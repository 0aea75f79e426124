/**
 * An `ssh://[user@]host[:port]` engine address and the OpenSSH command line that reaches
 * the engine behind it, the way the docker CLI does it: `ssh … -- host docker system
 * dial-stdio`, whose stdin/stdout then carry the engine API. Pure.
 */
import { EndpointConfigError } from './connection';
import { shellQuote } from './runArgs';

export interface SshTarget {
  /** A host name, an address, or a `Host` alias of ~/.ssh/config (its HostName, Port, User apply). */
  host: string;
  user?: string;
  /** Only when the address names one: otherwise ~/.ssh/config (or 22) decides. */
  port?: number;
}

/** The command the remote side runs: it connects its stdin/stdout to the remote engine. */
export const DIAL_STDIO = ['docker', 'system', 'dial-stdio'];

export function parseSshAddress(address: string): SshTarget {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new EndpointConfigError(`"${address}" is not an ssh address. Use ssh://user@host or ssh://user@host:port.`);
  }
  if (url.protocol !== 'ssh:') {
    throw new EndpointConfigError(`"${address}" is not an ssh address. Use ssh://user@host or ssh://user@host:port.`);
  }
  // IPv6 literals come bracketed from URL; ssh wants them bare.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host || host.startsWith('-')) {
    // A leading "-" would be read by ssh as an option.
    throw new EndpointConfigError(`"${address}" names no usable host. Use ssh://user@host.`);
  }
  if (url.password) {
    throw new EndpointConfigError(
      `"${address}" contains a password. ssh addresses take keys or the agent, never a password in the address.`,
    );
  }
  if (url.pathname && url.pathname !== '/') {
    throw new EndpointConfigError(`"${address}" has a path (${url.pathname}); an ssh engine address is ssh://user@host[:port] only.`);
  }
  const user = decodeURIComponent(url.username);
  if (user.startsWith('-')) {
    throw new EndpointConfigError(`"${address}" names an unusable user "${user}".`);
  }
  const target: SshTarget = { host };
  if (user) target.user = user;
  if (url.port) target.port = Number(url.port);
  return target;
}

/**
 * The arguments for the system's `ssh`. BatchMode: ssh never asks anything (a password, an
 * unknown host key), it fails and says why on stderr, which we read. Everything else comes
 * from the person's ~/.ssh/config and agent, exactly as in their terminal.
 */
export function sshArguments(target: SshTarget, remoteCommand: readonly string[] = DIAL_STDIO): string[] {
  const args = ['-o', 'BatchMode=yes', '-T'];
  if (target.user) args.push('-l', target.user);
  if (target.port !== undefined) args.push('-p', String(target.port));
  args.push('--', target.host, ...remoteCommand);
  return args;
}

/** What the person types to connect once in a terminal (to check and accept a host key). */
export function sshLoginCommand(target: SshTarget): string {
  const words = ['ssh'];
  if (target.port !== undefined && target.port !== 22) words.push('-p', String(target.port));
  words.push(target.user ? `${target.user}@${target.host}` : target.host);
  return words.map(shellQuote).join(' ');
}

/** How known_hosts names the host: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number | undefined): string {
  return port === undefined || port === 22 ? host : `[${host}]:${port}`;
}

/** The command that adds the host's keys to known_hosts without a connection (check the fingerprint first). */
export function sshKeyscanCommand(target: SshTarget): string {
  const words = ['ssh-keyscan'];
  if (target.port !== undefined && target.port !== 22) words.push('-p', String(target.port));
  words.push(target.host);
  return `${words.map(shellQuote).join(' ')} >> ~/.ssh/known_hosts`;
}

/** A short name for messages: user@host:port as given. */
export function describeSshTarget(target: SshTarget): string {
  return `${target.user ? `${target.user}@` : ''}${target.host}${target.port !== undefined ? `:${target.port}` : ''}`;
}
