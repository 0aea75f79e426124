/**
 * What the test services (a TLS dockerd, an sshd, Podman) share: a free port, waiting
 * until a service answers, copying an image from the shared engine (read only, never
 * changed), ending the processes and mounts a service left under its folder, a bridge of its own.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { ensureTemplateImage } from '../../src/workflows/templateImage';
import { realEngine, templatesDir } from './realEngine';

export const IMG2VID_IMAGE = 'container-workflows/img2vid:latest';

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Calls `probe` until it resolves; fails with `describe()` once the child exits or `attempts` run out. */
export async function waitUntilAnswering(
  probe: () => Promise<unknown>,
  child: ChildProcess | undefined,
  describe: () => string,
  attempts = 300,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    if (child && (child.exitCode !== null || child.signalCode !== null))
      throw new Error(`the service exited while starting:\n${describe()}`);
    try {
      await probe();
      return;
    } catch (err) {
      if (attempt >= attempts) throw new Error(`the service did not answer: ${(err as Error).message}\n${describe()}`, { cause: err });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export function logTail(file: string, lines = 30): string {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n') : '(no log)';
}

/** The shared engine's address (the one the test runner found); only ever read from. */
export function sharedEngineHost(): string {
  const shared = process.env.DOCKER_HOST;
  if (!shared) throw new Error('DOCKER_HOST names no shared engine to copy images from');
  return shared;
}

/**
 * Copies `image` from the shared engine into another one: `docker save` there, `load` here
 * (`loadCommand` reads the archive on stdin: `docker load` with the target's environment,
 * or `podman load`). The img2vid image is first made current on the shared engine the way
 * the extension makes it (built only when missing or stale).
 */
export async function copyImage(image: string, loadCommand: { command: string; args: string[]; env?: NodeJS.ProcessEnv }): Promise<void> {
  const shared = sharedEngineHost();
  if (image === IMG2VID_IMAGE) await ensureTemplateImage(await realEngine(), path.join(templatesDir, 'img2vid'), () => undefined);
  await new Promise<void>((resolve, reject) => {
    const save = spawn('docker', ['save', image], { env: { ...process.env, DOCKER_HOST: shared }, stdio: ['ignore', 'pipe', 'pipe'] });
    const load = spawn(loadCommand.command, loadCommand.args, { env: loadCommand.env ?? process.env, stdio: ['pipe', 'ignore', 'pipe'] });
    let errors = '';
    save.stderr.on('data', (d) => (errors += d));
    load.stderr.on('data', (d) => (errors += d));
    save.stdout.pipe(load.stdin);
    let pending = 2;
    const done = (code: number | null) => {
      if (code !== 0) reject(new Error(`copying ${image} failed: ${errors.trim()}`));
      else if (--pending === 0) resolve();
    };
    save.once('exit', done);
    load.once('exit', done);
  });
}

/** Processes whose command line names `dir` (a daemon's containerd, shims, conmon …), this one aside. */
export function processesUnder(dir: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmdline.some((arg) => arg === dir || arg.startsWith(dir + '/') || arg.includes(`=${dir}/`) || arg.includes(`=${dir}`)))
        found.push(Number(entry));
    } catch {
      // ended meanwhile
    }
  }
  return found;
}

export function killAll(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}

/** Stops a child this test started: SIGTERM, SIGKILL after `graceMs`; resolves once it is gone. */
export async function stopChild(child: ChildProcess | undefined, graceMs = 20_000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), graceMs).unref())]);
  if (!stopped) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** A bridge of the service's own (two dockerds must not share one; `--bridge none` deletes docker0). */
export function createBridge(name: string, address: string): void {
  deleteBridge(name);
  execFileSync('ip', ['link', 'add', 'name', name, 'type', 'bridge']);
  execFileSync('ip', ['addr', 'add', address, 'dev', name]);
  execFileSync('ip', ['link', 'set', name, 'up']);
}

export function deleteBridge(name: string): void {
  try {
    execFileSync('ip', ['link', 'del', name], { stdio: 'ignore' });
  } catch {
    // not there
  }
}

/** Mounts a service left under `dir` (overlays, netns, a data root's bind mount), deepest first, lazily. */
export function unmountUnder(dir: string): void {
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
