/**
 * The engine API over the system's OpenSSH client, as the docker CLI does it: each
 * connection is one `ssh … -- host docker system dial-stdio` process, and its stdin/stdout
 * carry HTTP to the remote engine. ~/.ssh/config (Host aliases, ProxyJump, IdentityFile,
 * IdentityAgent, ControlMaster), the agent and known_hosts apply as in a terminal.
 *
 * The agent keeps a finished connection open for a while (HTTP keep-alive through the
 * pipe), so a burst of requests (a view refresh: list, inspect, inspect, …) pays the ssh
 * handshake once, not per request; an idle connection ends after `idleMs`. Streams (events,
 * logs, a build) hold a connection of their own while they run. An aborted request
 * destroys its socket, which ends its ssh process; `destroy()` ends every one.
 */
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { CommandSocket } from './commandSocket';
import { DIAL_STDIO, type SshTarget, sshArguments } from './sshAddress';
import { sshConnectionError } from './sshFailure';

export interface SshDialOptions {
  target: SshTarget;
  /** The ssh program to run (found on PATH by the caller). */
  sshPath: string;
  /** The environment of the ssh processes (PATH, HOME, SSH_AUTH_SOCK, …). */
  env: Record<string, string | undefined>;
  /** The remote command; `docker system dial-stdio` unless a test says otherwise. */
  remoteCommand?: readonly string[];
  /** How long an idle connection stays open for the next request. */
  idleMs?: number;
}

const DEFAULT_IDLE_MS = 15_000;

/** Every ssh process of every agent: none may outlive this process (a window closed, the CLI done). */
const everyLiveSocket = new Set<CommandSocket>();
let exitHookInstalled = false;
function killAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const socket of everyLiveSocket) socket.child.kill('SIGKILL');
  });
}

export class SshDialAgent extends http.Agent {
  private readonly live = new Set<CommandSocket>();
  /** How many ssh processes this agent has started (for tests and measurements). */
  spawned = 0;

  constructor(readonly options: SshDialOptions) {
    super({ keepAlive: true, maxFreeSockets: 2, timeout: options.idleMs ?? DEFAULT_IDLE_MS });
  }

  /** The ssh processes running now. */
  get liveProcesses(): number {
    return this.live.size;
  }

  override createConnection(): Duplex {
    const { target, sshPath, env } = this.options;
    const args = sshArguments(target, this.options.remoteCommand ?? DIAL_STDIO);
    const child = spawn(sshPath, args, { env: definedEnv(env), stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    this.spawned++;
    const socket = new CommandSocket(
      child,
      (stderr, code, received) =>
        // Bytes came through: the connection worked and then broke (the engine or the network went away).
        received > 0
          ? Object.assign(new Error(`the ssh connection ended: ${stderr.trim() || `exit code ${code}`}`), { code: 'ECONNRESET' })
          : sshConnectionError(target, stderr, code),
      (err) => sshConnectionError(target, `${sshPath}: ${err.message}`, null, 'noSshClient'),
    );
    this.live.add(socket);
    everyLiveSocket.add(socket);
    killAllOnExit();
    void socket.childClosed.then(() => {
      this.live.delete(socket);
      everyLiveSocket.delete(socket);
    });
    return socket;
  }

  /** Ends every connection and its ssh process; resolves once they are all gone. */
  async close(): Promise<void> {
    this.destroy();
    const running = [...this.live];
    for (const socket of running) socket.destroy();
    await Promise.all(running.map((s) => s.childClosed));
  }

  override destroy(): void {
    super.destroy();
    for (const socket of this.live) socket.destroy();
  }
}

function definedEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
