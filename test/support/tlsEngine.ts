/**
 * A second dockerd that plays "an engine on another machine": it listens on 127.0.0.1 with
 * TCP + TLS (certificates made by the test, client certificates required), and runs in a
 * mount namespace of its own with an empty /tmp, so it cannot see the files the tests make
 * under /tmp: a bind mount of them fails there, only copying in and out works. Its own
 * data root, short exec root, pidfile, and bridge (`cwtls0`; never `--bridge none`, which
 * deletes the shared engine's docker0), `--iptables=false`. It also listens on a unix socket
 * (outside /tmp), which the sshd of sshServer.ts points `docker system dial-stdio` at, and
 * through which images are loaded.
 *
 * Started and stopped by the test that uses it; the shared engine is only read from.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EngineEndpoint } from '../../src/engine/connection';
import { DockerodeEngine } from '../../src/engine/dockerodeEngine';
import type { ContainerEngine } from '../../src/engine/engine';
import { type TestCertificates, makeCertificates } from './certificates';
import {
  copyImage,
  createBridge,
  deleteBridge,
  freePort,
  killAll,
  logTail,
  processesUnder,
  stopChild,
  waitUntilAnswering,
} from './serviceTools';

const BRIDGE = 'cwtls0';
const BRIDGE_ADDRESS = '172.30.217.1/24';

export class TlsEngine {
  readonly tcpHost: string;
  /** unix://… of the same engine (for sshd's dial-stdio and for loading images). */
  readonly unixHost: string;
  private daemon: ChildProcess | undefined;
  private readonly logFile: string;

  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly certs: TestCertificates,
  ) {
    this.tcpHost = `tcp://127.0.0.1:${port}`;
    this.unixHost = `unix://${path.join(dir, 'd.sock')}`;
    this.logFile = path.join(dir, 'dockerd.log');
  }

  /** Starts the engine and loads `images` into it from the shared engine. */
  static async start(images: string[]): Promise<TlsEngine> {
    // Outside /tmp (the engine's /tmp is empty) and short (containerd's sockets live under the exec root).
    const dir = fs.mkdtempSync('/var/tmp/cwt-');
    const engine = new TlsEngine(dir, await freePort(), makeCertificates(path.join(dir, 'certs')));
    try {
      createBridge(BRIDGE, BRIDGE_ADDRESS);
      await engine.startDaemon();
      for (const image of images)
        await copyImage(image, { command: 'docker', args: ['load', '-q'], env: { ...process.env, DOCKER_HOST: engine.unixHost } });
    } catch (err) {
      await engine.dispose();
      throw err;
    }
    return engine;
  }

  /** The environment a docker CLI (or this project's engine) needs to reach the engine over TLS. */
  tlsEnv(certDir = this.certs.clientDir): Record<string, string> {
    return { DOCKER_HOST: this.tcpHost, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certDir };
  }

  /** The endpoint for the project's engine over TLS, with the client certificate of `certDir`. */
  endpoint(certDir = this.certs.clientDir): EngineEndpoint {
    return { host: this.tcpHost, source: 'DOCKER_HOST', tls: { certDir, verify: true } };
  }

  client(certDir = this.certs.clientDir): ContainerEngine {
    return new DockerodeEngine(this.endpoint(certDir), {});
  }

  /** The `--docker` value of `docker context create` that reaches the engine over TLS. */
  contextEndpoint(certDir = this.certs.clientDir): string {
    const { caCert } = this.certs;
    return `host=${this.tcpHost},ca=${caCert},cert=${path.join(certDir, 'cert.pem')},key=${path.join(certDir, 'key.pem')}`;
  }

  /**
   * The docker CLI on the engine's unix socket, answering with the lines of its output: to
   * see what a test left there (volumes, which the project's engine does not list, and containers).
   */
  docker(args: string[]): string[] {
    return execFileSync('docker', args, { env: { ...process.env, DOCKER_HOST: this.unixHost }, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
  }

  private async startDaemon(): Promise<void> {
    const data = path.join(this.dir, 'data');
    const exec = path.join(this.dir, 'x');
    for (const d of [data, exec]) fs.mkdirSync(d, { recursive: true });
    const dockerd = [
      'dockerd',
      '--data-root',
      data,
      '--exec-root',
      exec,
      '--pidfile',
      path.join(this.dir, 'd.pid'),
      '-H',
      this.tcpHost,
      '-H',
      this.unixHost,
      '--tlsverify',
      '--tlscacert',
      this.certs.caCert,
      '--tlscert',
      this.certs.serverCert,
      '--tlskey',
      this.certs.serverKey,
      '--bridge',
      BRIDGE,
      '--iptables=false',
      '--ip-masq=false',
    ];
    const log = fs.openSync(this.logFile, 'a');
    // Its own mount namespace with an empty /tmp: it cannot see the files the tests make there.
    this.daemon = spawn(
      'unshare',
      ['--mount', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs tmpfs /tmp && exec "$@"', 'sh', ...dockerd],
      {
        stdio: ['ignore', log, log],
        detached: true,
      },
    );
    fs.closeSync(log);
    const probe = this.client();
    await waitUntilAnswering(
      () => probe.version(),
      this.daemon,
      () => logTail(this.logFile),
    );
  }

  async dispose(): Promise<void> {
    await stopChild(this.daemon);
    this.daemon = undefined;
    // A dockerd that did not stop cleanly can leave its containerd and shims: they name this folder.
    killAll(processesUnder(this.dir));
    deleteBridge(BRIDGE);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
