/**
 * Container files through the archive endpoint on the real engine: a stopped container of
 * an image without a shell (list, read, download, upload), a running one, links shown as
 * links and never followed here, a binary file, and a container removed while listed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ApiRequest, EngineApi } from '../../src/engine/api/engineApi';
import type { ContainerEngine } from '../../src/engine/engine';
import { ContainerFiles } from '../../src/engine/files/containerFiles';
import { planDownload } from '../../src/engine/files/downloadPlan';
import { downloadToHost } from '../../src/engine/files/downloadToHost';
import { ContainerFilesError } from '../../src/engine/files/filesErrors';
import { planUpload, uploadFromHost } from '../../src/engine/files/uploadFromHost';
import { README_TEXT, containerGone, createStopped, ensureNoShellImage, realEngineApi, removeContainer } from '../support/engineApi';
import { removeTestContainers, testLabels } from '../support/realEngine';

let engine: ContainerEngine;
let api: EngineApi;
let image: string;
let stopped: string;
let scratch: string;

/** Counts the archive streams asked for, to see what is served from the index. */
function counting(inner: EngineApi): { api: EngineApi; streams: () => number } {
  let streams = 0;
  return {
    api: {
      endpoint: inner.endpoint,
      json: <T>(r: ApiRequest, s?: AbortSignal) => inner.json<T>(r, s),
      head: (r, s) => inner.head(r, s),
      upload: (r, b, s) => inner.upload(r, b, s),
      hijack: (r, s) => inner.hijack(r, s),
      stream: (r, s) => (streams++, inner.stream(r, s)),
    },
    streams: () => streams,
  };
}

async function rejectsWith(work: Promise<unknown>, problem: string): Promise<ContainerFilesError> {
  const err = await work.then(
    () => assert.fail(`expected ${problem}`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ContainerFilesError, `a ContainerFilesError, not ${String(err)}`);
  assert.equal(err.problem, problem, err.message);
  return err;
}

before(async () => {
  ({ engine, api } = await realEngineApi());
  image = await ensureNoShellImage(engine);
  stopped = await createStopped(api, image);
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-files-'));
});

after(async () => {
  await removeTestContainers(engine);
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('container files: a stopped container of an image without a shell', { timeout: 120_000 }, () => {
  it('lists folders lazily; links are links with their stored target; subfolders come from the first listing', async () => {
    const { api: counted, streams } = counting(api);
    const files = new ContainerFiles(counted, stopped);
    const top = await files.list('/');
    assert.ok(
      top.some((e) => e.name === 'data' && e.kind === 'directory'),
      JSON.stringify(top.map((e) => e.name)),
    );
    const asked = streams();
    const data = await files.list('/data');
    const byName = new Map(data.map((e) => [e.name, e]));
    assert.deepEqual([...byName.keys()], ['big.txt', 'docs', 'hard-readme.txt', 'outside-link', 'readme-link', 'tool.bin']);
    assert.equal(byName.get('readme-link')?.kind, 'symlink');
    assert.equal(byName.get('readme-link')?.linkTarget, 'docs/readme.txt');
    assert.equal(byName.get('outside-link')?.linkTarget, '/etc/passwd');
    assert.equal(byName.get('big.txt')?.size, 300000);
    assert.equal(byName.get('hard-readme.txt')?.size, README_TEXT.length, 'a hard link has the size of its file');
    assert.equal(byName.get('docs')?.path, '/data/docs');
    assert.deepEqual(
      (await files.list('/data/docs/deep')).map((e) => e.name),
      ['leaf.txt'],
    );
    assert.equal(streams(), asked, 'no new request for folders below a listed one');
    files.forget('/data');
    await files.list('/data');
    assert.equal(streams(), asked + 1, 'forget makes the next listing ask again');
  });

  it('stats one path without reading it', async () => {
    const files = new ContainerFiles(api, stopped);
    const link = await files.stat('/data/readme-link');
    assert.equal(link?.kind, 'symlink');
    assert.equal(link?.linkTarget, '/data/docs/readme.txt', 'the engine resolves it inside the container');
    assert.equal((await files.stat('/data/docs'))?.kind, 'directory');
    assert.equal(await files.stat('/data/nothing-here'), undefined);
  });

  it('reads text, detects a binary file, refuses one over the size limit, a folder and a missing path', async () => {
    const files = new ContainerFiles(api, stopped);
    const text = await files.readFile('/data/docs/readme.txt');
    assert.equal(text.bytes.toString('utf8'), README_TEXT);
    assert.equal(text.binary, false);
    const binary = await files.readFile('/data/tool.bin');
    assert.equal(binary.binary, true);
    assert.equal(binary.bytes.subarray(0, 4).toString('latin1'), '\x7fELF');
    const big = await rejectsWith(files.readFile('/data/big.txt', { maxBytes: 100_000 }), 'tooLarge');
    assert.equal(big.size, 300000);
    assert.match(big.message, /download it instead/);
    assert.equal((await files.readFile('/data/big.txt')).bytes.length, 300000);
    await rejectsWith(files.readFile('/data/docs'), 'notAFile');
    await rejectsWith(files.readFile('/data/missing.txt'), 'notFound');
    await rejectsWith(files.list('/data/missing'), 'notFound');
    await rejectsWith(files.list('/data/big.txt'), 'notAFolder');
  });

  it('reads through a link only when asked, inside the container; a link out of it finds nothing', async () => {
    const files = new ContainerFiles(api, stopped);
    await rejectsWith(files.readFile('/data/readme-link'), 'notAFile');
    const followed = await files.readFile('/data/readme-link', { followLinks: true });
    assert.equal(followed.readFrom, '/data/docs/readme.txt');
    assert.equal(followed.bytes.toString('utf8'), README_TEXT);
    // /etc/passwd exists on this machine, not in the image: nothing is read from here.
    await rejectsWith(files.readFile('/data/outside-link', { followLinks: true }), 'notFound');
  });

  it('downloads a folder: plan first, links made as links (never followed), replacing only when agreed', async () => {
    const files = new ContainerFiles(api, stopped);
    const dest = fs.mkdtempSync(path.join(scratch, 'download-'));
    const first = await planDownload(files, '/data', dest);
    assert.equal(first.target, path.join(fs.realpathSync(dest), 'data'));
    assert.deepEqual([first.replaces, first.merges, first.blocked], [[], [], []]);
    assert.equal(first.creates, first.entries);
    const result = await downloadToHost(api, stopped, '/data', dest, { replace: false });
    const target = result.target;
    assert.equal(fs.readFileSync(path.join(target, 'docs', 'readme.txt'), 'utf8'), README_TEXT);
    assert.equal(fs.readFileSync(path.join(target, 'hard-readme.txt'), 'utf8'), README_TEXT);
    assert.equal(fs.statSync(path.join(target, 'big.txt')).size, 300000);
    assert.ok(fs.lstatSync(path.join(target, 'outside-link')).isSymbolicLink());
    assert.equal(fs.readlinkSync(path.join(target, 'outside-link')), '/etc/passwd');
    assert.equal(fs.readlinkSync(path.join(target, 'readme-link')), 'docs/readme.txt');
    assert.deepEqual(fs.readdirSync(dest), ['data'], 'no staging folder left');

    fs.writeFileSync(path.join(target, 'docs', 'readme.txt'), 'my edit');
    const again = await planDownload(files, '/data', dest);
    assert.ok(again.replaces.includes(path.join(target, 'docs', 'readme.txt')), JSON.stringify(again.replaces));
    assert.ok(again.merges.includes(path.join(target, 'docs')));
    const kept = await downloadToHost(api, stopped, '/data', dest, { replace: false });
    assert.ok(kept.kept.includes(path.join(target, 'docs', 'readme.txt')));
    assert.equal(fs.readFileSync(path.join(target, 'docs', 'readme.txt'), 'utf8'), 'my edit', 'not replaced without agreement');
    const replaced = await downloadToHost(api, stopped, '/data', dest, { replace: true });
    assert.ok(replaced.replaced.includes(path.join(target, 'docs', 'readme.txt')));
    assert.equal(fs.readFileSync(path.join(target, 'docs', 'readme.txt'), 'utf8'), README_TEXT);
  });

  it('never writes through a link on this machine: a link where a folder goes blocks it', async () => {
    const files = new ContainerFiles(api, stopped);
    const dest = fs.mkdtempSync(path.join(scratch, 'blocked-'));
    const elsewhere = fs.mkdtempSync(path.join(scratch, 'elsewhere-'));
    fs.mkdirSync(path.join(dest, 'data'));
    fs.symlinkSync(elsewhere, path.join(dest, 'data', 'docs'));
    const plan = await planDownload(files, '/data', dest);
    assert.ok(
      plan.blocked.some((b) => b.hostPath === path.join(fs.realpathSync(dest), 'data', 'docs') && /link/.test(b.reason)),
      JSON.stringify(plan.blocked),
    );
    assert.ok(
      plan.blocked.some((b) => b.hostPath.endsWith(path.join('docs', 'readme.txt'))),
      'everything below it is blocked too',
    );
    const result = await downloadToHost(api, stopped, '/data', dest, { replace: true });
    assert.ok(result.blocked.some((b) => /link/.test(b.reason)));
    assert.deepEqual(fs.readdirSync(elsewhere), [], 'nothing written where the link points');
    assert.equal(fs.readFileSync(path.join(dest, 'data', 'big.txt'), 'utf8').length, 300000, 'the rest is there');
  });

  it('downloads one file, and one link as a link', async () => {
    const dest = fs.mkdtempSync(path.join(scratch, 'one-'));
    await downloadToHost(api, stopped, '/data/tool.bin', dest, { replace: false });
    assert.equal(fs.readFileSync(path.join(dest, 'tool.bin')).subarray(0, 4).toString('latin1'), '\x7fELF');
    await downloadToHost(api, stopped, '/data/outside-link', dest, { replace: false });
    assert.equal(fs.readlinkSync(path.join(dest, 'outside-link')), '/etc/passwd');
  });

  it('uploads files, a folder and a link (as a link) into a folder; the plan says what exists', async () => {
    const id = await createStopped(api, image);
    const source = fs.mkdtempSync(path.join(scratch, 'upload-'));
    fs.mkdirSync(path.join(source, 'notes', 'inner'), { recursive: true });
    fs.writeFileSync(path.join(source, 'notes', 'a.txt'), 'alpha\n');
    fs.writeFileSync(path.join(source, 'notes', 'inner', 'b.bin'), Buffer.from([0, 1, 2, 3]));
    fs.symlinkSync('/etc/hostname', path.join(source, 'notes', 'host-link'));
    fs.writeFileSync(path.join(source, 'single.txt'), 'single\n');
    const items = [path.join(source, 'notes'), path.join(source, 'single.txt')];
    const before = await planUpload(api, id, '/data/docs', items);
    assert.deepEqual([before.replaces, before.clashes], [[], []]);
    const result = await uploadFromHost(api, id, '/data/docs', items);
    assert.equal(result.files, 3);
    const files = new ContainerFiles(api, id);
    assert.deepEqual(
      (await files.list('/data/docs/notes')).map((e) => [e.name, e.kind]),
      [
        ['a.txt', 'file'],
        ['host-link', 'symlink'],
        ['inner', 'directory'],
      ],
    );
    assert.equal((await files.stat('/data/docs/notes/host-link'))?.kind, 'symlink');
    assert.equal((await files.readFile('/data/docs/notes/a.txt')).bytes.toString(), 'alpha\n');
    assert.equal((await files.readFile('/data/docs/notes/inner/b.bin')).binary, true);
    const again = await planUpload(api, id, '/data/docs', items);
    assert.deepEqual(again.replaces, ['/data/docs/single.txt']);
    await rejectsWith(uploadFromHost(api, id, '/data/not-there', items), 'notFound');
    await rejectsWith(planUpload(api, id, '/data/big.txt', items), 'notAFolder');
  });
});

describe('container files: a running container, and one removed', { timeout: 120_000 }, () => {
  it('lists and reads a running container', async () => {
    const id = await createStopped(api, 'debian:bookworm-slim', {
      Cmd: ['sh', '-c', "trap 'exit 0' TERM; while :; do sleep 0.2; done"],
      Labels: testLabels,
    });
    await api.json({ method: 'POST', path: `/containers/${id}/start` });
    const files = new ContainerFiles(api, id);
    assert.ok((await files.list('/etc')).some((e) => e.name === 'os-release'));
    assert.match((await files.readFile('/etc/os-release', { followLinks: true })).bytes.toString(), /bookworm/);
    await removeContainer(api, id);
  });

  it('a removal asked for during a listing waits for it; then the next read says the container is gone', async () => {
    const id = await createStopped(api, 'python:3.11-slim');
    const files = new ContainerFiles(api, id);
    let removal: Promise<unknown> | undefined;
    const listed = await files.list('/usr', undefined, (n) => {
      if (n === 1) removal = api.json({ method: 'DELETE', path: `/containers/${id}`, query: { force: true } });
    });
    assert.ok(
      listed.some((e) => e.name === 'bin'),
      'the engine finishes the stream it started',
    );
    await removal;
    assert.equal(await containerGone(api, id), true);
    const gone = await rejectsWith(files.readFile('/usr/lib/os-release', { followLinks: true }), 'containerGone');
    assert.match(gone.message, /is gone \(it was removed\)/);
    files.forget();
    await rejectsWith(files.list('/usr'), 'containerGone');
    await rejectsWith(files.list('/etc'), 'containerGone');
  });
});
