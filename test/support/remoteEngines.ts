/**
 * One engine "on another machine" reached two ways, as the remote integration tests use it:
 * a TLS dockerd of the test's own (tlsEngine.ts) and an sshd in front of it (sshServer.ts),
 * with the project's engine over each. `dispose()` closes the ssh connections and stops both.
 */
import { DockerodeEngine } from '../../src/engine/dockerodeEngine';
import type { ContainerEngine } from '../../src/engine/engine';
import { closeEngineConnections } from '../../src/engine/sshTransport';
import { SshServer } from './sshServer';
import { TlsEngine } from './tlsEngine';

export const TRANSPORTS = ['TLS', 'ssh'] as const;
export type Transport = (typeof TRANSPORTS)[number];

export class RemoteEngines {
  private constructor(
    readonly tls: TlsEngine,
    readonly sshd: SshServer,
    /** The project's engine over each transport. */
    readonly engines: Record<Transport, ContainerEngine>,
  ) {}

  /** Starts the TLS engine with `images` loaded from the shared engine, and the sshd in front of it. */
  static async start(images: string[]): Promise<RemoteEngines> {
    const tls = await TlsEngine.start(images);
    let sshd: SshServer;
    try {
      sshd = await SshServer.start(tls.unixHost);
    } catch (err) {
      await tls.dispose();
      throw err;
    }
    return new RemoteEngines(tls, sshd, {
      TLS: tls.client(),
      // The address names a Host alias of the ssh config: it applies, as in a terminal.
      ssh: new DockerodeEngine({ host: 'ssh://cwtest', source: 'setting' }, sshd.clientEnv()),
    });
  }

  async dispose(): Promise<void> {
    await closeEngineConnections(this.engines.ssh.endpoint);
    await this.sshd.dispose();
    await this.tls.dispose();
  }
}
