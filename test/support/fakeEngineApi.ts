/**
 * An EngineApi that answers from routes the test gives, and records what was asked: for
 * unit tests of the volume, network, file and stats modules without an engine. A route's
 * answer with a status of 400 or more becomes the EngineRequestError the real one gives.
 */
import { type Duplex, PassThrough, Readable } from 'node:stream';
import { pack } from 'tar-stream';
import type { ApiRequest, ApiStream, EngineApi } from '../../src/engine/api/engineApi';
import type { EngineEndpoint } from '../../src/engine/connection';
import { EngineRequestError } from '../../src/engine/errors';

export interface FakeAnswer {
  status?: number;
  json?: unknown;
  headers?: Record<string, string>;
  body?: Readable | Buffer | string;
  /** The engine's message for a failure. */
  message?: string;
}

export interface Route {
  method: ApiRequest['method'];
  path: RegExp;
  answer: (request: ApiRequest) => FakeAnswer | Promise<FakeAnswer>;
}

export class FakeEngineApi implements EngineApi {
  readonly endpoint: EngineEndpoint = { host: 'unix:///fake/docker.sock', source: 'default' };
  readonly asked: ApiRequest[] = [];
  readonly uploads: Buffer[] = [];

  constructor(private readonly routes: Route[]) {}

  private async answer(request: ApiRequest): Promise<FakeAnswer> {
    this.asked.push(request);
    const route = this.routes.find((r) => r.method === request.method && r.path.test(request.path));
    if (!route) throw new EngineRequestError(`no route for ${request.method} ${request.path}`, 404);
    const answer = await route.answer(request);
    if ((answer.status ?? 200) >= 400)
      throw new EngineRequestError(answer.message ?? request.failures?.[answer.status!] ?? `status ${answer.status}`, answer.status);
    return answer;
  }

  async json<T>(request: ApiRequest): Promise<T> {
    return (await this.answer(request)).json as T;
  }

  async stream(request: ApiRequest): Promise<ApiStream> {
    const answer = await this.answer(request);
    const body = answer.body instanceof Readable ? answer.body : Readable.from([Buffer.from(answer.body ?? '')]);
    return { statusCode: answer.status ?? 200, headers: answer.headers ?? {}, body };
  }

  async head(request: Omit<ApiRequest, 'method'>): Promise<Record<string, string | string[] | undefined>> {
    return (await this.answer({ ...request, method: 'HEAD' })).headers ?? {};
  }

  async upload(request: Omit<ApiRequest, 'method'>, body: Readable): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
    this.uploads.push(Buffer.concat(chunks));
    await this.answer({ ...request, method: 'PUT' });
  }

  async hijack(request: ApiRequest): Promise<Duplex> {
    await this.answer(request);
    return new PassThrough();
  }

  count(method: ApiRequest['method'], path: RegExp): number {
    return this.asked.filter((r) => r.method === method && path.test(r.path)).length;
  }
}

export interface TarItem {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'fifo';
  content?: string | Buffer;
  linkname?: string;
  mode?: number;
}

/** A tar as the archive endpoint would send it. */
export async function tarOf(items: TarItem[]): Promise<Buffer> {
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  const ended = new Promise<void>((resolve) => tar.on('end', () => resolve()));
  for (const item of items) {
    const type = item.type ?? 'file';
    const content =
      type === 'file'
        ? typeof item.content === 'string'
          ? Buffer.from(item.content)
          : (item.content ?? Buffer.alloc(0))
        : Buffer.alloc(0);
    const header = {
      name: item.name,
      type,
      linkname: item.linkname,
      mode: item.mode ?? (type === 'directory' ? 0o755 : 0o644),
      mtime: new Date(0),
    };
    await new Promise<void>((resolve, reject) => tar.entry(header, content, (err) => (err ? reject(err) : resolve())));
  }
  tar.finalize();
  await ended;
  return Buffer.concat(chunks);
}

/** The stat header the engine sends for a path (Go FileMode bits above the permissions). */
export function statHeader(stat: {
  name: string;
  size?: number;
  kind: 'file' | 'directory' | 'symlink';
  mode?: number;
  linkTarget?: string;
}): string {
  const typeBits = stat.kind === 'directory' ? 2 ** 31 : stat.kind === 'symlink' ? 2 ** 27 : 0;
  const json = {
    name: stat.name,
    size: stat.size ?? 0,
    mode: typeBits + (stat.mode ?? 0o644),
    mtime: '2026-12-01T09:27:47Z',
    linkTarget: stat.linkTarget ?? '',
  };
  return Buffer.from(JSON.stringify(json)).toString('base64');
}
