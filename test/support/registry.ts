/**
 * A real registry for the tests: Debian's docker-registry (the CNCF distribution registry
 * 2.8) on 127.0.0.1 with htpasswd basic auth, its storage in a temp folder. It installs
 * nothing (scripts/test.sh does, through scripts/lib/test-packages.sh); it fails loudly, naming
 * that script, when the programs are missing. Started and stopped by its own pid, never
 * anyone else's; the engine talks plain HTTP to 127.0.0.0/8 without configuration.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const REGISTRY = 'docker-registry';
const HTPASSWD = 'htpasswd';

export interface TestRegistryOptions {
  /** user -> password, written with bcrypt into an htpasswd file; none: no auth. */
  users?: Record<string, string>;
}

export class TestRegistry {
  private child?: ChildProcess;
  private exited?: Promise<void>;

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  /** "127.0.0.1:<port>": the registry part of image references. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get url(): string {
    return `http://${this.address}`;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  static async start(options: TestRegistryOptions = {}): Promise<TestRegistry> {
    requirePrograms();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-registry-'));
    const registry = new TestRegistry(dir, await freePort());
    registry.writeConfig(options.users);
    await registry.resume();
    return registry;
  }

  /** Starts the registry (again, after stop()): same port, same storage. */
  async resume(): Promise<void> {
    if (this.child) return;
    const log = fs.openSync(path.join(this.dir, 'registry.log'), 'a');
    const child = spawn(REGISTRY, ['serve', path.join(this.dir, 'config.yml')], { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const early = this.exited.then(() => {
      throw new Error(`${REGISTRY} exited at start:\n${this.log()}`);
    });
    await Promise.race([waitForAnswer(this.url), early]);
  }

  /** Stops the registry this started (SIGTERM to its pid) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    child.kill('SIGTERM');
    await this.exited;
  }

  /** Stops it and deletes its storage. */
  async remove(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  log(): string {
    try {
      return fs.readFileSync(path.join(this.dir, 'registry.log'), 'utf8').slice(-4000);
    } catch {
      return '(no log)';
    }
  }

  private writeConfig(users: Record<string, string> | undefined): void {
    const lines = [
      'version: 0.1',
      'log: { level: error, accesslog: { disabled: true } }',
      `storage: { filesystem: { rootdirectory: ${path.join(this.dir, 'data')} }, maintenance: { uploadpurging: { enabled: false } } }`,
      `http: { addr: ${this.address}, secret: ${randomBytes(16).toString('hex')} }`,
    ];
    if (users && Object.keys(users).length) {
      const file = path.join(this.dir, 'htpasswd');
      fs.writeFileSync(
        file,
        Object.entries(users)
          .map(([user, password]) => htpasswdLine(user, password))
          .join(''),
        { mode: 0o600 },
      );
      lines.push(`auth: { htpasswd: { realm: cw-test-registry, path: ${file} } }`);
    }
    fs.writeFileSync(path.join(this.dir, 'config.yml'), `${lines.join('\n')}\n`);
  }
}

/** One bcrypt line; the password goes through stdin, never on a command line. */
function htpasswdLine(user: string, password: string): string {
  const run = spawnSync(HTPASSWD, ['-iBn', user], { input: password, encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error(`${HTPASSWD} failed for ${user}: ${run.stderr}`);
  }
  return run.stdout.trim() + '\n';
}

function requirePrograms(): void {
  for (const program of [REGISTRY, HTPASSWD]) {
    if (spawnSync('sh', ['-c', `command -v ${program}`]).status !== 0) {
      throw new Error(
        `${program} is not installed. Registry tests need Debian's docker-registry and apache2-utils: run "bash scripts/test.sh" as root, or apt-get install docker-registry apache2-utils.`,
      );
    }
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Until /v2/ answers at all (401 with auth, 200 without); a registry that never does fails the start. */
async function waitForAnswer(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const response = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      return;
    } catch (err) {
      if (Date.now() > deadline) {
        throw new Error(`the registry at ${url} did not answer within 30 s: ${(err as Error).message}`, { cause: err });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
