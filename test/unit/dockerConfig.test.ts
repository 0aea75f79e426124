import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  DockerConfigError,
  decodeAuthEntry,
  dockerConfigFile,
  findAuthEntry,
  helperFor,
  knownRegistries,
  parseDockerConfig,
  readDockerConfig,
} from '../../src/engine/registry/dockerConfig';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const FILE = '/home/you/.docker/config.json';

describe('parseDockerConfig', () => {
  it('reads auths, credsStore and credHelpers and ignores the rest', () => {
    const config = parseDockerConfig(
      JSON.stringify({
        auths: { 'https://index.docker.io/v1/': { auth: b64('you:pw') }, 'ghcr.io': {}, bad: 'x' },
        credsStore: 'desktop',
        credHelpers: { '123.dkr.ecr.eu-west-1.amazonaws.com': 'ecr-login', empty: '' },
        currentContext: 'default',
        proxies: {},
      }),
      FILE,
    );
    assert.deepEqual(config, {
      file: FILE,
      auths: { 'https://index.docker.io/v1/': { auth: b64('you:pw') }, 'ghcr.io': {} },
      credsStore: 'desktop',
      credHelpers: { '123.dkr.ecr.eu-west-1.amazonaws.com': 'ecr-login' },
    });
  });

  it('names the file when it is not JSON, without quoting it', () => {
    assert.throws(
      () => parseDockerConfig('{"auths": {"x": {"auth": "c2VjcmV0"}', FILE),
      (err: unknown) => err instanceof DockerConfigError && err.message.includes(FILE) && !err.message.includes('c2VjcmV0'),
    );
    assert.throws(() => parseDockerConfig('[]', FILE), /does not hold a JSON object/);
  });

  it('takes an empty object as no credentials at all', () => {
    assert.deepEqual(parseDockerConfig('{}', FILE), { file: FILE, auths: {}, credHelpers: {} });
  });
});

describe('finding a registry in auths', () => {
  const config = parseDockerConfig(
    JSON.stringify({
      auths: {
        'https://index.docker.io/v1/': { auth: b64('hub-user:hub:pw') },
        'https://127.0.0.1:5000/v2/': { auth: b64('alice:s3cret') },
        'ghcr.io': { identitytoken: 'refresh-token', username: 'me' },
        'old.example': { username: 'u', password: 'p' },
      },
    }),
    FILE,
  );

  it('finds Docker Hub under its CLI key', () => {
    assert.equal(findAuthEntry(config, 'docker.io')?.key, 'https://index.docker.io/v1/');
  });

  it('finds a key written with a scheme and a path by its host', () => {
    assert.equal(findAuthEntry(config, '127.0.0.1:5000')?.key, 'https://127.0.0.1:5000/v2/');
  });

  it('finds nothing for another registry', () => {
    assert.equal(findAuthEntry(config, '127.0.0.1:5001'), undefined);
  });

  it('decodes base64 user:password at the first ":" (a password may hold ":")', () => {
    assert.deepEqual(decodeAuthEntry(config.auths['https://index.docker.io/v1/']), { username: 'hub-user', secret: 'hub:pw' });
  });

  it('reads an identity token and the old username/password fields', () => {
    assert.deepEqual(decodeAuthEntry(config.auths['ghcr.io']), { username: 'me', secret: 'refresh-token', identityToken: true });
    assert.deepEqual(decodeAuthEntry(config.auths['old.example']), { username: 'u', secret: 'p' });
  });

  it('takes an empty entry (credsStore keeps the secret) or broken base64 as nothing', () => {
    assert.equal(decodeAuthEntry({}), undefined);
    assert.equal(decodeAuthEntry({ auth: b64('no-colon') }), undefined);
  });
});

describe('helperFor', () => {
  it("prefers the registry's own credHelpers entry, then credsStore", () => {
    const config = parseDockerConfig(
      JSON.stringify({ credsStore: 'desktop', credHelpers: { '127.0.0.1:5000': 'test', 'https://index.docker.io/v1/': 'hub' } }),
      FILE,
    );
    assert.deepEqual(helperFor(config, '127.0.0.1:5000'), { helper: 'test', kind: 'credHelper' });
    assert.deepEqual(helperFor(config, 'docker.io'), { helper: 'hub', kind: 'credHelper' });
    assert.deepEqual(helperFor(config, 'ghcr.io'), { helper: 'desktop', kind: 'credsStore' });
  });

  it('finds docker.io under "docker.io" too, and no helper without either setting', () => {
    const config = parseDockerConfig(JSON.stringify({ credHelpers: { 'docker.io': 'hub' } }), FILE);
    assert.deepEqual(helperFor(config, 'docker.io'), { helper: 'hub', kind: 'credHelper' });
    assert.equal(helperFor(config, 'ghcr.io'), undefined);
  });
});

describe('knownRegistries', () => {
  it('lists every registry named in auths and credHelpers once, sorted', () => {
    const config = parseDockerConfig(
      JSON.stringify({
        auths: { 'https://index.docker.io/v1/': {}, 'https://ghcr.io': {}, 'ghcr.io': {} },
        credHelpers: { '127.0.0.1:5000': 'test' },
      }),
      FILE,
    );
    assert.deepEqual(knownRegistries(config), ['127.0.0.1:5000', 'docker.io', 'ghcr.io']);
  });
});

describe('where config.json is', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-dockerconfig-'));
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('honours DOCKER_CONFIG, else ~/.docker', () => {
    assert.equal(dockerConfigFile({ DOCKER_CONFIG: '/etc/cw' }, '/home/you'), '/etc/cw/config.json');
    assert.equal(dockerConfigFile({}, '/home/you'), path.join('/home/you', '.docker', 'config.json'));
  });

  it('reads the file, and takes a missing one as no configuration', async () => {
    const file = path.join(scratch, 'config.json');
    assert.equal(await readDockerConfig(file), undefined);
    fs.writeFileSync(file, JSON.stringify({ credsStore: 'pass' }));
    assert.equal((await readDockerConfig(file))?.credsStore, 'pass');
  });
});
