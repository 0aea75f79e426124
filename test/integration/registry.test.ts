/**
 * Pull, tag, push, login, credential helpers and the Registry API v2 client against the
 * real engine and a real registry (Debian's docker-registry with htpasswd, started here on
 * 127.0.0.1 and stopped at the end).
 *
 * The images are small, made FROM debian:bookworm-slim with this run's test label and a
 * random payload (so every push really uploads), and are removed at the end by that label.
 * Cancels go through a proxy that holds the transfer part-way (test/support/gatedProxy.ts),
 * so what is cancelled is certainly still running.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ContainerEngine } from '../../src/engine/engine';
import { CancelledError } from '../../src/engine/errors';
import { InMemoryCredentialStore, type RegistryCredential } from '../../src/engine/registry/credentials';
import { DockerCliCredentials } from '../../src/engine/registry/dockerCliCredentials';
import { logIn } from '../../src/engine/registry/login';
import { RegistryClient } from '../../src/engine/registry/registryClient';
import { RegistryError } from '../../src/engine/registry/transferErrors';
import type { TransferSnapshot } from '../../src/engine/registry/transferProgress';
import type { ImageTransfer } from '../../src/engine/registry/transferTypes';
import { GatedProxy } from '../support/gatedProxy';
import { TEST_RUN_LABEL, realEngine, testLabels, testRunId } from '../support/realEngine';
import { TestRegistry } from '../support/registry';

const USER = 'alice';
const PASSWORD = `pw-${testRunId}`;
/** Guards against a hang (an engine that never drops a cancelled transfer), not a timing. */
const HANG_GUARD = { timeout: 180_000 };

let engine: ContainerEngine;
let transfer: ImageTransfer;
let registry: TestRegistry;
let scratch: string;
let alice: RegistryCredential;
/** The local image every test tags and pushes: `cw-test-registry:<run>`. */
let localImage: string;

function name(repo: string, tag: string, where = registry.address): string {
  return `${where}/cw-test/${repo}-${testRunId}:${tag}`;
}

function repoPath(repo: string): string {
  return `cw-test/${repo}-${testRunId}`;
}

/**
 * Builds a small image with `payloadBytes` of random data on top of debian:bookworm-slim.
 * The tag is in the RUN line, so the build cache never hands two tests the same image.
 */
async function buildImage(tag: string, payloadBytes: number): Promise<string> {
  const dir = fs.mkdtempSync(path.join(scratch, 'image-'));
  fs.writeFileSync(
    path.join(dir, 'Dockerfile'),
    `FROM debian:bookworm-slim\nRUN echo '${tag}' > /built-as && head -c ${payloadBytes} /dev/urandom > /payload\n`,
  );
  // The classic builder: BuildKit's cache keeps the layers of an image after it is removed, and a pull
  // would then find them already there instead of downloading them.
  await engine.build({ contextDir: dir, dockerfile: 'Dockerfile', tag, labels: testLabels, builder: 'classic' }, () => undefined);
  return tag;
}

function client(credential: RegistryCredential | 'anonymous' = alice, address = registry.address): RegistryClient {
  return new RegistryClient({ registry: address, ...(credential === 'anonymous' ? {} : { credential }), baseUrls: [`http://${address}`] });
}

async function tagsOf(repo: string): Promise<string[] | 'no such repository'> {
  try {
    return (await client().listTags(repoPath(repo))).tags.sort();
  } catch (err) {
    if (err instanceof RegistryError && err.kind === 'notFound') return 'no such repository';
    throw err;
  }
}

before(async () => {
  engine = await realEngine();
  // The engine's own pull/push/tag/checkLogin (ContainerEngine extends ImageTransfer).
  transfer = engine;
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-registry-test-'));
  registry = await TestRegistry.start({ users: { [USER]: PASSWORD } });
  alice = { registry: registry.address, username: USER, secret: PASSWORD };
  localImage = await buildImage(`cw-test-registry:${testRunId}`, 512 * 1024);
});

after(async () => {
  const mine = await engine.listImages({ includeDangling: true, label: `${TEST_RUN_LABEL}=${testRunId}` });
  for (const image of mine) {
    await engine.removeImage(image.id, { force: true }).catch(() => undefined);
  }
  await registry?.remove();
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('tag, push and pull against a real registry', () => {
  it('tags the local image with a registry name', async () => {
    const target = name('app', 'exe');
    assert.equal(await transfer.tag(localImage, target), target);
    const tagged = await engine.inspectImage(target);
    const original = await engine.inspectImage(localImage);
    assert.ok(tagged && original);
    assert.equal(tagged.id, original.id);
  });

  it('a push without credentials is refused, and said to need a login', async () => {
    await assert.rejects(transfer.push(name('app', 'exe')), (err: unknown) => {
      assert.ok(err instanceof RegistryError, String(err));
      assert.equal(err.kind, 'unauthorized');
      assert.equal(err.detail, 'no basic auth credentials');
      assert.match(err.message, new RegExp(`Log in to ${registry.address.replace(/\./g, '\\.')} and try again`));
      return true;
    });
    assert.equal(await tagsOf('app'), 'no such repository');
  });

  it('a push with credentials uploads every layer and resolves with the digest the registry lists', async () => {
    const snapshots: TransferSnapshot[] = [];
    const pushed = await transfer.push(name('app', 'exe'), { credential: alice, onProgress: (s) => snapshots.push(s) });
    assert.match(pushed.digest, /^sha256:[0-9a-f]{64}$/);
    assert.ok(pushed.size && pushed.size > 0);
    assert.equal(pushed.snapshot.layersDone, pushed.snapshot.layers.length);
    assert.ok(pushed.snapshot.layers.length >= 2, 'the base layer and the payload');
    assert.ok(
      snapshots.some((s) => s.layers.some((l) => l.phase === 'uploading')),
      'upload progress was reported',
    );
    assert.deepEqual(await tagsOf('app'), ['exe']);
  });

  it('pulls the image back after the local image is removed, with the same digest', async () => {
    // 8 MiB: the engine reports a layer's bytes only after each 512 KiB read, so a smaller layer may show none.
    const built = await buildImage(`cw-test-registry-back:${testRunId}`, 8 * 1024 * 1024);
    const ref = name('back', '1');
    await transfer.tag(built, ref);
    const pushed = await transfer.push(ref, { credential: alice });
    const id = (await engine.inspectImage(built))!.id;
    await engine.removeImage(ref);
    await engine.removeImage(built);
    assert.equal(await engine.inspectImage(id), undefined, 'the image itself is gone locally');
    const snapshots: TransferSnapshot[] = [];
    const pulled = await transfer.pull(ref, { credential: alice, onProgress: (s) => snapshots.push(s) });
    assert.equal(pulled.digest, pushed.digest);
    assert.ok(await engine.inspectImage(ref));
    // debian:bookworm-slim's layer is still here: counted as there already; the payload is downloaded.
    assert.ok(pulled.snapshot.layersExisting >= 1, JSON.stringify(pulled.snapshot));
    assert.ok(
      snapshots.some((s) => s.layers.some((l) => l.phase === 'downloading' && l.current > 0 && l.total > 0)),
      'download progress in bytes',
    );
  });

  it('a pull without credentials, and of a tag that is not there, say which', async () => {
    await assert.rejects(transfer.pull(name('app', 'exe')), (err: unknown) => err instanceof RegistryError && err.kind === 'unauthorized');
    await assert.rejects(transfer.pull(name('app', 'no-such-tag'), { credential: alice }), (err: unknown) => {
      assert.ok(err instanceof RegistryError);
      assert.equal(err.kind, 'notFound');
      assert.match(err.message, /was not found in .* Check the name and the tag\.$/);
      return true;
    });
  });
});

describe('logging in through the engine', () => {
  it('a wrong password: a clear message, and nothing stored', async () => {
    const store = new InMemoryCredentialStore();
    await assert.rejects(logIn(transfer, store, { ...alice, secret: 'wrong' }), (err: unknown) => {
      assert.ok(err instanceof RegistryError);
      assert.equal(err.kind, 'unauthorized');
      assert.match(
        err.message,
        new RegExp(
          `^${registry.address.replace(/\./g, '\\.')} did not accept the user name and password .*401 Unauthorized.*Check them and log in again\\.$`,
        ),
      );
      return true;
    });
    assert.deepEqual(await store.registries(), []);
  });

  it('the right password is accepted by /auth and kept', async () => {
    const store = new InMemoryCredentialStore();
    const check = await logIn(transfer, store, alice);
    assert.equal(check.status, 'Login Succeeded');
    assert.deepEqual(await store.get(registry.address), alice);
  });
});

describe('a registry that is not running', () => {
  let gone: TestRegistry;
  before(async () => {
    gone = await TestRegistry.start({ users: { [USER]: PASSWORD } });
    await gone.remove();
  });

  it("pull, push, login and listing say the registry cannot be reached, in the engine's words", async () => {
    const ref = name('app', 'exe', gone.address);
    await transfer.tag(localImage, ref);
    const credential = { ...alice, registry: gone.address };
    for (const attempt of [
      () => transfer.pull(ref, { credential }),
      () => transfer.push(ref, { credential }),
      () => transfer.checkLogin(credential),
      () => client(credential, gone.address).ping(),
    ]) {
      await assert.rejects(attempt(), (err: unknown) => {
        assert.ok(err instanceof RegistryError, String(err));
        assert.equal(err.kind, 'unreachable');
        assert.match(
          err.message,
          new RegExp(
            `^Cannot reach the registry ${gone.address.replace(/\./g, '\\.')}: .*(connection refused|ECONNREFUSED).*Check the address and that the registry is running\\.$`,
          ),
        );
        return true;
      });
    }
  });
});

describe('cancel part-way', () => {
  /** A proxy of its own per test: the engine keeps idle connections to an address it used. */
  async function withProxy(work: (proxy: GatedProxy) => Promise<void>): Promise<void> {
    const proxy = new GatedProxy(registry.port);
    await proxy.start();
    try {
      await work(proxy);
    } finally {
      await proxy.stop();
    }
  }

  it('a push held mid-upload is aborted: the engine drops it and the registry has no tag', HANG_GUARD, () =>
    withProxy(async (proxy) => {
      const ref = name('cancel-push', '1', proxy.address);
      await transfer.tag(await buildImage(`cw-test-registry-push:${testRunId}`, 4 * 1024 * 1024), ref);
      proxy.holdAfter('upload', 256 * 1024);
      const controller = new AbortController();
      const pushing = transfer.push(ref, { credential: { ...alice, registry: proxy.address }, signal: controller.signal });
      await proxy.whenHeld();
      controller.abort();
      await assert.rejects(pushing, CancelledError);
      assert.ok((await proxy.heldConnectionsClosed()) >= 1, 'the engine closed the upload it was making');
      assert.equal(await tagsOf('cancel-push'), 'no such repository');
    }),
  );

  it('a pull held mid-download is aborted: the engine drops it and no tag is written locally', HANG_GUARD, async () => {
    const direct = name('cancel-pull', '1');
    const built = await buildImage(`cw-test-registry-pull:${testRunId}`, 4 * 1024 * 1024);
    await transfer.tag(built, direct);
    await transfer.push(direct, { credential: alice });
    const id = (await engine.inspectImage(built))!.id;
    await engine.removeImage(direct);
    await engine.removeImage(built);
    assert.equal(await engine.inspectImage(id), undefined, 'the image itself is gone locally, so the pull must download');

    await withProxy(async (proxy) => {
      const ref = name('cancel-pull', '1', proxy.address);
      const credential = { ...alice, registry: proxy.address };
      proxy.holdAfter('download', 256 * 1024);
      const controller = new AbortController();
      const pulling = transfer.pull(ref, { credential, signal: controller.signal });
      await proxy.whenHeld();
      controller.abort();
      await assert.rejects(pulling, CancelledError);
      // The registry's data flows again: an engine that dropped the download closes its connection on the next read.
      proxy.release();
      assert.ok((await proxy.heldConnectionsClosed()) >= 1, 'the engine closed the download it was making');
      assert.equal(await engine.inspectImage(ref), undefined, 'no half-pulled tag');

      const again = await transfer.pull(ref, { credential });
      assert.ok(await engine.inspectImage(again.reference), 'a pull after the cancel works');
    });
  });
});

describe('credentials the docker CLI knows', () => {
  let configDir: string;
  let savedPath: string | undefined;
  before(() => {
    configDir = fs.mkdtempSync(path.join(scratch, 'docker-config-'));
    const bin = path.join(configDir, 'bin');
    fs.mkdirSync(bin);
    // The password stays in a file of its own; the helper prints it only for this registry.
    fs.writeFileSync(path.join(configDir, 'secret'), PASSWORD, { mode: 0o600 });
    fs.writeFileSync(
      path.join(bin, 'docker-credential-test'),
      [
        '#!/bin/sh',
        '[ "$1" = get ] || { echo "unsupported: $1"; exit 1; }',
        'read -r server || true',
        `if [ "$server" = "${registry.address}" ]; then`,
        `  printf '{"ServerURL":"%s","Username":"${USER}","Secret":"%s"}' "$server" "$(cat '${path.join(configDir, 'secret')}')"`,
        'else',
        '  echo "credentials not found in native keychain"; exit 1',
        'fi',
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    fs.writeFileSync(
      path.join(configDir, 'config.json'),
      JSON.stringify({ credHelpers: { [registry.address]: 'test', '127.0.0.1:1': 'test' } }),
    );
    savedPath = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${process.env.PATH ?? ''}`;
  });
  after(() => {
    process.env.PATH = savedPath;
  });

  it('docker-credential-test on PATH answers for the registry, and the push works with what it gave', async () => {
    const cli = new DockerCliCredentials({ file: path.join(configDir, 'config.json') });
    const found = await cli.find(registry.address);
    assert.ok(found);
    assert.deepEqual(found.source, { kind: 'credHelper', helper: 'test', file: path.join(configDir, 'config.json') });
    assert.equal(found.credential.username, USER);
    const ref = name('helper', '1');
    await transfer.tag(localImage, ref);
    assert.match((await transfer.push(ref, { credential: found.credential })).digest, /^sha256:/);
  });

  it('a registry the helper does not know gives no credential ("credentials not found")', async () => {
    const cli = new DockerCliCredentials({ file: path.join(configDir, 'config.json') });
    assert.equal(await cli.find('127.0.0.1:1'), undefined);
    assert.deepEqual(await cli.registries(), ['127.0.0.1:1', registry.address].sort());
  });
});

describe('the Registry API v2 client on the real registry', () => {
  const repos = ['list-a', 'list-b', 'list-c', 'list-d', 'list-e'];
  const tags = ['t1', 't2', 't3', 't4', 't5'];
  before(async () => {
    // The layers are in the registry already: each push below only writes a manifest.
    for (const repo of repos) {
      await transfer.tag(localImage, name(repo, 'latest'));
      await transfer.push(name(repo, 'latest'), { credential: alice });
    }
    for (const tag of tags) {
      await transfer.tag(localImage, name('list-a', tag));
      await transfer.push(name('list-a', tag), { credential: alice });
    }
  });

  it('ping: a login is needed without credentials, and works with them', async () => {
    await assert.rejects(client('anonymous').ping(), (err: unknown) => err instanceof RegistryError && err.kind === 'unauthorized');
    await client().ping();
    await assert.rejects(
      client({ ...alice, secret: 'wrong' }).ping(),
      (err: unknown) => err instanceof RegistryError && err.kind === 'unauthorized',
    );
  });

  it('finds the plain-HTTP API of a loopback registry by itself (HTTPS tried first, as the engine does)', async () => {
    const tried: string[] = [];
    const own = new RegistryClient({
      registry: registry.address,
      credential: alice,
      fetch: (url, init) => {
        tried.push(new URL(url).protocol);
        return fetch(url, init);
      },
    });
    await own.ping();
    assert.deepEqual(tried.slice(0, 2), ['https:', 'http:']);
    assert.ok(!tried.slice(2).includes('https:'), 'HTTPS is not tried again once HTTP answered');
  });

  it('lists the catalog two at a time, following the Link pages', async () => {
    const pages: string[] = [];
    const counting = new RegistryClient({
      registry: registry.address,
      credential: alice,
      baseUrls: [registry.url],
      fetch: (url, init) => {
        if (url.includes('/v2/_catalog')) pages.push(url);
        return fetch(url, init);
      },
    });
    const first = await counting.catalogPage({ pageSize: 2 });
    assert.ok(!('refused' in first));
    assert.equal(first.items.length, 2);
    assert.ok(first.next, 'a Link to the next page');

    const listing = await counting.listRepositories({ pageSize: 2 });
    assert.ok(listing.listable);
    for (const repo of repos) {
      assert.ok(listing.repositories.includes(repoPath(repo)), `${repoPath(repo)} listed`);
    }
    assert.ok(listing.complete);
    const pagesOfListing = pages.length - 1;
    assert.ok(
      pagesOfListing >= Math.ceil(listing.repositories.length / 2),
      `${pagesOfListing} pages of 2 for ${listing.repositories.length} repositories`,
    );
  });

  it('lists every tag of a repository asked two at a time (docker-registry 2.8 answers all at once)', async () => {
    const listing = await client().listTags(repoPath('list-a'), { pageSize: 2 });
    assert.deepEqual(listing.tags.sort(), ['latest', ...tags].sort());
    assert.ok(listing.complete);
  });

  it('an unknown repository is not found', async () => {
    await assert.rejects(
      client().listTags('cw-test/never-pushed'),
      (err: unknown) => err instanceof RegistryError && err.kind === 'notFound',
    );
  });
});
