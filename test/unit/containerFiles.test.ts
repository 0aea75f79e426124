import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { extract } from 'tar-stream';
import { CancelledError } from '../../src/engine/errors';
import { ContainerFiles } from '../../src/engine/files/containerFiles';
import { downloadToHost } from '../../src/engine/files/downloadToHost';
import { ContainerFilesError } from '../../src/engine/files/filesErrors';
import { uploadFromHost } from '../../src/engine/files/uploadFromHost';
import { FakeEngineApi, type FakeAnswer, statHeader, tarOf } from '../support/fakeEngineApi';

const STAT = 'x-docker-container-path-stat';
let scratch: string;
before(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-files-unit-'));
});
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

function problemOf(err: unknown): string {
  assert.ok(err instanceof ContainerFilesError, String(err));
  return err.problem;
}

/** A container whose `/app` holds a.txt and sub/b.txt; `exists` says whether the container is still there. */
function fakeContainer(options: { exists?: () => boolean; archive?: () => Promise<FakeAnswer> } = {}) {
  const exists = options.exists ?? (() => true);
  const archive = async () => ({
    body: await tarOf([
      { name: './', type: 'directory' },
      { name: './a.txt', content: 'A' },
      { name: './sub/', type: 'directory' },
      { name: './sub/b.txt', content: 'B' },
    ]),
  });
  return new FakeEngineApi([
    {
      method: 'GET',
      path: /\/containers\/c1\/json$/,
      answer: () => (exists() ? { json: {} } : { status: 404, message: 'No such container: c1' }),
    },
    {
      method: 'HEAD',
      path: /\/archive$/,
      answer: (r) => (r.query?.path === '/app' ? { headers: { [STAT]: statHeader({ name: 'app', kind: 'directory' }) } } : { status: 404 }),
    },
    { method: 'GET', path: /\/archive$/, answer: options.archive ?? archive },
  ]);
}

describe('ContainerFiles with a fake engine', () => {
  it('asks for a folder as `folder/.` once; its subfolders come from the same answer', async () => {
    const api = fakeContainer();
    const files = new ContainerFiles(api, 'c1');
    assert.deepEqual(
      (await files.list('/app')).map((e) => e.name),
      ['a.txt', 'sub'],
    );
    assert.deepEqual(
      (await files.list('/app/sub')).map((e) => e.path),
      ['/app/sub/b.txt'],
    );
    assert.equal(api.count('GET', /\/archive$/), 1);
    assert.equal(api.asked.find((r) => r.method === 'GET')?.query?.path, '/app/.');
    assert.deepEqual(
      (await files.subtree('/app')).map((e) => e.path),
      ['/app/a.txt', '/app/sub', '/app/sub/b.txt'],
    );
  });

  it('tells a removed container from a missing path after a 404', async () => {
    let exists = true;
    const api = fakeContainer({ exists: () => exists, archive: async () => ({ status: 404, message: 'Could not find the file' }) });
    const files = new ContainerFiles(api, 'c1');
    assert.equal(problemOf(await files.list('/nope').catch((e: unknown) => e)), 'notFound');
    assert.equal(await files.stat('/nope'), undefined);
    exists = false;
    const gone = (await files.list('/nope').catch((e: unknown) => e)) as Error;
    assert.equal(problemOf(gone), 'containerGone');
    assert.match(gone.message, /The container c1 is gone \(it was removed\)/);
    await assert.rejects(files.stat('/nope'), (e: unknown) => problemOf(e) === 'containerGone');
  });

  it('says a stream cut short: "removed" when the container went, "stopped sending" otherwise', async () => {
    const whole = await tarOf([
      { name: './', type: 'directory' },
      { name: './big', content: Buffer.alloc(5000) },
    ]);
    let exists = true;
    const api = fakeContainer({ exists: () => exists, archive: async () => ({ body: Readable.from([whole.subarray(0, 2000)]) }) });
    assert.equal(problemOf(await new ContainerFiles(api, 'c1').list('/app').catch((e: unknown) => e)), 'cutShort');
    exists = false;
    assert.equal(problemOf(await new ContainerFiles(api, 'c1').list('/app').catch((e: unknown) => e)), 'containerGone');
  });

  it('a folder asked for again while it is read waits for the same reading; one forgotten meanwhile is read again', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const whole = await tarOf([
      { name: './', type: 'directory' },
      { name: './a.txt', content: 'A' },
    ]);
    const api = fakeContainer({
      archive: async () => {
        await gate;
        return { body: Readable.from([whole]) };
      },
    });
    const files = new ContainerFiles(api, 'c1');
    const first = files.list('/app');
    const second = files.list('/app');
    release();
    assert.deepEqual(await first, await second);
    assert.equal(api.count('GET', /\/archive$/), 1);
    // Forgotten while a reading runs: that answer is given but not kept.
    files.forget();
    const third = files.list('/app');
    files.forget();
    await third;
    await files.list('/app');
    assert.equal(api.count('GET', /\/archive$/), 3);
  });

  it('a caller that joined a reading and cancels ends its own wait; the reading goes on for the first', async () => {
    const body = new PassThrough();
    const whole = await tarOf([
      { name: './', type: 'directory' },
      { name: './a.txt', content: 'A' },
    ]);
    const api = fakeContainer({ archive: async () => ({ body }) });
    const files = new ContainerFiles(api, 'c1');
    const first = files.list('/app');
    const controller = new AbortController();
    const joined = files.list('/app', controller.signal);
    controller.abort();
    await assert.rejects(joined, CancelledError);
    body.end(whole);
    assert.deepEqual(
      (await first).map((e) => e.name),
      ['a.txt'],
    );
    assert.equal(body.destroyed || body.readableEnded, true);
  });

  it('a cancelled listing is CancelledError and closes the stream', async () => {
    const body = new PassThrough();
    const api = fakeContainer({ archive: async () => ({ body }) });
    const controller = new AbortController();
    const listing = new ContainerFiles(api, 'c1').list('/app', controller.signal);
    await new Promise((r) => setImmediate(r));
    controller.abort();
    await assert.rejects(listing, CancelledError);
    assert.equal(body.destroyed, true);
  });
});

describe('downloadToHost with a fake engine', () => {
  it('a download cut short leaves the host folder as it was (no partial files, no staging folder)', async () => {
    const dest = fs.mkdtempSync(path.join(scratch, 'dest-'));
    fs.mkdirSync(path.join(dest, 'app'));
    fs.writeFileSync(path.join(dest, 'app', 'a.txt'), 'mine');
    const whole = await tarOf([
      { name: './', type: 'directory' },
      { name: './a.txt', content: 'theirs' },
      { name: './big', content: Buffer.alloc(5000) },
    ]);
    const api = fakeContainer({ archive: async () => ({ body: Readable.from([whole.subarray(0, 2500)]) }) });
    await assert.rejects(downloadToHost(api, 'c1', '/app', dest, { replace: true }), (e: unknown) => problemOf(e) === 'cutShort');
    assert.deepEqual(fs.readdirSync(dest), ['app']);
    assert.deepEqual(fs.readdirSync(path.join(dest, 'app')), ['a.txt']);
    assert.equal(fs.readFileSync(path.join(dest, 'app', 'a.txt'), 'utf8'), 'mine');
  });
});

describe('uploadFromHost with a fake engine', () => {
  it('packs links as links and leaves out what is not a file, folder or link', async () => {
    const source = fs.mkdtempSync(path.join(scratch, 'src-'));
    fs.writeFileSync(path.join(source, 'f.txt'), 'file');
    fs.symlinkSync('/etc/passwd', path.join(source, 'pw'));
    const api = new FakeEngineApi([{ method: 'PUT', path: /\/archive$/, answer: () => ({}) }]);
    const result = await uploadFromHost(api, 'c1', '/dest', [path.join(source, 'f.txt'), path.join(source, 'pw'), '/dev/null']);
    assert.deepEqual(result, { files: 1, bytes: 4, skipped: ['/dev/null'] });
    assert.deepEqual(api.asked[0].query, { path: '/dest', noOverwriteDirNonDir: true });
    const entries: [string, string, string][] = [];
    const parser = extract();
    parser.on('entry', (header, stream, next) => {
      entries.push([header.name, header.type, header.linkname ?? '']);
      stream.on('end', () => next());
      stream.resume();
    });
    await new Promise<void>((resolve, reject) => {
      parser.on('finish', () => resolve());
      parser.on('error', reject);
      parser.end(api.uploads[0]);
    });
    assert.deepEqual(entries, [
      ['f.txt', 'file', ''],
      ['pw', 'symlink', '/etc/passwd'],
    ]);
  });

  it('the engine refusing a read-only folder is said as such', async () => {
    const source = fs.mkdtempSync(path.join(scratch, 'ro-'));
    fs.writeFileSync(path.join(source, 'f.txt'), 'file');
    const api = new FakeEngineApi([
      { method: 'PUT', path: /\/archive$/, answer: () => ({ status: 403, message: 'mounted volume is marked read-only' }) },
      { method: 'GET', path: /\/json$/, answer: () => ({ json: {} }) },
    ]);
    await assert.rejects(uploadFromHost(api, 'c1', '/data', [path.join(source, 'f.txt')]), (e: unknown) => problemOf(e) === 'readOnly');
  });
});
