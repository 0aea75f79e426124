/**
 * A registry that wants a password (Debian's docker-registry with an htpasswd file), on
 * 127.0.0.1 with its state in a temporary folder, started and stopped by the test. The
 * engine talks plain HTTP to 127.0.0.0/8 registries without any daemon setting.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export interface AuthRegistry {
  host: string;
  username: string;
  password: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startAuthRegistry(dir: string): Promise<AuthRegistry> {
  const username = 'cw-test';
  const password = `pw-${process.pid}`;
  const port = await freePort();
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'htpasswd'), execFileSync('htpasswd', ['-Bbn', username, password]));
  fs.writeFileSync(
    path.join(dir, 'config.yml'),
    [
      'version: 0.1',
      `storage: { filesystem: { rootdirectory: ${path.join(dir, 'data')} } }`,
      `http: { addr: 127.0.0.1:${port} }`,
      `auth: { htpasswd: { realm: cw-test, path: ${path.join(dir, 'htpasswd')} } }`,
    ].join('\n'),
  );
  const child: ChildProcess = spawn('docker-registry', ['serve', path.join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (log += d));
  const host = `127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const status = await fetch(`http://${host}/v2/`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 401) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the test registry did not come up on ${host}:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    host,
    username,
    password,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
    },
  };
}
