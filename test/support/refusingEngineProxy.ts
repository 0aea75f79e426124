/**
 * An HTTP proxy in front of the real engine that refuses some requests with 404, the way
 * an engine without that endpoint answers: a test can make "an engine without BuildKit
 * sessions" without changing the engine every other test uses.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';

export class RefusingEngineProxy {
  private server: http.Server | undefined;

  constructor(
    readonly socketPath: string,
    private readonly targetSocket: string,
    private readonly refuse: (method: string, url: string) => boolean,
  ) {}

  /** Requests it refused, as "METHOD path". */
  readonly refused: string[] = [];

  async start(): Promise<void> {
    fs.rmSync(this.socketPath, { force: true });
    const server = http.createServer((req, res) => {
      const url = req.url ?? '/';
      if (this.refuse(req.method ?? 'GET', url)) {
        this.refused.push(`${req.method} ${url.split('?')[0]}`);
        req.resume();
        res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: 'page not found' }));
        return;
      }
      const upstream = http.request({ socketPath: this.targetSocket, path: url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      res.on('close', () => upstream.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.socketPath, () => resolve());
    });
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    fs.rmSync(this.socketPath, { force: true });
  }
}
