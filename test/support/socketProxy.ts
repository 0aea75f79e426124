/**
 * A unix socket that forwards to the real engine, owned by the test. Pointing the
 * extension at it lets a test make "the engine" go away and come back without ever
 * stopping or changing an engine it did not start.
 */
import * as fs from 'node:fs';
import { spawn } from 'node:child_process';
import * as net from 'node:net';

export class EngineSocketProxy {
  private server: net.Server | undefined;
  private readonly connections = new Set<net.Socket>();
  /**
   * False: what clients send is dropped, on new connections and open ones alike, so the
   * engine behind never hears it and nothing is answered: a hung engine. What the engine
   * sends on streams already open (events) still arrives.
   */
  answering = true;

  constructor(
    readonly socketPath: string,
    private readonly targetSocket: string,
  ) {}

  get listening(): boolean {
    return this.server !== undefined;
  }

  async start(): Promise<void> {
    if (this.server) return;
    fs.rmSync(this.socketPath, { force: true });
    const server = net.createServer((client) => {
      const upstream = net.connect(this.targetSocket);
      this.connections.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.connections.delete(client);
        this.connections.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.on('data', (chunk: Buffer) => {
        if (this.answering) upstream.write(chunk);
      });
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.socketPath, () => resolve());
    });
    this.server = server;
  }

  /** Stops answering and drops every open connection; `keepFile` leaves a dead socket file behind. */
  async stop(options: { keepFile?: boolean } = {}): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const c of this.connections) c.destroy();
    this.connections.clear();
    if (server) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    if (options.keepFile) {
      await makeStaleSocket(this.socketPath);
    } else {
      fs.rmSync(this.socketPath, { force: true });
    }
  }
}

/** The unix socket path behind DOCKER_HOST (the rig always gives a unix socket). */
export function engineSocketPath(): string {
  const host = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  if (!host.startsWith('unix://')) {
    throw new Error(`the socket proxy needs a unix DOCKER_HOST, got ${host}`);
  }
  return host.slice('unix://'.length);
}

/**
 * Leaves a socket file that nobody listens on, the way a crashed daemon does: a child
 * process binds it and is killed with SIGKILL, so nothing unlinks it. Connecting then
 * fails with ECONNREFUSED, the "installed but not running" case.
 */
export async function makeStaleSocket(socketPath: string): Promise<void> {
  fs.rmSync(socketPath, { force: true });
  const child = spawn(
    process.execPath,
    ['-e', `require('net').createServer().listen(${JSON.stringify(socketPath)}, () => console.log('up'))`],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`socket helper exited with ${code}`)));
  });
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
}

/**
 * A unix socket that takes every connection and never answers, as a hung engine does
 * (a dockerd stuck on a lock, a frozen VM behind a forwarded socket). It counts what it
 * was sent, so a test knows its request arrived before it cancels.
 */
export class SilentEngineSocket {
  private server: net.Server | undefined;
  private readonly connections = new Set<net.Socket>();
  private received = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(readonly socketPath: string) {}

  get host(): string {
    return `unix://${this.socketPath}`;
  }

  /** How many requests (first bytes of a connection) arrived so far. */
  get requests(): number {
    return this.received;
  }

  async start(): Promise<void> {
    fs.rmSync(this.socketPath, { force: true });
    const server = net.createServer((client) => {
      this.connections.add(client);
      client.on('error', () => undefined);
      client.on('close', () => this.connections.delete(client));
      client.once('data', () => {
        this.received++;
        for (const wake of this.waiters.splice(0)) wake();
      });
      // Read and drop whatever comes, answer nothing.
      client.resume();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.socketPath, () => resolve());
    });
    this.server = server;
  }

  /** Resolves once `count` requests have arrived. */
  async untilRequests(count: number): Promise<void> {
    while (this.received < count) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** How many connections are still open (a cancelled request closes its own). */
  get openConnections(): number {
    return this.connections.size;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const c of this.connections) c.destroy();
    this.connections.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(this.socketPath, { force: true });
  }
}
