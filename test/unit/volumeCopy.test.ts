/** Copying a folder into a named volume and a container's output back, without an engine. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import * as tarStream from 'tar-stream';
import type { ContainerArchive } from '../../src/engine/containerArchive';
import { toCreateOptions, toDockerRunCommand } from '../../src/engine/runArgs';
import { copyBackFromContainer, copyFolderIntoVolume, folderBytes, packFolder, safeRelativePath } from '../../src/workflows/volumeCopy';
import { FakeEngine } from '../support/fakeEngine';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-volume-copy-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function entryNames(tar: Readable): Promise<string[]> {
  const extract = tarStream.extract();
  tar.pipe(extract);
  const names: string[] = [];
  for await (const entry of extract) {
    names.push(`${entry.header.name} ${entry.header.type} uid=${entry.header.uid}`);
    entry.resume();
  }
  return names.sort();
}

describe('named volumes in a run request', () => {
  it("kind 'volume' is a volume mount for the engine and on the docker run line", () => {
    const request = { image: 'x', volumes: [{ kind: 'volume' as const, hostPath: 'inputs', containerPath: '/in', readOnly: true }] };
    assert.deepEqual(toCreateOptions(request).HostConfig?.Mounts, [{ Type: 'volume', Source: 'inputs', Target: '/in', ReadOnly: true }]);
    assert.equal(toDockerRunCommand(request), 'docker run -v inputs:/in:ro x');
  });
});

describe('copyFolderIntoVolume', () => {
  it('a helper container of the image with the volume, never started; the folder packed into it, owned by root; the helper removed', async () => {
    const folder = path.join(tmp, 'input');
    fs.mkdirSync(path.join(folder, 'nested'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'nested', 'a.txt'), 'abc');
    fs.writeFileSync(path.join(folder, 'b.txt'), 'de');
    const engine = new FakeEngine();
    const puts: { id: string; path: string; names: string[] }[] = [];
    const archive: ContainerArchive = {
      putArchive: async (id, p, tar) => void puts.push({ id, path: p, names: await entryNames(tar) }),
      getArchive: async () => assert.fail('nothing is read back'),
    };
    const progress: number[] = [];
    await copyFolderIntoVolume(
      engine,
      { folder, volume: 'inputs', image: 'debian:bookworm-slim' },
      (sent) => progress.push(sent),
      undefined,
      archive,
    );
    const [create] = engine.calls.filter((c) => c.method === 'create');
    const request = create.args[0] as { volumes: unknown[] };
    assert.deepEqual(request.volumes, [
      { kind: 'volume', hostPath: 'inputs', containerPath: '/container-workflows-copy', readOnly: false },
    ]);
    assert.equal(engine.count('start'), 0);
    assert.equal(engine.count('run'), 0);
    assert.deepEqual(
      puts.map((p) => p.path),
      ['/container-workflows-copy'],
    );
    assert.ok(puts[0].names.includes('nested/a.txt file uid=0'), puts[0].names.join(', '));
    assert.ok(puts[0].names.includes('b.txt file uid=0'));
    assert.deepEqual(await engine.listContainers({ all: true }), [], 'the helper is gone');
    assert.equal(folderBytes(folder), 5);
    assert.ok(progress.length > 0 && progress.at(-1)! <= 5);
  });

  it('packFolder counts the bytes it sends', async () => {
    const folder = path.join(tmp, 'count');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'x'), 'x'.repeat(2000));
    let bytes = 0;
    const names = await entryNames(packFolder(folder, (n) => (bytes += n)));
    assert.deepEqual(names, ['. directory uid=0', 'x file uid=0']);
    assert.ok(bytes >= 2000 + 512, 'the tar, headers included');
  });
});

describe('copyBackFromContainer', () => {
  const archiveOf = (build: (pack: tarStream.Pack) => void): ContainerArchive => ({
    putArchive: async () => undefined,
    getArchive: async () => {
      const pack = tarStream.pack();
      build(pack);
      pack.finalize();
      return pack as unknown as Readable;
    },
  });

  it('safeRelativePath strips the copied folder and refuses names that climb out', () => {
    assert.equal(safeRelativePath('out/a/b.txt'), path.join('a', 'b.txt'));
    assert.equal(safeRelativePath('out/'), '');
    assert.equal(safeRelativePath('./out/./a.txt'), 'a.txt');
    assert.equal(safeRelativePath('out/../../etc/passwd'), undefined);
    assert.equal(safeRelativePath('out/a\\..\\b'), undefined);
  });

  it('writes files and folders into a new folder; links, devices and climbing names are skipped and reported', async () => {
    const target = path.join(tmp, 'back');
    const archive = archiveOf((pack) => {
      pack.entry({ name: 'out', type: 'directory' });
      pack.entry({ name: 'out/sub', type: 'directory' });
      pack.entry({ name: 'out/sub/result.txt', mode: 0o640 }, 'RESULT');
      pack.entry({ name: 'out/link', type: 'symlink', linkname: '/etc/passwd' });
      pack.entry({ name: 'out/../escape.txt' }, 'nope');
      pack.entry({ name: 'out/fifo', type: 'fifo' });
    });
    const result = await copyBackFromContainer(new FakeEngine(), 'id', '/out', target, undefined, archive);
    assert.deepEqual(result, { files: 1, bytes: 6, skipped: ['out/link', 'out/../escape.txt', 'out/fifo'] });
    assert.equal(fs.readFileSync(path.join(target, 'sub', 'result.txt'), 'utf8'), 'RESULT');
    assert.equal(fs.statSync(path.join(target, 'sub', 'result.txt')).mode & 0o777, 0o640);
    assert.ok(!fs.existsSync(path.join(tmp, 'escape.txt')));
    assert.deepEqual(fs.readdirSync(target), ['sub']);
  });

  it('an existing target folder is refused before anything is read', async () => {
    const target = path.join(tmp, 'exists');
    fs.mkdirSync(target);
    await assert.rejects(
      copyBackFromContainer(
        new FakeEngine(),
        'id',
        '/out',
        target,
        undefined,
        archiveOf(() => assert.fail('not read')),
      ),
      /EEXIST/,
    );
  });
});
