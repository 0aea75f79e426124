/**
 * Podman's Docker-compatible API for tests (Debian's podman 4.3, `podman system service`),
 * started and stopped by the test, with its own storage, run root and network config dir:
 *
 *   rootful   as root, socket in the service's folder
 *   rootless  as the unprivileged user `cwpodman` (made on first use, with the subuid and
 *             subgid ranges useradd gives it), its own XDG_RUNTIME_DIR, the socket where
 *             rootless Podman puts it (/run/user/<uid>/podman/podman.sock), overlay storage
 *
 * Every container needs the containers.conf of the recipe here: without `default_ulimits =
 * []` each fails to start with "error setting rlimit type 7". Images come from the shared
 * engine (`docker save | podman load`, read only there). dispose() ends the service, the
 * conmon and pause processes it left, and removes its folder; the user account stays.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createEngine } from '../../src/engine/createEngine';
import type { ContainerEngine } from '../../src/engine/engine';
import { copyImage, killAll, logTail, processesUnder, stopChild, unmountUnder, waitUntilAnswering } from './serviceTools';

export const ROOTLESS_USER = 'cwpodman';

export interface TestUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
  runtimeDir: string;
}

/**
 * crun (Podman's default runtime here) refuses a hybrid cgroup layout, v1 controllers with a v2
 * hierarchy that holds one too ("cgroups in hybrid mode not supported, drop all controllers from
 * cgroupv2"), as on some machines this suite runs on; runc (installed with docker.io) takes it.
 */
function runtimeLine(): string {
  const unified = '/sys/fs/cgroup/unified/cgroup.controllers';
  const hybridWithControllers = fs.existsSync(unified) && fs.readFileSync(unified, 'utf8').trim() !== '';
  // A name from containers.conf's own runtimes table, which finds runc in /usr/sbin or /usr/bin.
  const hasRunc = ['/usr/sbin/runc', '/usr/bin/runc'].some((p) => fs.existsSync(p));
  return hybridWithControllers && hasRunc ? '\n[engine]\nruntime = "runc"\n' : '';
}

/** The unprivileged test user, made when missing, with subordinate ids and a runtime dir of its own. */
export function ensureRootlessUser(): TestUser {
  const exists = () => {
    try {
      execFileSync('id', ['-u', ROOTLESS_USER], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (!exists()) execFileSync('useradd', ['--create-home', '--shell', '/usr/sbin/nologin', ROOTLESS_USER]);
  for (const [file, option] of [
    ['/etc/subuid', '--add-subuids'],
    ['/etc/subgid', '--add-subgids'],
  ] as const) {
    const listed =
      fs.existsSync(file) &&
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .some((l) => l.startsWith(`${ROOTLESS_USER}:`));
    if (!listed) execFileSync('usermod', [option, '200000-265535', ROOTLESS_USER]);
  }
  const uid = Number(execFileSync('id', ['-u', ROOTLESS_USER], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', ROOTLESS_USER], { encoding: 'utf8' }).trim());
  const runtimeDir = `/run/user/${uid}`;
  fs.mkdirSync(path.join(runtimeDir, 'podman'), { recursive: true, mode: 0o700 });
  for (const d of [runtimeDir, path.join(runtimeDir, 'podman')]) {
    fs.chownSync(d, uid, gid);
    fs.chmodSync(d, 0o700);
  }
  return { name: ROOTLESS_USER, uid, gid, home: `/home/${ROOTLESS_USER}`, runtimeDir };
}

/** The bridge of rootful Podman's default network (CNI); it stays after the service ends. */
const CNI_BRIDGE = 'cni-podman0';

function linkExists(name: string): boolean {
  return fs.existsSync(`/sys/class/net/${name}`);
}

export class PodmanService {
  readonly host: string;
  private service: ChildProcess | undefined;
  private readonly logFile: string;
  /** Rootful: whether the CNI bridge was there before (then it is someone else's and stays). */
  private readonly bridgeWasThere = linkExists(CNI_BRIDGE);

  private constructor(
    readonly dir: string,
    readonly user: TestUser | undefined,
    socketPath: string,
  ) {
    this.host = `unix://${socketPath}`;
    this.logFile = path.join(dir, 'service.log');
  }

  static async rootful(images: string[]): Promise<PodmanService> {
    const dir = fs.mkdtempSync('/var/tmp/cwp-');
    return PodmanService.start(new PodmanService(dir, undefined, path.join(dir, 'podman.sock')), images);
  }

  static async rootless(images: string[]): Promise<PodmanService> {
    const user = ensureRootlessUser();
    const dir = fs.mkdtempSync('/var/tmp/cwpr-');
    fs.chownSync(dir, user.uid, user.gid);
    return PodmanService.start(new PodmanService(dir, user, path.join(user.runtimeDir, 'podman', 'podman.sock')), images);
  }

  private static async start(service: PodmanService, images: string[]): Promise<PodmanService> {
    try {
      service.writeConfig();
      await service.startService();
      for (const image of images) await copyImage(image, service.command(['load', '-q']));
    } catch (err) {
      await service.dispose();
      throw err;
    }
    return service;
  }

  /** The environment of the person whose engine this is (for the CLI, run as them). */
  userEnv(): Record<string, string> {
    return this.user ? { HOME: this.user.home, XDG_RUNTIME_DIR: this.user.runtimeDir, USER: this.user.name, LOGNAME: this.user.name } : {};
  }

  /** `podman <args>` on this service's storage, as its user: a command and arguments for spawn. */
  command(args: string[]): { command: string; args: string[]; env: NodeJS.ProcessEnv } {
    const podman = [
      'podman',
      '--root',
      path.join(this.dir, 'storage'),
      '--runroot',
      path.join(this.user?.runtimeDir ?? this.dir, `${path.basename(this.dir)}-run`),
      '--storage-driver',
      'overlay',
      ...args,
    ];
    const env = { ...process.env, CONTAINERS_CONF: path.join(this.dir, 'containers.conf'), ...this.userEnv() };
    if (!this.user) return { command: podman[0], args: podman.slice(1), env };
    return {
      command: 'runuser',
      args: [
        '-u',
        this.user.name,
        '--',
        'env',
        ...Object.entries(this.userEnv()).map(([k, v]) => `${k}=${v}`),
        `CONTAINERS_CONF=${env.CONTAINERS_CONF}`,
        ...podman,
      ],
      env,
    };
  }

  /** Runs the podman CLI on this storage (for what the engine API does not do: volumes). */
  podman(args: string[]): string {
    const { command, args: full, env } = this.command(args);
    return execFileSync(command, full, { env, encoding: 'utf8' }).trim();
  }

  client(): ContainerEngine {
    return createEngine(this.host);
  }

  private writeConfig(): void {
    const net = path.join(this.dir, 'net');
    fs.mkdirSync(net, { recursive: true });
    fs.writeFileSync(
      path.join(this.dir, 'containers.conf'),
      `[containers]\ndefault_ulimits = []\n\n[network]\nnetwork_config_dir = "${net}"\n${runtimeLine()}`,
      { mode: 0o644 },
    );
    if (this.user) {
      for (const p of [net, path.join(this.dir, 'containers.conf')]) fs.chownSync(p, this.user.uid, this.user.gid);
    }
  }

  private async startService(): Promise<void> {
    const { command, args, env } = this.command(['system', 'service', '--time=0', this.host]);
    const log = fs.openSync(this.logFile, 'a');
    this.service = spawn(command, args, { env, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    const probe = this.client();
    await waitUntilAnswering(
      () => probe.version(),
      this.service,
      () => logTail(this.logFile),
    );
  }

  /** Processes this service left: its own under its folder, and for rootless every process of the test user (conmon, the pause process). */
  private leftovers(): number[] {
    const pids = new Set(processesUnder(this.dir));
    if (this.user) {
      for (const entry of fs.readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        try {
          if (fs.statSync(`/proc/${entry}`).uid === this.user.uid) pids.add(Number(entry));
        } catch {
          // ended meanwhile
        }
      }
    }
    return [...pids];
  }

  async dispose(): Promise<void> {
    await stopChild(this.service, 10_000);
    this.service = undefined;
    killAll(this.leftovers());
    unmountUnder(this.dir);
    fs.rmSync(this.dir, { recursive: true, force: true });
    if (this.user) {
      // Podman's state of this session (libpod, runc, netns, the run root), as a logout would clear it.
      for (const entry of fs.readdirSync(this.user.runtimeDir)) {
        try {
          if (entry !== 'podman') fs.rmSync(path.join(this.user.runtimeDir, entry), { recursive: true, force: true });
        } catch {
          // a namespace file still mounted: it goes with the next session's cleanup
        }
      }
      fs.rmSync(path.join(this.user.runtimeDir, 'podman', 'podman.sock'), { force: true });
    } else if (!this.bridgeWasThere && linkExists(CNI_BRIDGE)) {
      execFileSync('ip', ['link', 'del', CNI_BRIDGE], { stdio: 'ignore' });
    }
  }
}
