/**
 * Named volumes on the real engine: names the engine refuses, create, use in a run (the
 * `-v name:/path` of runAdditions), who uses it, sizes, removal refused while used, the
 * read-only browser through a never-started helper, and prune in two steps. Everything
 * made here carries this test run's label; listings are narrowed to it (other suites use
 * the same engine).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { EngineApi } from '../../src/engine/api/engineApi';
import { OWNER_LABEL, OWNER_VALUE, PURPOSE_LABEL, type ContainerEngine } from '../../src/engine/engine';
import { ContainerFilesError } from '../../src/engine/files/filesErrors';
import { sweepHelperContainers } from '../../src/engine/helperContainer';
import { AlreadyExistsError, InUseError } from '../../src/engine/inUseError';
import { InvalidNameError } from '../../src/engine/objectNames';
import { applyRunAdditions, runAdditionWords } from '../../src/engine/runAdditions';
import { toCreateOptions } from '../../src/engine/runArgs';
import { VOLUME_MOUNT, VolumeBrowser } from '../../src/engine/volumes/volumeBrowser';
import {
  createVolume,
  inspectVolume,
  listVolumes,
  removeVolume,
  removeVolumes,
  unusedVolumes,
  volumeSizes,
} from '../../src/engine/volumes/volumes';
import { containerGone, ensureNoShellImage, mineLabel, realEngineApi, removeContainer } from '../support/engineApi';
import { removeTestContainers, testLabels, testRunId } from '../support/realEngine';

let engine: ContainerEngine;
let api: EngineApi;
const volumeName = `cw-test-vol-${testRunId}`;
const WRITES =
  "mkdir -p /store/sub && printf 'kept in a volume\\n' > /store/note.txt && head -c 65536 /dev/zero > /store/sub/zeros.bin && ln -s note.txt /store/link && ln -s /etc/passwd /store/out";

/** A container run to its end with the volume mounted through runAdditions; returns its id (kept, exited). */
async function runWithVolume(script: string, readOnly = false): Promise<string> {
  const options = applyRunAdditions(toCreateOptions({ image: 'debian:bookworm-slim', args: ['sh', '-c', script], labels: testLabels }), {
    namedVolumes: [{ volume: volumeName, containerPath: '/store', readOnly }],
  });
  const { Id } = await api.json<{ Id: string }>({ method: 'POST', path: '/containers/create', body: options });
  await api.json({ method: 'POST', path: `/containers/${Id}/start` });
  const { StatusCode } = await api.json<{ StatusCode: number }>({ method: 'POST', path: `/containers/${Id}/wait`, timeoutMs: 0 });
  assert.equal(StatusCode, 0, `the script exited ${StatusCode}`);
  return Id;
}

async function cleanVolumes(): Promise<void> {
  for (const v of await listVolumes(api, { label: mineLabel })) await removeVolume(api, v.name).catch(() => undefined);
}

before(async () => {
  ({ engine, api } = await realEngineApi());
});

after(async () => {
  await removeTestContainers(engine);
  await cleanVolumes();
});

describe('named volumes', { timeout: 120_000 }, () => {
  it('refuses names the engine refuses, saying the rule, before asking it', async () => {
    for (const bad of ['a b', 'x', '-leading', 'ü-umlaut', '']) {
      await assert.rejects(createVolume(api, { name: bad }), (err: unknown) => {
        assert.ok(err instanceof InvalidNameError, String(err));
        assert.match(err.message, /\[a-zA-Z0-9\]\[a-zA-Z0-9_\.-\]\+/);
        return true;
      });
    }
    assert.equal(await inspectVolume(api, 'a b'), undefined);
  });

  it('creates, refuses the same name twice, lists and inspects', async () => {
    const created = await createVolume(api, { name: volumeName, labels: testLabels });
    assert.equal(created.name, volumeName);
    assert.equal(created.driver, 'local');
    await assert.rejects(createVolume(api, { name: volumeName, labels: testLabels }), AlreadyExistsError);
    const mine = await listVolumes(api, { label: mineLabel });
    assert.deepEqual(
      mine.map((v) => [v.name, v.users.length]),
      [[volumeName, 0]],
    );
    assert.equal((await inspectVolume(api, volumeName))?.Name, volumeName);
  });

  it('is used by a run (-v name:/path), names its users, and is not removed while one exists', async () => {
    assert.deepEqual(runAdditionWords({ namedVolumes: [{ volume: volumeName, containerPath: '/store', readOnly: false }] }), [
      '-v',
      `${volumeName}:/store`,
    ]);
    const writer = await runWithVolume(WRITES);
    const reader = await runWithVolume('test "$(cat /store/note.txt)" = "kept in a volume"', true);
    const [volume] = await listVolumes(api, { label: mineLabel });
    assert.deepEqual(new Set(volume.users.map((u) => u.id)), new Set([writer, reader]));
    assert.ok(volume.users.every((u) => u.state === 'exited' && u.containerPath === '/store'));
    assert.equal(volume.users.find((u) => u.id === reader)?.readOnly, true);

    const refusal = await removeVolume(api, volumeName).then(
      () => assert.fail('removed while in use'),
      (err: unknown) => err,
    );
    assert.ok(refusal instanceof InUseError, String(refusal));
    assert.equal(refusal.users.length, 2);
    assert.match(refusal.message, /is in use by .*\(exited\).*remove those containers first/);
    assert.ok(await inspectVolume(api, volumeName), 'still there');
    await removeContainer(api, reader);
  });

  it("says each volume's size from the engine's disk usage", async () => {
    const sizes = await volumeSizes(api);
    const size = sizes.get(volumeName);
    assert.ok(typeof size === 'number' && size >= 65536 + 17, `size ${size}`);
  });

  it('browses the volume read-only through a helper that never starts, from an image without a shell', async () => {
    const image = await ensureNoShellImage(engine);
    const browser = await VolumeBrowser.open(api, volumeName, { image, labels: testLabels });
    try {
      const top = await browser.list('/');
      assert.deepEqual(
        top.map((e) => [e.name, e.kind, e.path]),
        [
          ['link', 'symlink', '/link'],
          ['note.txt', 'file', '/note.txt'],
          ['out', 'symlink', '/out'],
          ['sub', 'directory', '/sub'],
        ],
      );
      assert.equal(top.find((e) => e.name === 'out')?.linkTarget, '/etc/passwd');
      assert.deepEqual(
        (await browser.list('/sub')).map((e) => [e.name, e.size]),
        [['zeros.bin', 65536]],
      );
      assert.equal((await browser.readFile('/note.txt')).bytes.toString(), 'kept in a volume\n');
      const followed = await browser.readFile('/link', { followLinks: true });
      assert.equal(followed.readFrom, '/note.txt');
      await assert.rejects(
        browser.readFile('/out', { followLinks: true }),
        (err: unknown) => err instanceof ContainerFilesError && /outside the volume/.test(err.message),
      );
      assert.equal((await browser.readFile('/sub/zeros.bin')).binary, true);

      const helper = browser.helperId!;
      const inspect = await api.json<{
        State: { Status: string };
        Config: { Labels: Record<string, string> };
        Mounts: { Name: string; RW: boolean; Destination: string }[];
      }>({ method: 'GET', path: `/containers/${helper}/json` });
      assert.equal(inspect.State.Status, 'created', 'never started');
      assert.equal(inspect.Config.Labels[OWNER_LABEL], OWNER_VALUE);
      assert.equal(inspect.Config.Labels[PURPOSE_LABEL], 'volume-browser');
      assert.deepEqual(
        inspect.Mounts.map((m) => [m.Name, m.RW, m.Destination]),
        [[volumeName, false, VOLUME_MOUNT]],
      );

      const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-volume-download-'));
      const result = await browser.downloadToHost('/', dest, { replace: false });
      assert.equal(result.target, path.join(fs.realpathSync(dest), volumeName), 'the volume top lands in a folder named after it');
      assert.equal(fs.readFileSync(path.join(result.target, 'note.txt'), 'utf8'), 'kept in a volume\n');
      assert.equal(fs.readlinkSync(path.join(result.target, 'out')), '/etc/passwd');
      fs.rmSync(dest, { recursive: true, force: true });

      // Its helper removed under it (another window's sweep, a docker rm): it makes a new one.
      await removeContainer(api, helper);
      browser.forget();
      assert.equal((await browser.list('/')).length, 4);
      assert.notEqual(browser.helperId, helper);
    } finally {
      const last = browser.helperId;
      await browser.close();
      assert.equal(await containerGone(api, last!), true, 'the helper is removed on close');
    }
    assert.ok(await inspectVolume(api, volumeName), 'the volume stays');
  });

  it('refuses to browse a volume that does not exist (mounting it would make it)', async () => {
    await assert.rejects(VolumeBrowser.open(api, `${volumeName}-missing`), /no volume named/);
    assert.equal(await inspectVolume(api, `${volumeName}-missing`), undefined);
  });

  it('sweeps helpers left behind, only old ones', async () => {
    const browser = await VolumeBrowser.open(api, volumeName, { labels: testLabels });
    await browser.list('/');
    const helper = browser.helperId!;
    await sweepHelperContainers(api, { label: mineLabel });
    assert.equal(await containerGone(api, helper), false, 'a young helper stays (another window may use it)');
    assert.equal(await sweepHelperContainers(api, { label: mineLabel, olderThanMs: 0, now: Date.now() + 1000 }), 1);
    assert.equal(await containerGone(api, helper), true, 'an old one goes');
    await browser.close();
  });

  it('prunes in two steps: what would go, then exactly those', async () => {
    assert.deepEqual(
      (await unusedVolumes(api, { label: mineLabel })).map((v) => v.name),
      [],
      'the writer still uses it',
    );
    await removeTestContainers(engine);
    const unused = await unusedVolumes(api, { label: mineLabel });
    assert.deepEqual(
      unused.map((v) => v.name),
      [volumeName],
    );
    const outcome = await removeVolumes(
      api,
      unused.map((v) => v.name),
    );
    assert.deepEqual(outcome, { removed: [volumeName], refused: [], notTried: [] });
    assert.equal(await inspectVolume(api, volumeName), undefined);
    await removeVolume(api, volumeName); // gone already: nothing to do
  });
});
