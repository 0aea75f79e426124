/**
 * Why an ssh connection to an engine failed, read from what ssh (or the remote docker CLI)
 * printed on stderr and its exit code, with what the person can do about it. Pure.
 *
 * In batch mode ssh refuses instead of asking, so an unknown host key, a changed one, a
 * missing key all end here, and the message says the exact command that fixes it.
 */
import { type EngineProblem, EngineUnavailableError } from './errors';
import { type SshTarget, describeSshTarget, knownHostsName, sshKeyscanCommand, sshLoginCommand } from './sshAddress';

export type SshFailureKind =
  | 'hostKeyUnknown'
  | 'hostKeyChanged'
  | 'hostKeyRevoked'
  | 'permissionDenied'
  | 'unresolved'
  | 'refused'
  | 'timedOut'
  | 'noDocker'
  | 'remoteEngineDown'
  | 'remoteEnginePermission'
  | 'noSshClient'
  | 'other';

export interface SshFailure {
  kind: SshFailureKind;
  problem: EngineProblem;
}

/** An ssh connection to the engine that did not come up; `stderr` holds ssh's own words. */
export class SshConnectionError extends EngineUnavailableError {
  constructor(
    readonly failure: SshFailureKind,
    problem: EngineProblem,
    readonly stderr: string,
  ) {
    super(problem);
    this.name = 'SshConnectionError';
  }
}

const patterns: { kind: SshFailureKind; test: RegExp }[] = [
  { kind: 'hostKeyChanged', test: /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/i },
  { kind: 'hostKeyRevoked', test: /is marked as revoked|REVOKED HOST KEY/i },
  {
    kind: 'hostKeyUnknown',
    test: /Host key verification failed|No \S+ host key is known for|authenticity of host .* can't be established/i,
  },
  {
    kind: 'permissionDenied',
    test: /Permission denied \((publickey|password|keyboard-interactive|gssapi)|Too many authentication failures|no more authentication methods/i,
  },
  { kind: 'unresolved', test: /Could not resolve hostname|Name or service not known|nodename nor servname/i },
  { kind: 'refused', test: /Connection refused/i },
  {
    kind: 'timedOut',
    test: /Connection timed out|Operation timed out|No route to host|Network is unreachable|Connection closed by .* port|kex_exchange_identification/i,
  },
  { kind: 'remoteEnginePermission', test: /permission denied while trying to connect to the Docker daemon/i },
  { kind: 'remoteEngineDown', test: /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect/i },
  {
    kind: 'noDocker',
    test: /docker: (command )?not found|docker: No such file|unknown command "dial-stdio"|'dial-stdio' is not a docker command/i,
  },
];

/** The kind of failure, from stderr first, then from the exit code. */
export function sshFailureKind(stderr: string, exitCode: number | null): SshFailureKind {
  for (const { kind, test } of patterns) {
    if (test.test(stderr)) return kind;
  }
  // 127: the remote shell found no such command.
  if (exitCode === 127) return 'noDocker';
  return 'other';
}

/** The command ssh itself suggests for removing an old key ("ssh-keygen -f … -R …"), when it printed one. */
function suggestedRemoval(stderr: string, target: SshTarget): string {
  const printed = /ssh-keygen -f "?[^\n"]+"? -R "?[^\n"]+"?/.exec(stderr)?.[0];
  return printed ?? `ssh-keygen -R '${knownHostsName(target.host, target.port)}'`;
}

function lastLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^@+$/.test(l));
  return lines[lines.length - 1] ?? '';
}

export function describeSshFailure(kind: SshFailureKind, target: SshTarget, stderr: string, exitCode: number | null): EngineProblem {
  const where = describeSshTarget(target);
  const login = sshLoginCommand(target);
  switch (kind) {
    case 'hostKeyUnknown':
      return {
        kind: 'unreachable',
        summary: `The ssh host key of ${where} is not known on this machine, so the connection was refused (nothing is accepted without you).`,
        action: `Connect once in a terminal to check its fingerprint and accept it: ${login} (or, after checking the fingerprint, ${sshKeyscanCommand(target)}); then retry.`,
      };
    case 'hostKeyChanged':
      return {
        kind: 'unreachable',
        summary: `The ssh host key of ${where} has changed since it was trusted: someone may be in between, or the server was reinstalled. The connection was refused.`,
        action: `Only if you know why it changed, remove the old key (${suggestedRemoval(stderr, target)}), then connect once in a terminal to accept the new one: ${login}.`,
      };
    case 'hostKeyRevoked':
      return {
        kind: 'unreachable',
        summary: `The ssh host key of ${where} is marked as revoked in known_hosts; the connection was refused.`,
        action: "Ask the server's administrator for its current key; do not remove the revocation without knowing why it is there.",
      };
    case 'permissionDenied':
      return {
        kind: 'permissionDenied',
        summary: `ssh to ${where} was refused: no key it accepts (${lastLine(stderr) || 'permission denied'}).`,
        action: `Load your key into the agent (ssh-add), or name it with IdentityFile in ~/.ssh/config, and check that "${login}" works in a terminal without asking for a password.`,
      };
    case 'unresolved':
      return {
        kind: 'unreachable',
        summary: `Cannot resolve the ssh host ${target.host}.`,
        action: 'Check the name in the engine address, or add a Host entry for it to ~/.ssh/config.',
      };
    case 'refused':
      return {
        kind: 'unreachable',
        summary: `${where} refused the ssh connection: no ssh server listens there.`,
        action: 'Check the host and port of the engine address, and that the ssh server runs there.',
      };
    case 'timedOut':
      return {
        kind: 'unreachable',
        summary: `Cannot reach ${where} over ssh (${lastLine(stderr) || 'no answer'}).`,
        action: 'Check the network, a VPN or ProxyJump the host needs, and the engine address.',
      };
    case 'noDocker':
      return {
        kind: 'notInstalled',
        summary: `${where} answers over ssh, but has no docker command there that can run "docker system dial-stdio".`,
        action: 'Install the docker CLI on that machine (Docker Engine, or podman-docker for Podman), then retry.',
      };
    case 'remoteEngineDown':
      return {
        kind: 'notRunning',
        summary: `ssh to ${where} works, but the engine there does not answer (${lastLine(stderr)}).`,
        action: `Start the engine on that machine (sudo systemctl start docker), and check that "${login} docker version" works.`,
      };
    case 'remoteEnginePermission':
      return {
        kind: 'permissionDenied',
        summary: `ssh to ${where} works, but that user may not use the engine there.`,
        action: 'Add the user to the docker group on that machine (sudo usermod -aG docker USER), or connect as a user who may.',
      };
    case 'noSshClient':
      return {
        kind: 'misconfigured',
        summary: 'No ssh client was found to reach the engine.',
        action: 'Install OpenSSH (openssh-client), or set containerWorkflows.engine.host to a tcp:// or unix:// address.',
      };
    case 'other':
      return {
        kind: 'unreachable',
        summary: `The ssh connection to ${where} failed${exitCode !== null ? ` (exit code ${exitCode})` : ''}: ${lastLine(stderr) || 'ssh said nothing'}.`,
        action: `Check that "${login} docker version" works in a terminal.`,
      };
  }
}

export function sshConnectionError(
  target: SshTarget,
  stderr: string,
  exitCode: number | null,
  kind: SshFailureKind = sshFailureKind(stderr, exitCode),
): SshConnectionError {
  return new SshConnectionError(kind, describeSshFailure(kind, target, stderr, exitCode), stderr);
}
