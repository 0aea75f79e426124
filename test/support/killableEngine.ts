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
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createEngine } from '../../src/engine/createEngine';
import type { ContainerEngine } from '../../src/engine/engine';
import { DockerodeEngine, type EngineTimeouts } from '../../src/engine/dockerodeEngine';
import {
  copyImage,
  createBridge,
  deleteBridge,
  killAll,
  logTail,
  processesUnder,
  stopChild,
  unmountUnder,
  waitUntilAnswering,
} from './serviceTools';

const BRIDGE = 'cwfault0';
const BRIDGE_ADDRESS = '172.30.211.1/24';

export { IMG2VID_IMAGE } from './serviceTools';

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
      createBridge(BRIDGE, BRIDGE_ADDRESS);
      await engine.startDaemon();
      for (const image of images)
        await copyImage(image, { command: 'docker', args: ['load', '-q'], env: { ...process.env, DOCKER_HOST: engine.host } });
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
    try {
      await waitUntilAnswering(
        () => probe.version(),
        child,
        () => `the killable dockerd's log:\n${logTail(this.logFile, 25)}`,
      );
    } catch (err) {
      // One that exited is gone; one that did not answer is still ours to stop (dispose).
      if (child.exitCode !== null || child.signalCode !== null) this.daemon = undefined;
      throw err;
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

  /** Stops everything this engine started and removes its folder. */
  async dispose(): Promise<void> {
    await stopChild(this.daemon);
    this.daemon = undefined;
    // A killed dockerd can leave its containerd and the containers' shims: they name this folder.
    killAll(processesUnder(this.dir));
    unmountUnder(this.dir);
    deleteBridge(BRIDGE);
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
