/**
 * An sshd on 127.0.0.1 (Debian's openssh-server) in front of a test engine: host key,
 * client key and known_hosts made here; `SetEnv DOCKER_HOST=…` makes `docker system
 * dial-stdio` in every session reach the engine the test names. The client side has its
 * own folder too: an ssh config (Host aliases, IdentityFile, UserKnownHostsFile, no agent),
 * and an `ssh` on a PATH of its own that runs the system's ssh with `-F` that config, so
 * the transport finds and runs "the system's ssh" exactly as for a person, and the real
 * ~/.ssh is never read or written.
 *
 *   cwtest      this server, its host key known
 *   cwunknown   this server, known_hosts empty (the key must be refused)
 *   cwchanged   this server, known_hosts with another key for it
 *   cwdenied    this server, as a user it does not let in
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort, killAll, logTail, processesUnder, stopChild, waitUntilAnswering } from './serviceTools';

/** Processes whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) found.push(Number(entry));
    } catch {
      // ended meanwhile
    }
  }
  return found;
}

export class SshServer {
  private daemon: ChildProcess | undefined;
  readonly clientBin: string;
  readonly clientConfig: string;
  readonly knownHosts: string;
  readonly clientKey: string;
  private readonly logFile: string;

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {
    this.clientBin = path.join(dir, 'client', 'bin');
    this.clientConfig = path.join(dir, 'client', 'config');
    this.knownHosts = path.join(dir, 'client', 'known_hosts');
    this.clientKey = path.join(dir, 'client', 'id_ed25519');
    this.logFile = path.join(dir, 'sshd.log');
  }

  /** Starts sshd; sessions get `DOCKER_HOST=engineHost`. */
  static async start(engineHost: string): Promise<SshServer> {
    const dir = fs.mkdtempSync('/var/tmp/cws-');
    const server = new SshServer(dir, await freePort());
    try {
      server.writeFiles(engineHost);
      await server.startDaemon();
    } catch (err) {
      await server.dispose();
      throw err;
    }
    return server;
  }

  /** The environment for the project's engine (and a docker CLI) as this machine's user: our ssh first on PATH, a HOME of its own. */
  clientEnv(): Record<string, string> {
    return { PATH: `${this.clientBin}:${process.env.PATH ?? '/usr/bin:/bin'}`, HOME: path.join(this.dir, 'client', 'home') };
  }

  private writeFiles(engineHost: string): void {
    const keygen = (file: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
    const client = path.join(this.dir, 'client');
    for (const d of [client, this.clientBin, path.join(client, 'home')]) fs.mkdirSync(d, { recursive: true });
    keygen(path.join(this.dir, 'host_key'));
    keygen(path.join(this.dir, 'other_host_key'));
    keygen(this.clientKey);
    fs.copyFileSync(`${this.clientKey}.pub`, path.join(this.dir, 'authorized_keys'));
    fs.mkdirSync('/run/sshd', { recursive: true });
    fs.writeFileSync(
      path.join(this.dir, 'sshd_config'),
      [
        `Port ${this.port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${path.join(this.dir, 'host_key')}`,
        `AuthorizedKeysFile ${path.join(this.dir, 'authorized_keys')}`,
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin prohibit-password',
        'StrictModes no',
        'UsePAM no',
        `PidFile ${path.join(this.dir, 'sshd.pid')}`,
        `SetEnv DOCKER_HOST=${engineHost}`,
        '',
      ].join('\n'),
    );
    const hostKey = (file: string) => fs.readFileSync(`${file}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    const name = `[127.0.0.1]:${this.port}`;
    fs.writeFileSync(this.knownHosts, `${name} ${hostKey(path.join(this.dir, 'host_key'))}\n`);
    fs.writeFileSync(path.join(client, 'known_hosts_empty'), '');
    fs.writeFileSync(path.join(client, 'known_hosts_changed'), `${name} ${hostKey(path.join(this.dir, 'other_host_key'))}\n`);
    const alias = (host: string, knownHosts: string) =>
      [`Host ${host}`, '  HostName 127.0.0.1', `  Port ${this.port}`, '  User root', `  UserKnownHostsFile ${knownHosts}`].join('\n');
    fs.writeFileSync(
      this.clientConfig,
      [
        alias('cwtest', this.knownHosts),
        alias('cwunknown', path.join(client, 'known_hosts_empty')),
        alias('cwchanged', path.join(client, 'known_hosts_changed')),
        alias('cwdenied', this.knownHosts).replace('User root', 'User cw-no-such-user'),
        'Host *',
        `  IdentityFile ${this.clientKey}`,
        '  IdentitiesOnly yes',
        '  IdentityAgent none',
        `  UserKnownHostsFile ${this.knownHosts}`,
        '  GlobalKnownHostsFile /dev/null',
        '',
      ].join('\n'),
    );
    const wrapper = path.join(this.clientBin, 'ssh');
    fs.writeFileSync(wrapper, `#!/bin/sh\nexec /usr/bin/ssh -F ${this.clientConfig} "$@"\n`, { mode: 0o755 });
  }

  private async startDaemon(): Promise<void> {
    const log = fs.openSync(this.logFile, 'a');
    this.daemon = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', path.join(this.dir, 'sshd_config')], { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    const probe = () =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(path.join(this.clientBin, 'ssh'), ['-o', 'BatchMode=yes', 'cwtest', 'true'], { stdio: 'ignore' });
        child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ssh exited with ${code}`))));
      });
    await waitUntilAnswering(probe, this.daemon, () => logTail(this.logFile), 100);
  }

  /** The ssh client processes running with this server's client config (the transport's). */
  clientProcesses(): number[] {
    return processesUnder(this.clientConfig);
  }

  async dispose(): Promise<void> {
    // Sessions are children of the listener and outlive it: they end with it here.
    const sessions = this.daemon?.pid ? childrenOf(this.daemon.pid) : [];
    await stopChild(this.daemon, 5_000);
    killAll(sessions);
    this.daemon = undefined;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
