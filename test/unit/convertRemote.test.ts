/**
 * Convert by copying (an engine that cannot see this machine's files), without an engine:
 * which files go up, the tar they go in, the video coming back, and convertFolder's copy
 * branch against a fake engine with an archive API: no volumes, create → upload → start,
 * progress upload / convert / download, cancel leaving nothing.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import * as tarStream from 'tar-stream';
import type { ContainerArchive } from '../../src/engine/containerArchive';
import type { RunRequest } from '../../src/engine/engine';
import { engineFileAccess } from '../../src/engine/engineLocality';
import { CancelledError } from '../../src/engine/errors';
import { type ConvertProgress, convertFolder } from '../../src/workflows/convertFolder';
import { downloadVideo, imageFilesToUpload, packFiles, transferMessage } from '../../src/workflows/convertRemote';
import { IMAGE_EXTENSIONS, isConvertibleName } from '../../src/workflows/imageFolders';
import { FakeEngine } from '../support/fakeEngine';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const templatesDir = path.join(repoRoot, 'templates');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-convert-remote-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface TarEntry {
  name: string;
  mode: number;
  uid: number;
  content: string;
}

async function readTar(tar: Readable): Promise<TarEntry[]> {
  const extract = tarStream.extract();
  tar.pipe(extract);
  const entries: TarEntry[] = [];
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry as AsyncIterable<Buffer>) chunks.push(chunk);
    entries.push({
      name: entry.header.name,
      mode: entry.header.mode ?? 0,
      uid: entry.header.uid ?? -1,
      content: Buffer.concat(chunks).toString(),
    });
  }
  return entries;
}

function tarOf(files: Record<string, string>): Readable {
  const pack = tarStream.pack();
  for (const [name, content] of Object.entries(files)) pack.entry({ name }, content);
  pack.finalize();
  return pack as unknown as Readable;
}

let cases = 0;
function caseDir(): string {
  const dir = path.join(tmp, `case-${++cases}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

describe('what is uploaded', () => {
  it("IMAGE_EXTENSIONS is the converter's own list", () => {
    const script = fs.readFileSync(path.join(templatesDir, 'img2vid', 'img2vid.py'), 'utf8');
    const tuple = /^IMAGE_EXTENSIONS = \(([^)]*)\)/m.exec(script)?.[1] ?? '';
    assert.deepEqual(
      [...tuple.matchAll(/"([^"]+)"/g)].map((m) => m[1]),
      IMAGE_EXTENSIONS,
    );
  });

  it('names the converter would read: image extensions in any case, never hidden files', () => {
    assert.equal(isConvertibleName('a.JPG'), true);
    assert.equal(isConvertibleName('b.tiff'), true);
    assert.equal(isConvertibleName('.c.png'), false);
    assert.equal(isConvertibleName('notes.txt'), false);
  });

  it('top-level image files and links to files inside the folder; not folders, other files, links that leave, dangling links', () => {
    const parent = caseDir();
    const folder = path.join(parent, 'frames');
    fs.mkdirSync(path.join(folder, 'sub.png'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'b.jpg'), 'B');
    fs.writeFileSync(path.join(folder, 'a.png'), 'AA');
    fs.writeFileSync(path.join(folder, '.hidden.png'), 'H');
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'N');
    fs.writeFileSync(path.join(parent, 'secret.png'), 'S');
    fs.symlinkSync('a.png', path.join(folder, 'c.png'));
    fs.symlinkSync(path.join(parent, 'secret.png'), path.join(folder, 'd.png'));
    fs.symlinkSync('missing.png', path.join(folder, 'e.png'));
    const files = imageFilesToUpload(folder);
    assert.deepEqual(
      files.map((f) => [f.name, f.size]),
      [
        ['a.png', 2],
        ['b.jpg', 1],
        ['c.png', 2],
      ],
    );
  });

  it('packFiles: one entry per file, read-only for others, owned by root, bytes counted', async () => {
    const folder = caseDir();
    fs.writeFileSync(path.join(folder, 'a.png'), 'AA');
    fs.writeFileSync(path.join(folder, 'b.jpg'), 'BBB');
    fs.chmodSync(path.join(folder, 'b.jpg'), 0o600);
    let counted = 0;
    const entries = await readTar(packFiles(imageFilesToUpload(folder), (n) => (counted += n)));
    assert.deepEqual(entries, [
      { name: 'a.png', mode: 0o644, uid: 0, content: 'AA' },
      { name: 'b.jpg', mode: 0o644, uid: 0, content: 'BBB' },
    ]);
    assert.equal(counted, 5);
  });
});

describe('downloadVideo', () => {
  const archive = (files: Record<string, string>): ContainerArchive => ({
    putArchive: async () => undefined,
    getArchive: async () => tarOf(files),
  });

  it('writes the one named file into the folder, with download progress', async () => {
    const dir = caseDir();
    const progress: ConvertProgress[] = [];
    const result = await downloadVideo(archive({ 'v.mp4': 'video bytes', 'other.txt': 'x' }), 'id', 'v.mp4', dir, (p) => progress.push(p));
    assert.equal(fs.readFileSync(path.join(dir, 'v.mp4'), 'utf8'), 'video bytes');
    assert.deepEqual(fs.readdirSync(dir), ['v.mp4']);
    assert.equal(result.bytes, 11);
    assert.deepEqual(progress.filter((p) => p.kind === 'transfer').at(-1), {
      kind: 'transfer',
      direction: 'download',
      bytes: 11,
      total: 11,
    });
  });

  it('no such file in what came back: an error; an existing file is never overwritten', async () => {
    const dir = caseDir();
    await assert.rejects(
      downloadVideo(archive({ 'x.mp4': 'x' }), 'id', 'v.mp4', dir, () => undefined),
      /sent no v\.mp4 back/,
    );
    fs.writeFileSync(path.join(dir, 'v.mp4'), 'mine');
    await assert.rejects(
      downloadVideo(archive({ 'v.mp4': 'new' }), 'id', 'v.mp4', dir, () => undefined),
      /EEXIST/,
    );
    assert.equal(fs.readFileSync(path.join(dir, 'v.mp4'), 'utf8'), 'mine');
  });
});

describe('engineFileAccess', () => {
  it('sockets and pipes: mount; tcp and ssh (even on 127.0.0.1): copy; an override wins', () => {
    assert.equal(engineFileAccess({ host: 'unix:///var/run/docker.sock' }), 'mount');
    assert.equal(engineFileAccess({ host: 'npipe:////./pipe/docker_engine' }), 'mount');
    for (const host of ['tcp://127.0.0.1:2376', 'tcp://build-box:2376', 'ssh://me@box', 'https://h'])
      assert.equal(engineFileAccess({ host }), 'copy', host);
    assert.equal(engineFileAccess({ host: 'unix:///var/run/docker.sock' }, 'copy'), 'copy');
    assert.equal(engineFileAccess({ host: 'ssh://me@box' }, 'mount'), 'mount');
  });
});

const doneLine = (name: string) =>
  JSON.stringify({
    event: 'done',
    output: `/output/${name}`,
    frames: 2,
    skipped: 0,
    duration: 0.4,
    width: 64,
    height: 48,
    fps: 5,
    elapsed: 0.1,
  });

/** A fake engine with an archive API: what is uploaded is kept; the "converter" sends `video` back. */
class ArchiveEngine extends FakeEngine implements ContainerArchive {
  uploads: { id: string; path: string; entries: TarEntry[] }[] = [];
  creates: RunRequest[] = [];
  order: string[] = [];
  video = 'video bytes';

  override async create(request: RunRequest, signal?: AbortSignal): Promise<string> {
    const id = await super.create(request, signal);
    this.creates.push(request);
    this.order.push('create');
    this.outputs.set(id, [
      { text: `${JSON.stringify({ event: 'progress', frame: 1, total: 2 })}\n${doneLine(request.args?.at(-1) ?? '')}\n`, stream: 'stdout' },
    ]);
    return id;
  }

  override async start(id: string, signal?: AbortSignal): Promise<void> {
    this.order.push('start');
    await super.start(id, signal);
  }

  async putArchive(id: string, containerPath: string, tar: Readable, signal?: AbortSignal): Promise<void> {
    this.order.push('putArchive');
    if (signal?.aborted) throw new CancelledError();
    this.uploads.push({ id, path: containerPath, entries: await readTar(tar) });
  }

  async getArchive(_id: string, containerPath: string): Promise<Readable> {
    this.order.push(`getArchive ${containerPath}`);
    return tarOf({ [path.posix.basename(containerPath)]: this.video });
  }
}

describe('convertFolder on an engine that cannot see this machine', () => {
  function setup(): { parent: string; folder: string } {
    const parent = caseDir();
    const folder = path.join(parent, 'frames');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'f1.png'), 'one');
    fs.writeFileSync(path.join(folder, 'f2.png'), 'two');
    return { parent, folder };
  }

  it('tcp://: no volumes; create, upload to /input, start, download /output/<name>; the video is placed; progress has all three phases', async () => {
    const engine = new ArchiveEngine({ endpoint: { host: 'tcp://build-box:2376', source: 'setting' } });
    const { parent, folder } = setup();
    const progress: ConvertProgress[] = [];
    const result = await convertFolder(engine, { folder, output: path.join(parent, 'frames.mp4'), fps: 5, templatesDir }, (p) =>
      progress.push(p),
    );
    assert.deepEqual(
      engine.creates.map((r) => r.volumes),
      [[]],
      'no bind mount',
    );
    assert.equal(engine.creates[0].network, 'none');
    assert.equal(engine.creates[0].user, undefined, "the image's own user: the engine's machine has no uid of ours");
    assert.deepEqual(engine.order, ['create', 'putArchive', 'start', 'getArchive /output/frames.mp4']);
    assert.deepEqual(
      engine.uploads.map((u) => [u.path, u.entries.map((e) => e.name)]),
      [['/input', ['f1.png', 'f2.png']]],
    );
    assert.equal(fs.readFileSync(result.output, 'utf8'), 'video bytes');
    assert.deepEqual(fs.readdirSync(parent).sort(), ['frames', 'frames.mp4'], 'no staging folder left');
    assert.deepEqual(result.transfer && { up: result.transfer.uploadedBytes, down: result.transfer.downloadedBytes }, { up: 6, down: 11 });
    const phases = [...new Set(progress.flatMap((p) => (p.kind === 'transfer' ? [p.direction] : p.kind === 'frame' ? ['convert'] : [])))];
    assert.deepEqual(phases, ['upload', 'convert', 'download']);
    assert.ok(progress.some((p) => p.kind === 'preparing' && /Uploading 2 images/.test(p.message)));
  });

  it('a unix socket keeps the bind mounts; the override makes it copy', async () => {
    const local = new ArchiveEngine();
    const { parent, folder } = setup();
    await convertFolder(local, { folder, output: path.join(parent, 'a.mp4'), fps: 5, templatesDir, fileAccess: 'copy' });
    assert.deepEqual(local.creates[0].volumes, []);
    assert.equal(local.uploads.length, 1);
  });

  it('cancelled while downloading: CancelledError, the container removed, no file here', async () => {
    const engine = new ArchiveEngine({ endpoint: { host: 'ssh://me@box', source: 'setting' } });
    const { parent, folder } = setup();
    const controller = new AbortController();
    await assert.rejects(
      convertFolder(
        engine,
        { folder, output: path.join(parent, 'frames.mp4'), fps: 5, templatesDir },
        (p) => {
          if (p.kind === 'transfer' && p.direction === 'download') controller.abort();
        },
        controller.signal,
      ),
      CancelledError,
    );
    assert.deepEqual(fs.readdirSync(parent), ['frames']);
    assert.deepEqual(
      (await engine.listContainers({ all: true })).map((c) => c.id),
      [],
      'the converter is removed',
    );
  });

  it('cancelled while uploading: nothing started, the container removed', async () => {
    const engine = new ArchiveEngine({ endpoint: { host: 'tcp://build-box:2376', source: 'setting' } });
    const { parent, folder } = setup();
    const controller = new AbortController();
    await assert.rejects(
      convertFolder(
        engine,
        { folder, output: path.join(parent, 'frames.mp4'), fps: 5, templatesDir },
        (p) => {
          if (p.kind === 'transfer' && p.direction === 'upload') controller.abort();
        },
        controller.signal,
      ),
      CancelledError,
    );
    assert.ok(!engine.order.includes('start'));
    assert.deepEqual(fs.readdirSync(parent), ['frames']);
    assert.deepEqual(
      (await engine.listContainers({ all: true })).map((c) => c.id),
      [],
    );
  });
});

describe('transferMessage', () => {
  it('says which way, how much of how much, and the percentage', () => {
    assert.equal(transferMessage('upload', 3_200_000, 10_000_000), 'Uploading the images to the engine: 3.2 of 10.0 MB (32%)');
    assert.equal(transferMessage('download', 5_000_000, 5_000_000), 'Downloading the video from the engine: 5.0 of 5.0 MB (100%)');
    assert.equal(transferMessage('download', 1_000_000, 0), 'Downloading the video from the engine: 1.0 MB');
  });
});
