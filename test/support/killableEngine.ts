/**
 * A second dockerd that belongs to one test file, so the test may SIGKILL it mid-work and
 * start it again on the same data, as a crash or an OOM kill of the engine would. It has
 * its own data root, a short exec root (unix socket paths under it have a length limit),
 * pidfile, socket and bridge (`cwfault0`: two engines must not share one, and
 * `--bridge none` would delete the shared engine's docker0). Its images are copied from the
 * shared engine (`docker save | docker load`). `dispose()` ends what it started: dockerd,
 * the containerd and shims under its folder, the bridge, the mounts a killed dockerd leaves.
 *
 * The shared engine (DOCKER_HOST) is only read from, never stopped.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createEngine } from '../../src/engine/createEngine';
import type { ContainerEngine } from '../../src/engine/engine';
import { DockerodeEngine, type EngineTimeouts } from '../../src/engine/dockerodeEngine';
import { ensureTemplateImage } from '../../src/workflows/templateImage';
import { realEngine, templatesDir } from './realEngine';

const BRIDGE = 'cwfault0';
const BRIDGE_ADDRESS = '172.30.211.1/24';

export const IMG2VID_IMAGE = 'container-workflows/img2vid:latest';

export class KillableEngine {
  /** `unix://…` of this engine's socket. */
  readonly host: string;
  readonly socketPath: string;
  private readonly dataRoot: string;
  private readonly execRoot: string;
  private readonly pidFile: string;
  private readonly logFile: string;
  private daemon: ChildProcess | undefined;
  private exited: Promise<void> | undefined;

  private constructor(readonly dir: string) {
    this.dataRoot = path.join(dir, 'data');
    this.execRoot = path.join(dir, 'x');
    this.pidFile = path.join(dir, 'd.pid');
    this.logFile = path.join(dir, 'dockerd.log');
    this.socketPath = path.join(dir, 'd.sock');
    this.host = `unix://${this.socketPath}`;
  }

  /** Starts the engine and copies `images` into it from the shared engine. */
  static async start(images: string[]): Promise<KillableEngine> {
    // Short on purpose: containerd's sockets live under the exec root.
    const dir = fs.mkdtempSync('/tmp/cwf-');
    const engine = new KillableEngine(dir);
    try {
      createBridge();
      await engine.startDaemon();
      for (const image of images) await engine.copyImage(image);
    } catch (err) {
      await engine.dispose();
      throw err;
    }
    return engine;
  }

  /** The project's engine client for this engine (its own, not the monitor's). */
  client(timeouts?: EngineTimeouts): ContainerEngine {
    return timeouts ? new DockerodeEngine(createEngine(this.host).endpoint, process.env, timeouts) : createEngine(this.host);
  }

  get running(): boolean {
    return this.daemon !== undefined;
  }

  /** Starts dockerd (again) on the same data root; resolves once it answers. */
  async startDaemon(): Promise<void> {
    if (this.daemon) throw new Error('the killable engine is running already');
    for (const d of [this.dataRoot, this.execRoot]) fs.mkdirSync(d, { recursive: true });
    const log = fs.openSync(this.logFile, 'a');
    const child = spawn(
      'dockerd',
      [
        '--data-root',
        this.dataRoot,
        '--exec-root',
        this.execRoot,
        '--pidfile',
        this.pidFile,
        '--host',
        this.host,
        '--bridge',
        BRIDGE,
        '--iptables=false',
        '--ip-masq=false',
      ],
      { stdio: ['ignore', log, log], detached: true },
    );
    fs.closeSync(log);
    this.daemon = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const probe = createEngine(this.host);
    for (let attempt = 0; ; attempt++) {
      if (child.exitCode !== null || child.signalCode !== null) {
        this.daemon = undefined;
        throw new Error(`the killable dockerd exited while starting; its log:\n${this.logTail()}`);
      }
      try {
        await probe.version();
        return;
      } catch {
        if (attempt > 300) throw new Error(`the killable dockerd did not answer within a minute; its log:\n${this.logTail()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  /** SIGKILL, as a crash would: nothing is cleaned up; resolves when the process is gone. */
  async kill(): Promise<void> {
    const child = this.daemon;
    if (!child) throw new Error('the killable engine is not running');
    child.kill('SIGKILL');
    await this.exited;
    this.daemon = undefined;
    // Its containerd dies with it (parent-death signal), a moment later, and stays a zombie
    // until this machine's init reaps it, which can take long. A dockerd started meanwhile
    // would find containerd's pidfile, take the zombie for alive, and wait for it in vain.
    const pidFile = path.join(this.execRoot, 'containerd', 'containerd.pid');
    const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').trim()) : NaN;
    for (let i = 0; Number.isInteger(pid) && isAlive(pid); i++) {
      if (i > 150) throw new Error(`containerd (pid ${pid}) of the killed engine does not end`);
      await new Promise((r) => setTimeout(r, 100));
    }
    fs.rmSync(pidFile, { force: true });
  }

  /** Kills the engine and starts it again on the same data. */
  async killAndRestart(): Promise<void> {
    await this.kill();
    await this.startDaemon();
  }

  private async copyImage(image: string): Promise<void> {
    const shared = process.env.DOCKER_HOST;
    if (!shared) throw new Error('DOCKER_HOST names no shared engine to copy images from');
    if (image === IMG2VID_IMAGE) {
      // Built on the shared engine the way the extension builds it, when missing or stale.
      await ensureTemplateImage(await realEngine(), path.join(templatesDir, 'img2vid'), () => undefined);
    }
    await new Promise<void>((resolve, reject) => {
      const save = spawn('docker', ['save', image], { env: { ...process.env, DOCKER_HOST: shared }, stdio: ['ignore', 'pipe', 'pipe'] });
      const load = spawn('docker', ['load', '-q'], { env: { ...process.env, DOCKER_HOST: this.host }, stdio: ['pipe', 'ignore', 'pipe'] });
      let errors = '';
      save.stderr.on('data', (d) => (errors += d));
      load.stderr.on('data', (d) => (errors += d));
      save.stdout.pipe(load.stdin);
      let pending = 2;
      const done = (code: number | null) => {
        if (code !== 0) reject(new Error(`copying ${image} to the killable engine failed: ${errors.trim()}`));
        else if (--pending === 0) resolve();
      };
      save.once('exit', done);
      load.once('exit', done);
    });
  }

  private logTail(): string {
    return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8').split('\n').slice(-25).join('\n') : '(no log)';
  }

  /** Stops everything this engine started and removes its folder. */
  async dispose(): Promise<void> {
    const child = this.daemon;
    if (child) {
      child.kill('SIGTERM');
      const stopped = await Promise.race([
        this.exited!.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 20_000).unref()),
      ]);
      if (!stopped) {
        child.kill('SIGKILL');
        await this.exited;
      }
      this.daemon = undefined;
    }
    // A killed dockerd can leave its containerd and the containers' shims: they name this folder.
    for (const pid of processesUnder(this.dir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    unmountUnder(this.dir);
    deleteBridge();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Alive and not a zombie waiting to be reaped. */
function isAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function createBridge(): void {
  deleteBridge();
  execFileSync('ip', ['link', 'add', 'name', BRIDGE, 'type', 'bridge']);
  execFileSync('ip', ['addr', 'add', BRIDGE_ADDRESS, 'dev', BRIDGE]);
  execFileSync('ip', ['link', 'set', BRIDGE, 'up']);
}

function deleteBridge(): void {
  try {
    execFileSync('ip', ['link', 'del', BRIDGE], { stdio: 'ignore' });
  } catch {
    // not there
  }
}

/** Processes whose command line names `dir` (containerd, containerd-shim-runc-v2 of this engine). */
function processesUnder(dir: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmdline.some((arg) => arg.startsWith(dir + '/') || arg === dir)) found.push(Number(entry));
    } catch {
      // ended meanwhile
    }
  }
  return found;
}

/** Mounts left under `dir` (overlays, netns, the data root's bind mount), deepest first, lazily. */
function unmountUnder(dir: string): void {
  const targets = fs
    .readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1])
    .filter((target): target is string => target !== undefined && target.startsWith(dir + '/'))
    .sort()
    .reverse();
  for (const target of targets) {
    try {
      execFileSync('umount', ['-l', target], { stdio: 'ignore' });
    } catch {
      // gone with its parent
    }
  }
}
