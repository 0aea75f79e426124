/**
 * A TCP proxy in front of the test registry that can hold a transfer part-way, so a
 * cancel test cancels a push or pull that is certainly still running (no race with a
 * small image finishing first, no timing). Once a connection has carried `afterBytes` in
 * the held direction:
 *
 * - upload: the rest of the engine's upload is read and swallowed, so it never reaches the
 *   registry, and the proxy sees the engine close the connection when it gives up;
 * - download: the registry's data waits in the proxy until release(). The engine reads a
 *   blob in a goroutine that only notices a cancel on its next read, so a download that
 *   is stalled for good keeps its connection open even after the engine cancelled it;
 *   release() lets the data flow again, a chunk at a time, and an engine that cancelled
 *   then closes the connection, while one that did not would read the blob to its end.
 *
 * heldConnectionsClosed() is how a test knows the engine really dropped the transfer.
 */
import * as net from 'node:net';

export type HeldDirection = 'upload' | 'download';

interface HeldConnection {
  closed: Promise<void>;
  release: () => void;
}

export class GatedProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly held: HeldConnection[] = [];
  private hold?: { direction: HeldDirection; afterBytes: number };
  private onHeld: (() => void)[] = [];
  port = 0;

  constructor(private readonly targetPort: number) {}

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** From now on, hold every connection that carries more than `afterBytes` that way. */
  holdAfter(direction: HeldDirection, afterBytes: number): void {
    this.hold = { direction, afterBytes };
  }

  /** Held downloads flow again, and new connections are no longer held. */
  release(): void {
    this.hold = undefined;
    for (const connection of this.held) connection.release();
  }

  /** Resolves once some connection is held. */
  whenHeld(): Promise<void> {
    return this.held.length ? Promise.resolve() : new Promise((resolve) => this.onHeld.push(resolve));
  }

  /** Resolves, with their number, once the engine has closed every connection that was held. */
  async heldConnectionsClosed(): Promise<number> {
    await Promise.all(this.held.map((h) => h.closed));
    return this.held.length;
  }

  async start(): Promise<void> {
    const server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as net.AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    const upstream = net.connect(this.targetPort, '127.0.0.1');
    this.sockets.add(client).add(upstream);
    let clientClosed!: () => void;
    const closed = new Promise<void>((resolve) => (clientClosed = resolve));
    let swallowing = false;

    const forward = (from: net.Socket, to: net.Socket, direction: HeldDirection) => {
      let carried = 0;
      let waiting: Buffer[] | undefined;
      let paced = false;
      const release = () => {
        if (!waiting) return;
        for (const chunk of waiting) to.write(chunk);
        waiting = undefined;
        paced = true;
        from.resume();
      };
      from.on('data', (chunk: Buffer) => {
        if (swallowing && direction === 'upload') return;
        if (waiting) {
          waiting.push(chunk);
          return;
        }
        if (paced) {
          // A released download flows a chunk at a time, so an engine that is still taking
          // in the cancel cannot read the whole rest of the blob in the meantime.
          to.write(chunk);
          from.pause();
          setTimeout(() => from.resume(), 20);
          return;
        }
        const hold = this.hold;
        if (hold?.direction === direction && carried + chunk.length > hold.afterBytes) {
          const allowed = Math.max(0, hold.afterBytes - carried);
          to.write(chunk.subarray(0, allowed));
          if (direction === 'upload') {
            swallowing = true;
          } else {
            waiting = [chunk.subarray(allowed)];
            from.pause();
          }
          this.held.push({ closed, release });
          for (const resolve of this.onHeld.splice(0)) resolve();
          return;
        }
        carried += chunk.length;
        to.write(chunk);
      });
    };
    forward(client, upstream, 'upload');
    forward(upstream, client, 'download');

    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', () => {
      clientClosed();
      drop();
    });
    client.on('end', drop).on('error', drop);
    // Only the engine's side closing counts as the engine giving up; a held upload keeps the client open.
    upstream.on('end', () => (swallowing ? undefined : client.end())).on('error', () => (swallowing ? undefined : client.destroy()));
  }
}
