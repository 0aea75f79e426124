/**
 * Where a credential comes from (the extension's own store first, then the docker CLI's
 * config.json: credHelpers, credsStore, auths), and logging in: a credential is kept only
 * once the engine's /auth accepted it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { DockerCliCredentials } from '../../src/engine/registry/dockerCliCredentials';
import {
  InMemoryCredentialStore,
  describeCredentialSource,
  findCredential,
  toEngineAuth,
  type RegistryCredential,
} from '../../src/engine/registry/credentials';
import type { HelperRunner } from '../../src/engine/registry/credentialHelper';
import { logIn, logOut } from '../../src/engine/registry/login';
import { RegistryError } from '../../src/engine/registry/transferErrors';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-credentials-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

function configFile(name: string, json: unknown): string {
  const dir = path.join(scratch, name);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'config.json');
  fs.writeFileSync(file, JSON.stringify(json));
  return file;
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** A helper that knows one address; records what it was asked. */
function helper(known: Record<string, { Username: string; Secret: string }>, asked: string[] = []): HelperRunner {
  return async (program, _args, input) => {
    asked.push(`${program} ${input}`);
    const entry = known[input];
    return entry
      ? { code: 0, stdout: JSON.stringify({ ServerURL: input, ...entry }), stderr: '' }
      : { code: 1, stdout: 'credentials not found in native keychain', stderr: '' };
  };
}

describe('DockerCliCredentials', () => {
  it('reads base64 auths and says the credential came from config.json', async () => {
    const file = configFile('auths', { auths: { '127.0.0.1:5000': { auth: b64('alice:s3cret') } } });
    const found = await new DockerCliCredentials({ file }).find('127.0.0.1:5000');
    assert.deepEqual(found, {
      credential: { registry: '127.0.0.1:5000', username: 'alice', secret: 's3cret' },
      source: { kind: 'dockerConfig', file },
    });
  });

  it('asks the credHelpers helper with the registry address', async () => {
    const file = configFile('credHelpers', {
      credHelpers: { '127.0.0.1:5000': 'test' },
      auths: { '127.0.0.1:5000': { auth: b64('stale:old') } },
    });
    const asked: string[] = [];
    const found = await new DockerCliCredentials({
      file,
      runHelper: helper({ '127.0.0.1:5000': { Username: 'alice', Secret: 'from-helper' } }, asked),
    }).find('127.0.0.1:5000');
    assert.deepEqual(found?.source, { kind: 'credHelper', helper: 'test', file });
    assert.equal(found?.credential.secret, 'from-helper');
    assert.deepEqual(asked, ['docker-credential-test 127.0.0.1:5000']);
  });

  it("asks the credsStore helper with Docker Hub's key https://index.docker.io/v1/", async () => {
    const file = configFile('credsStore', { credsStore: 'desktop', auths: { 'https://index.docker.io/v1/': {} } });
    const asked: string[] = [];
    const store = new DockerCliCredentials({
      file,
      runHelper: helper({ 'https://index.docker.io/v1/': { Username: 'hubber', Secret: 'pat' } }, asked),
    });
    const found = await store.find('docker.io');
    assert.deepEqual(found, {
      credential: { registry: 'docker.io', username: 'hubber', secret: 'pat' },
      source: { kind: 'credsStore', helper: 'desktop', file },
    });
    assert.deepEqual(asked, ['docker-credential-desktop https://index.docker.io/v1/']);
  });

  it('takes the helper\'s "credentials not found" as none (the CLI does not fall back to auths either)', async () => {
    const file = configFile('notFound', { credsStore: 'desktop', auths: { 'ghcr.io': { auth: b64('x:y') } } });
    assert.equal(await new DockerCliCredentials({ file, runHelper: helper({}) }).find('ghcr.io'), undefined);
  });

  it('finds nothing without a config file, and lists no registries', async () => {
    const cli = new DockerCliCredentials({ file: path.join(scratch, 'none', 'config.json') });
    assert.equal(await cli.find('docker.io'), undefined);
    assert.deepEqual(await cli.registries(), []);
  });

  it('lists the registries config.json names', async () => {
    const file = configFile('list', { auths: { 'https://index.docker.io/v1/': {} }, credHelpers: { '127.0.0.1:5000': 'test' } });
    assert.deepEqual(await new DockerCliCredentials({ file }).registries(), ['127.0.0.1:5000', 'docker.io']);
  });

  it('reads the file again on every lookup, so a docker login in a terminal counts at once', async () => {
    const file = configFile('reread', {});
    const cli = new DockerCliCredentials({ file });
    assert.equal(await cli.find('ghcr.io'), undefined);
    fs.writeFileSync(file, JSON.stringify({ auths: { 'ghcr.io': { auth: b64('me:tok') } } }));
    assert.equal((await cli.find('ghcr.io'))?.credential.username, 'me');
  });
});

describe('findCredential', () => {
  it("prefers the credential logged in here over the docker CLI's", async () => {
    const store = new InMemoryCredentialStore();
    await store.set({ registry: 'ghcr.io', username: 'here', secret: 'a' });
    const file = configFile('both', { auths: { 'ghcr.io': { auth: b64('cli:b') } } });
    const dockerCli = new DockerCliCredentials({ file });
    assert.deepEqual(await findCredential('ghcr.io', { store, dockerCli }), {
      credential: { registry: 'ghcr.io', username: 'here', secret: 'a' },
      source: { kind: 'extension' },
    });
    assert.equal((await findCredential('ghcr.io', { dockerCli }))?.source.kind, 'dockerConfig');
    assert.equal(await findCredential('quay.io', { store, dockerCli }), undefined);
  });

  it('describes each source for people', () => {
    assert.equal(describeCredentialSource({ kind: 'extension' }), 'logged in here');
    assert.equal(
      describeCredentialSource({ kind: 'dockerConfig', file: '/h/.docker/config.json' }),
      'from the docker CLI (/h/.docker/config.json)',
    );
    assert.equal(
      describeCredentialSource({ kind: 'credsStore', helper: 'desktop', file: 'c.json' }),
      'from docker-credential-desktop (credsStore in c.json)',
    );
    assert.equal(
      describeCredentialSource({ kind: 'credHelper', helper: 'test', file: 'c.json' }),
      'from docker-credential-test (credHelpers in c.json)',
    );
  });
});

describe('InMemoryCredentialStore', () => {
  it('keeps one credential per registry, hands out copies, lists and deletes', async () => {
    const store = new InMemoryCredentialStore();
    const credential: RegistryCredential = { registry: 'b.io', username: 'u', secret: 's' };
    await store.set(credential);
    await store.set({ registry: 'a.io', username: 'v', secret: 't' });
    credential.secret = 'changed outside';
    assert.equal((await store.get('b.io'))?.secret, 's');
    assert.deepEqual(await store.registries(), ['a.io', 'b.io']);
    await store.delete('b.io');
    assert.equal(await store.get('b.io'), undefined);
  });
});

describe('toEngineAuth', () => {
  it('sends Docker Hub as https://index.docker.io/v1/ and others by host', () => {
    assert.deepEqual(toEngineAuth({ registry: 'docker.io', username: 'u', secret: 'p' }), {
      serveraddress: 'https://index.docker.io/v1/',
      username: 'u',
      password: 'p',
    });
    assert.deepEqual(toEngineAuth({ registry: '127.0.0.1:5000', username: 'u', secret: 'p' }), {
      serveraddress: '127.0.0.1:5000',
      username: 'u',
      password: 'p',
    });
  });

  it('sends an identity token as identitytoken, without a password', () => {
    assert.deepEqual(toEngineAuth({ registry: 'ghcr.io', username: '', secret: 'refresh', identityToken: true }), {
      serveraddress: 'ghcr.io',
      identitytoken: 'refresh',
    });
  });
});

describe('logIn and logOut', () => {
  const credential: RegistryCredential = { registry: '127.0.0.1:5000', username: 'alice', secret: 's3cret' };

  it('keeps the credential once the engine accepted it', async () => {
    const store = new InMemoryCredentialStore();
    const check = await logIn({ checkLogin: async () => ({ status: 'Login Succeeded' }) }, store, credential);
    assert.equal(check.status, 'Login Succeeded');
    assert.deepEqual(await store.get('127.0.0.1:5000'), credential);
  });

  it('keeps the identity token the registry gave instead of the password', async () => {
    const store = new InMemoryCredentialStore();
    await logIn({ checkLogin: async () => ({ status: 'Login Succeeded', identityToken: 'tok' }) }, store, credential);
    assert.deepEqual(await store.get('127.0.0.1:5000'), {
      registry: '127.0.0.1:5000',
      username: 'alice',
      secret: 'tok',
      identityToken: true,
    });
  });

  it('keeps nothing when the engine refused the password', async () => {
    const store = new InMemoryCredentialStore();
    const refusal = new RegistryError(
      'unauthorized',
      'login',
      '127.0.0.1:5000',
      'login attempt to http://127.0.0.1:5000/v2/ failed with status: 401 Unauthorized',
    );
    await assert.rejects(logIn({ checkLogin: async () => Promise.reject(refusal) }, store, credential), refusal);
    assert.deepEqual(await store.registries(), []);
  });

  it("logOut forgets only the extension's credential and says whether there was one", async () => {
    const store = new InMemoryCredentialStore();
    await store.set(credential);
    assert.equal(await logOut(store, '127.0.0.1:5000'), true);
    assert.equal(await logOut(store, '127.0.0.1:5000'), false);
  });
});
