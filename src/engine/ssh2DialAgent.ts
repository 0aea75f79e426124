/**
 * The ssh path for machines without an `ssh` program: ssh2 in-process, with the host key
 * checked against known_hosts (~/.ssh/known_hosts, known_hosts2, /etc/ssh/ssh_known_hosts;
 * hashed names too). A host that is not listed, or listed with another key, is refused
 * with the same messages as OpenSSH's batch mode; nothing is accepted unseen. Keys: the
 * agent (SSH_AUTH_SOCK), then the first default key file (~/.ssh/id_ed25519, id_ecdsa,
 * id_rsa) that needs no passphrase. ~/.ssh/config is not read on this path.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as Ssh2Module from 'ssh2';
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import type { Client, ClientChannel, ConnectConfig } from 'ssh2';
import { CommandSocket, type PipedProcess } from './commandSocket';
import { type HostKeyVerdict, fingerprint, parseKnownHosts, verifyHostKey } from './knownHosts';
import { DIAL_STDIO, type SshTarget, knownHostsName } from './sshAddress';
import { type SshFailureKind, sshConnectionError } from './sshFailure';

export interface Ssh2DialOptions {
  target: SshTarget;
  env: Record<string, string | undefined>;
  /** Where known_hosts files are looked for; the person's and the system's unless a test says otherwise. */
  knownHostsFiles?: string[];
  /** Key files to try, in order; ~/.ssh/id_* unless a test says otherwise. */
  identityFiles?: string[];
  remoteCommand?: readonly string[];
}

function homeOf(env: Record<string, string | undefined>): string {
  return env.HOME?.trim() || os.homedir();
}

export function defaultKnownHostsFiles(env: Record<string, string | undefined>): string[] {
  const ssh = path.join(homeOf(env), '.ssh');
  return [path.join(ssh, 'known_hosts'), path.join(ssh, 'known_hosts2'), '/etc/ssh/ssh_known_hosts'];
}

export function defaultIdentityFiles(env: Record<string, string | undefined>): string[] {
  const ssh = path.join(homeOf(env), '.ssh');
  return ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((name) => path.join(ssh, name));
}

function readIfThere(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** An ssh2 exec channel dressed as a process, so CommandSocket can carry it like `ssh`'s pipes. */
class ChannelProcess extends EventEmitter implements PipedProcess {
  readonly stdin: ClientChannel;
  readonly stdout: ClientChannel;
  readonly stderr: ClientChannel['stderr'];
  private exitCode: number | null = null;

  constructor(
    private readonly client: Client,
    channel: ClientChannel,
  ) {
    super();
    this.stdin = channel;
    this.stdout = channel;
    this.stderr = channel.stderr;
    channel.on('exit', (code: number | null) => (this.exitCode = typeof code === 'number' ? code : null));
    channel.once('close', () => {
      client.end();
      this.emit('close', this.exitCode);
    });
  }

  kill(): boolean {
    this.client.end();
    return true;
  }

  ref(): void {
    (this.client as unknown as { _sock?: { ref?: () => void } })._sock?.ref?.();
  }

  unref(): void {
    (this.client as unknown as { _sock?: { unref?: () => void } })._sock?.unref?.();
  }
}

export class Ssh2DialAgent extends http.Agent {
  private readonly live = new Set<CommandSocket>();
  private readonly clients = new Set<Client>();

  constructor(readonly options: Ssh2DialOptions) {
    // One ssh2 connection per HTTP connection; no pooling on this rarely used path.
    super({ keepAlive: false });
  }

  override createConnection(_request: unknown, callback: (err: Error | null, socket?: Duplex) => void): undefined {
    const { target, env } = this.options;
    // Loaded only here: most machines have `ssh` and never take this path.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load needs require: an import would load ssh2 with the extension
    const { Client: Ssh2Client, utils } = require('ssh2') as typeof Ssh2Module;
    const client = new Ssh2Client();
    this.clients.add(client);
    const port = target.port ?? 22;
    const knownHostsName_ = knownHostsName(target.host, port);
    const entries = (this.options.knownHostsFiles ?? defaultKnownHostsFiles(env)).flatMap((f) => parseKnownHosts(readIfThere(f) ?? ''));
    let verdict: HostKeyVerdict | undefined;
    let offered = '';
    let settled = false;
    const fail = (kind: SshFailureKind | undefined, stderr: string) => {
      if (settled) return;
      settled = true;
      this.clients.delete(client);
      client.end();
      callback(sshConnectionError(target, stderr, null, kind));
    };
    const config: ConnectConfig = {
      host: target.host,
      port,
      username: target.user ?? env.USER ?? os.userInfo().username,
      readyTimeout: 20_000,
      hostVerifier: (key: Buffer) => {
        verdict = verifyHostKey(entries, knownHostsName_, key);
        offered = fingerprint(key);
        return verdict === 'trusted';
      },
    };
    if (env.SSH_AUTH_SOCK) config.agent = env.SSH_AUTH_SOCK;
    for (const file of this.options.identityFiles ?? defaultIdentityFiles(env)) {
      const text = readIfThere(file);
      if (text && !(utils.parseKey(text) instanceof Error)) {
        config.privateKey = text;
        break;
      }
    }
    client.on('error', (err: Error & { level?: string; code?: string }) => {
      if (verdict && verdict !== 'trusted') {
        const said = {
          unknown: 'Host key verification failed.',
          changed: `Host key for ${knownHostsName_} has changed (the server offered ${offered}).`,
          revoked: `The host key ${offered} is marked as revoked.`,
        }[verdict];
        fail(verdict === 'unknown' ? 'hostKeyUnknown' : verdict === 'changed' ? 'hostKeyChanged' : 'hostKeyRevoked', said);
      } else if (err.level === 'client-authentication') {
        fail('permissionDenied', `Permission denied (publickey): ${err.message}`);
      } else if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') {
        fail('unresolved', `Could not resolve hostname ${target.host}`);
      } else if (err.code === 'ECONNREFUSED') {
        fail('refused', `connect to host ${target.host} port ${port}: Connection refused`);
      } else if (err.code === 'ETIMEDOUT' || err.code === 'EHOSTUNREACH' || err.code === 'ENETUNREACH' || err.level === 'client-timeout') {
        fail('timedOut', `connect to host ${target.host} port ${port}: ${err.message}`);
      } else {
        fail(undefined, err.message);
      }
    });
    client.on('ready', () => {
      client.exec((this.options.remoteCommand ?? DIAL_STDIO).join(' '), (err, channel) => {
        if (err) {
          fail(undefined, err.message);
          return;
        }
        if (settled) {
          client.end();
          return;
        }
        settled = true;
        const socket = new CommandSocket(new ChannelProcess(client, channel), (stderr, code, received) =>
          received > 0
            ? Object.assign(new Error(`the ssh connection ended: ${stderr.trim() || `exit code ${code}`}`), { code: 'ECONNRESET' })
            : sshConnectionError(target, stderr, code),
        );
        this.live.add(socket);
        void socket.childClosed.then(() => {
          this.live.delete(socket);
          this.clients.delete(client);
        });
        callback(null, socket);
      });
    });
    try {
      client.connect(config);
    } catch (err) {
      // A key ssh2 cannot use, a bad option: said before any connection.
      fail(undefined, (err as Error).message);
    }
    return undefined;
  }

  get liveConnections(): number {
    return this.clients.size;
  }

  override destroy(): void {
    super.destroy();
    for (const socket of this.live) socket.destroy();
    for (const client of this.clients) client.end();
  }

  async close(): Promise<void> {
    const running = [...this.live];
    this.destroy();
    await Promise.all(running.map((s) => s.childClosed));
  }
}
