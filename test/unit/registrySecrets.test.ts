/**
 * No password ever shows: every failure path of the registry modules is run with one
 * distinctive password, and neither the error (message, stack, util.inspect, JSON) nor
 * anything written to the console or stderr may contain it, plainly or in base64.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import * as util from 'node:util';
import type Docker from 'dockerode';
import type { EngineEndpoint } from '../../src/engine/connection';
import { getFromHelper } from '../../src/engine/registry/credentialHelper';
import { InMemoryCredentialStore, type RegistryCredential } from '../../src/engine/registry/credentials';
import { DockerCliCredentials } from '../../src/engine/registry/dockerCliCredentials';
import { parseDockerConfig } from '../../src/engine/registry/dockerConfig';
import { createImageTransfer } from '../../src/engine/dockerodeTransfer';
import { logIn } from '../../src/engine/registry/login';
import { RegistryClient } from '../../src/engine/registry/registryClient';
import { RecordedRegistry, UNAUTHORIZED_BODY, on } from '../support/recordedRegistry';

const PASSWORD = 'Pa55-w0rd-never-shown';
const credential: RegistryCredential = { registry: '127.0.0.1:5000', username: 'alice', secret: PASSWORD };
const forms = [
  PASSWORD,
  Buffer.from(PASSWORD).toString('base64'),
  Buffer.from(`alice:${PASSWORD}`).toString('base64'),
  encodeURIComponent(PASSWORD),
];

let printed = '';
const saved = {
  log: console.log,
  error: console.error,
  warn: console.warn,
  info: console.info,
  debug: console.debug,
  stderr: process.stderr.write.bind(process.stderr),
};

beforeEach(() => {
  printed = '';
  const keep = (...args: unknown[]) => {
    printed += `${util.format(...args)}\n`;
  };
  Object.assign(console, { log: keep, error: keep, warn: keep, info: keep, debug: keep });
  process.stderr.write = (chunk: string | Uint8Array) => {
    printed += String(chunk);
    return true;
  };
});

afterEach(() => {
  Object.assign(console, { log: saved.log, error: saved.error, warn: saved.warn, info: saved.info, debug: saved.debug });
  process.stderr.write = saved.stderr;
  assertClean('console and stderr', printed);
});

function assertClean(what: string, text: string): void {
  for (const form of forms) {
    assert.ok(!text.includes(form), `${what} holds the password (${form === PASSWORD ? 'plain' : 'encoded'}): ${text.slice(0, 300)}`);
  }
}

/** Runs a call that must fail and checks every way its error could be shown. */
async function failsClean(call: () => Promise<unknown>): Promise<Error> {
  try {
    await call();
  } catch (err) {
    const e = err as Error;
    assertClean('the message', e.message);
    assertClean('the stack', e.stack ?? '');
    assertClean('util.inspect', util.inspect(e, { depth: 5, showHidden: true }));
    assertClean('JSON', JSON.stringify(e));
    assertClean('String()', String(e));
    return e;
  }
  assert.fail('expected the call to fail');
}

const endpoint = { host: 'unix:///var/run/docker.sock', source: 'default' } as EngineEndpoint;
const engineSaying = (words: string) => {
  const refuse = () =>
    Promise.reject(Object.assign(new Error(`(HTTP code 500) server error - ${words} `), { statusCode: 500, json: { message: words } }));
  const stream = () => Promise.resolve(Readable.from([`{"errorDetail":{"message":"${words}"},"error":"${words}"}\n`]));
  const docker = { checkAuth: refuse, createImage: refuse, getImage: () => ({ push: stream }) };
  return createImageTransfer({ docker: docker as unknown as Docker, endpoint });
};

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-secrets-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('no password in errors, console or stderr', () => {
  it('the engine refusing the login, and nothing kept', async () => {
    const store = new InMemoryCredentialStore();
    const err = await failsClean(() =>
      logIn(engineSaying('login attempt to http://127.0.0.1:5000/v2/ failed with status: 401 Unauthorized'), store, credential),
    );
    assert.match(err.message, /did not accept the user name and password/);
    assert.deepEqual(await store.registries(), []);
    assertClean('the store', util.inspect(store, { showHidden: true, depth: 5 }));
  });

  it('a pull and a push refused with credentials', async () => {
    await failsClean(() => engineSaying('unauthorized: authentication required').pull('127.0.0.1:5000/you/app:1', { credential }));
    await failsClean(() => engineSaying('unauthorized: authentication required').push('127.0.0.1:5000/you/app:1', { credential }));
    await failsClean(() => engineSaying('x').push('ghcr.io/you/app:1', { credential }));
  });

  it('a registry refusing basic auth, and a token service refusing the password', async () => {
    const basic = new RecordedRegistry([
      { match: () => true, status: 401, headers: { 'www-authenticate': 'Basic realm="r"' }, body: UNAUTHORIZED_BODY, repeat: true },
    ]);
    const client = new RegistryClient({ registry: '127.0.0.1:5000', credential, baseUrls: ['http://127.0.0.1:5000'], fetch: basic.fetch });
    await failsClean(() => client.ping());
    await failsClean(() => client.listTags('you/app'));
    assertClean('util.inspect of the client', util.inspect(client, { showHidden: true, depth: 8 }));
    assertClean('JSON of the client', JSON.stringify(client));

    const bearer = new RecordedRegistry([
      {
        match: on.get('/v2/'),
        status: 401,
        headers: { 'www-authenticate': 'Bearer realm="https://auth.example/token",service="reg"' },
        body: UNAUTHORIZED_BODY,
      },
      { match: (r) => r.url.startsWith('https://auth.example/token'), status: 401, body: { details: 'incorrect username or password' } },
    ]);
    await failsClean(() =>
      new RegistryClient({ registry: 'reg.example', credential: { ...credential, registry: 'reg.example' }, fetch: bearer.fetch }).ping(),
    );
  });

  it('a stopped registry, with credentials', async () => {
    const refused = async () =>
      Promise.reject(
        Object.assign(new TypeError('fetch failed'), {
          cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5999'), { code: 'ECONNREFUSED' }),
        }),
      );
    await failsClean(() => new RegistryClient({ registry: '127.0.0.1:5999', credential, fetch: refused }).listRepositories());
  });

  it('a docker config that is broken, and a credential helper that fails or answers oddly', async () => {
    const broken = `{"auths":{"127.0.0.1:5000":{"auth":"${Buffer.from(`alice:${PASSWORD}`).toString('base64')}"}}`;
    await failsClean(async () => parseDockerConfig(broken, '/home/you/.docker/config.json'));
    const file = path.join(scratch, 'config.json');
    fs.writeFileSync(file, broken);
    await failsClean(() => new DockerCliCredentials({ file }).find('127.0.0.1:5000'));
    await failsClean(() =>
      getFromHelper('odd', '127.0.0.1:5000', {
        run: async () => ({ code: 0, stdout: `{"Username":"alice","Secret":"${PASSWORD}"`, stderr: '' }),
      }),
    );
    await failsClean(() =>
      getFromHelper('odd', '127.0.0.1:5000', { run: async () => ({ code: 0, stdout: `secret=${PASSWORD}`, stderr: '' }) }),
    );
  });
});
