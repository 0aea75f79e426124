/**
 * What the Files nodes do on the real engine: Upload… into a stopped container's folder
 * and the folder, forgotten, lists the new file (the registry the tree reads); a cancelled
 * upload aborts the engine call, and one cancelled part way says what it left there; a
 * volume's Files node browses, reads and downloads through helper containers none of
 * which is left afterwards, even when looks overlap.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { downloadQuestion } from '../../src/commands/containers/downloadWording';
import { hostPathsToUpload, uploadQuestion } from '../../src/commands/containers/uploadWording';
import type { EngineApi } from '../../src/engine/api/engineApi';
import { type ContainerEngine, PURPOSE_LABEL } from '../../src/engine/engine';
import { isCancellation } from '../../src/engine/errors';
import { UploadCancelledError, planUpload, uploadFromHost } from '../../src/engine/files/uploadFromHost';
import { createVolume, removeVolume } from '../../src/engine/volumes/volumes';
import { ContainerFilesRegistry } from '../../src/files/containerFilesRegistry';
import { VolumeFilesRegistry } from '../../src/files/volumeFilesRegistry';
import { createStopped, ensureNoShellImage, realEngineApi, removeContainer } from '../support/engineApi';
import { removeTestContainers, testLabels, testRunId } from '../support/realEngine';

let engine: ContainerEngine;
let api: EngineApi;
let image: string;
let scratch: string;
const volumeName = `cw-test-files-vol-${testRunId}`;

before(async () => {
  ({ engine, api } = await realEngineApi());
  image = await ensureNoShellImage(engine);
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-upload-'));
});

after(async () => {
  await removeTestContainers(engine);
  await removeVolume(api, volumeName).catch(() => undefined);
  fs.rmSync(scratch, { recursive: true, force: true });
});

function hostFile(name: string, text: string): string {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, text);
  return file;
}

/** Helper containers (of any run) that mount the volume. */
async function helpersMounting(volume: string): Promise<string[]> {
  const all = await api.json<{ Id: string; Mounts?: { Name?: string }[] }[]>({
    method: 'GET',
    path: '/containers/json',
    query: { all: true, filters: JSON.stringify({ label: [`${PURPOSE_LABEL}=volume-browser`] }) },
  });
  return all.filter((c) => c.Mounts?.some((m) => m.Name === volume)).map((c) => c.Id);
}

describe('Upload… into a stopped container of an image without a shell', { timeout: 120_000 }, () => {
  it('asks before replacing a file that is there, sends what was agreed, and the forgotten folder lists it', async () => {
    const id = await createStopped(api, image);
    const files = new ContainerFilesRegistry(() => api);
    const before = await files.get(id).list('/data/docs');
    assert.ok(before.some((e) => e.name === 'readme.txt'));
    assert.ok(!before.some((e) => e.name === 'uploaded.txt'));

    const picked = [hostFile('uploaded.txt', 'new from the host\n'), hostFile('readme.txt', 'would replace\n')];
    const plan = await planUpload(api, id, '/data/docs', picked);
    assert.equal(uploadQuestion(plan)?.message, 'Replace /data/docs/readme.txt in the container?');
    // "Keep Them": only the new file goes.
    const result = await uploadFromHost(api, id, '/data/docs', hostPathsToUpload(plan, false));
    assert.equal(result.files, 1);

    assert.ok(!(await files.get(id).list('/data/docs')).some((e) => e.name === 'uploaded.txt'), 'still the old listing until forgotten');
    files.forget(id);
    const after = await files.get(id).list('/data/docs');
    assert.equal(after.find((e) => e.name === 'uploaded.txt')?.size, 'new from the host\n'.length);
    assert.equal((await files.get(id).readFile('/data/docs/uploaded.txt')).bytes.toString(), 'new from the host\n');
    assert.notEqual(
      (await files.get(id).readFile('/data/docs/readme.txt')).bytes.toString(),
      'would replace\n',
      'the kept file is untouched',
    );
  });

  it('a cancelled upload aborts the engine call and says it was cancelled', async () => {
    const id = await createStopped(api, image);
    const controller = new AbortController();
    controller.abort();
    const err = await uploadFromHost(api, id, '/data', [hostFile('late.txt', 'x')], controller.signal).then(
      () => assert.fail('the upload should have been cancelled'),
      (e: unknown) => e,
    );
    assert.ok(isCancellation(err), `a cancellation, not ${String(err)}`);
    const files = new ContainerFilesRegistry(() => api);
    assert.ok(!(await files.get(id).list('/data')).some((e) => e.name === 'late.txt'));
  });
  it('an upload cancelled mid-transfer: a cancellation naming what was sent and the file cut short, which the folder then shows cut short', async () => {
    const id = await createStopped(api, image);
    const small = hostFile('first.txt', 'all of it\n');
    const big = path.join(scratch, 'big.bin');
    const bigSize = 64 * 1024 * 1024;
    fs.writeFileSync(big, Buffer.alloc(bigSize, 7));
    const controller = new AbortController();
    // Cancelled once 4 MiB of the big file are on their way (the small one went whole before it).
    const err = await uploadFromHost(api, id, '/data', [small, big], controller.signal, (bytes) => {
      if (bytes > 4 * 1024 * 1024) controller.abort();
    }).then(
      () => assert.fail('the upload should have been cancelled'),
      (e: unknown) => e,
    );
    assert.ok(isCancellation(err), `a cancellation, not ${String(err)}`);
    assert.ok(err instanceof UploadCancelledError);
    assert.deepEqual(err.sent, ['/data/first.txt']);
    assert.equal(err.cut, '/data/big.bin');
    // What the engine had written stays (the archive endpoint has no undo): the small file whole, the big one cut short
    // or not there, never whole. This is what the cancelled upload's notice says.
    const files = new ContainerFilesRegistry(() => api);
    const listed = await files.get(id).list('/data');
    assert.equal(listed.find((e) => e.name === 'first.txt')?.size, 'all of it\n'.length);
    const left = listed.find((e) => e.name === 'big.bin');
    assert.ok(left === undefined || left.size < bigSize, `big.bin is not whole: ${left?.size ?? 'absent'} of ${bigSize} bytes`);
  });
});

describe("a volume's Files node", { timeout: 120_000 }, () => {
  it('lists, stats and reads the volume read-only; no helper container is left, even when looks overlap', async () => {
    await createVolume(api, { name: volumeName, labels: testLabels });
    // Fill it through a created (never started) container that mounts it writable: no shell needed.
    const writer = await createStopped(api, image, {
      HostConfig: { Mounts: [{ Type: 'volume', Source: volumeName, Target: '/store' }] },
    });
    await uploadFromHost(api, writer, '/store', [hostFile('note.txt', 'kept in a volume\n')]);
    await removeContainer(api, writer);

    const volumes = new VolumeFilesRegistry(() => api, { image, labels: testLabels });
    const [top, stat, content] = await Promise.all([
      volumes.get(volumeName).list('/'),
      volumes.get(volumeName).stat('/note.txt'),
      volumes.get(volumeName).readFile('/note.txt', { followLinks: true }),
    ]);
    assert.deepEqual(
      top.map((e) => [e.name, e.kind, e.path]),
      [['note.txt', 'file', '/note.txt']],
    );
    assert.equal(stat?.size, 'kept in a volume\n'.length);
    assert.equal(content.bytes.toString(), 'kept in a volume\n');
    assert.deepEqual(await helpersMounting(volumeName), [], 'every helper went when its look ended');

    // Kept until a Refresh: the tree's redraws ask the engine nothing (and make no helper).
    assert.strictEqual(volumes.get(volumeName).list('/'), volumes.get(volumeName).list('/'));
    volumes.forget();
    assert.equal((await volumes.get(volumeName).list('/')).length, 1);
    // Removable right after browsing: nothing mounts it any more.
    await removeVolume(api, volumeName);
  });

  it('downloads a file and the whole volume (into a folder named after it), asking first when a file is there; no helper is left', async () => {
    const name = `${volumeName}-dl`;
    await createVolume(api, { name, labels: testLabels });
    try {
      const writer = await createStopped(api, image, { HostConfig: { Mounts: [{ Type: 'volume', Source: name, Target: '/store' }] } });
      const notes = path.join(scratch, 'notes');
      fs.mkdirSync(path.join(notes, 'deep'), { recursive: true });
      fs.writeFileSync(path.join(notes, 'a.txt'), 'first note\n');
      fs.writeFileSync(path.join(notes, 'deep', 'b.txt'), 'second note\n');
      await uploadFromHost(api, writer, '/store', [notes]);
      await removeContainer(api, writer);

      const files = new VolumeFilesRegistry(() => api, { image, labels: testLabels }).get(name);
      const dest = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cw-volume-dl-')));
      try {
        // One file: nothing there yet, so nothing to ask.
        const one = await files.planDownload('/notes/a.txt', dest);
        assert.equal(one.target, path.join(dest, 'a.txt'));
        assert.equal(downloadQuestion(one), undefined);
        await files.downloadToHost('/notes/a.txt', dest, { replace: false });
        assert.equal(fs.readFileSync(path.join(dest, 'a.txt'), 'utf8'), 'first note\n');

        // The whole volume, with one of its files there already and changed: asked (the Download… wording); kept, the rest written.
        const top = path.join(dest, name);
        fs.mkdirSync(path.join(top, 'notes'), { recursive: true });
        fs.writeFileSync(path.join(top, 'notes', 'a.txt'), 'changed here\n');
        const all = await files.planDownload('/', dest);
        assert.equal(all.target, top, 'the top lands in a folder named after the volume');
        assert.equal(downloadQuestion(all)?.message, `Replace ${path.join(top, 'notes', 'a.txt')}?`);
        const kept = await files.downloadToHost('/', dest, { replace: false });
        assert.deepEqual(kept.kept, [path.join(top, 'notes', 'a.txt')]);
        assert.equal(fs.readFileSync(path.join(top, 'notes', 'a.txt'), 'utf8'), 'changed here\n');
        assert.equal(fs.readFileSync(path.join(top, 'notes', 'deep', 'b.txt'), 'utf8'), 'second note\n');
        // Replace: the volume's bytes come back.
        await files.downloadToHost('/', dest, { replace: true });
        assert.equal(fs.readFileSync(path.join(top, 'notes', 'a.txt'), 'utf8'), 'first note\n');
      } finally {
        fs.rmSync(dest, { recursive: true, force: true });
      }
      assert.deepEqual(await helpersMounting(name), [], 'every look removed its helper');
    } finally {
      await removeVolume(api, name).catch(() => undefined);
    }
  });
});
