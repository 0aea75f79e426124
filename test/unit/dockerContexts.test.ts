/**
 * Docker contexts: which one is current (as the docker CLI decides), the list with
 * `default`, each one's engine, a window's own choice; and the files as Docker writes them
 * (DOCKER_CONFIG honoured, TLS material under contexts/tls/<sha256>/docker/).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { EndpointConfigError, type EndpointInputs, contextMetaFolderName, readEndpointInputs } from '../../src/engine/connection';
import { createEngine } from '../../src/engine/createEngine';
import {
  contextLabel,
  currentContext,
  endpointForContext,
  listDockerContexts,
  resolveEndpointWithContext,
} from '../../src/engine/dockerContexts';

function inputs(overrides: Partial<EndpointInputs> = {}): EndpointInputs {
  return {
    setting: undefined,
    env: {},
    configCurrentContext: undefined,
    contexts: [
      {
        name: 'remote-tls',
        host: 'tcp://10.0.0.5:2376',
        skipTlsVerify: false,
        tlsDir: '/cfg/contexts/tls/abc/docker',
        description: 'the build box',
      },
      { name: 'lab', host: 'ssh://me@lab', skipTlsVerify: false },
    ],
    homeDir: '/home/me',
    uid: 1000,
    platform: 'linux',
    exists: (p) => p === '/var/run/docker.sock',
    ...overrides,
  };
}

describe('currentContext', () => {
  it('DOCKER_HOST means default; then DOCKER_CONTEXT; then config.json; else default', () => {
    assert.deepEqual(currentContext({ env: { DOCKER_HOST: 'tcp://x:2375', DOCKER_CONTEXT: 'lab' }, configCurrentContext: 'remote-tls' }), {
      name: 'default',
      source: 'DOCKER_HOST',
    });
    assert.deepEqual(currentContext({ env: { DOCKER_CONTEXT: 'lab' }, configCurrentContext: 'remote-tls' }), {
      name: 'lab',
      source: 'DOCKER_CONTEXT',
    });
    assert.deepEqual(currentContext({ env: {}, configCurrentContext: 'remote-tls' }), { name: 'remote-tls', source: 'config' });
    assert.deepEqual(currentContext({ env: {}, configCurrentContext: undefined }), { name: 'default', source: 'none' });
  });
});

describe('listDockerContexts', () => {
  it('default first (with what it resolves to), then by name, the current one marked, TLS said', () => {
    const list = listDockerContexts(inputs({ configCurrentContext: 'remote-tls' }));
    assert.deepEqual(
      list.map((c) => [c.name, c.host, c.current, c.tls]),
      [
        ['default', 'unix:///var/run/docker.sock', false, 'none'],
        ['lab', 'ssh://me@lab', false, 'none'],
        ['remote-tls', 'tcp://10.0.0.5:2376', true, 'verify'],
      ],
    );
    assert.equal(list[2].description, 'the build box');
  });

  it("a window's choice is the one marked", () => {
    assert.deepEqual(
      listDockerContexts(inputs({ configCurrentContext: 'remote-tls' }), 'lab')
        .filter((c) => c.current)
        .map((c) => c.name),
      ['lab'],
    );
  });

  it("default is the setting when there is one (this extension's order without contexts)", () => {
    assert.equal(listDockerContexts(inputs({ setting: 'tcp://own:2375', env: { DOCKER_CONTEXT: 'lab' } }))[0].host, 'tcp://own:2375');
  });
});

describe("endpointForContext and a window's choice", () => {
  it("a context's engine, with its TLS folder; it wins over the setting and DOCKER_HOST", () => {
    const chosen = resolveEndpointWithContext(
      inputs({ setting: 'unix:///own.sock', env: { DOCKER_HOST: 'tcp://env:2375' } }),
      'remote-tls',
    );
    assert.deepEqual(chosen, {
      host: 'tcp://10.0.0.5:2376',
      source: 'context',
      contextName: 'remote-tls',
      tls: { certDir: '/cfg/contexts/tls/abc/docker', verify: true },
    });
    assert.equal(contextLabel(chosen, 'remote-tls'), 'remote-tls');
  });

  it('default: the usual order, without the current context of config.json or DOCKER_CONTEXT', () => {
    const endpoint = endpointForContext('default', inputs({ configCurrentContext: 'lab', env: { DOCKER_CONTEXT: 'lab' } }));
    assert.deepEqual(endpoint, { host: 'unix:///var/run/docker.sock', source: 'default', socketExists: true });
    assert.equal(contextLabel(endpoint, 'default'), 'default');
    assert.equal(contextLabel(endpoint, undefined), undefined);
  });

  it('no choice: exactly resolveEndpoint', () => {
    assert.equal(resolveEndpointWithContext(inputs({ env: { DOCKER_CONTEXT: 'lab' } }), undefined).host, 'ssh://me@lab');
  });

  it('a chosen context that is gone: an EndpointConfigError that says what to do', () => {
    assert.throws(
      () => endpointForContext('vanished', inputs()),
      (err: unknown) =>
        err instanceof EndpointConfigError &&
        /"vanished" was not found in \/home\/me\/\.docker\/contexts\/meta/.test(err.message) &&
        /Use Docker Context/.test(err.message),
    );
  });
});

describe('contexts on disk, as docker writes them', () => {
  const config = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-contexts-'));
  after(() => fs.rmSync(config, { recursive: true, force: true }));

  const write = (name: string, host: string, tlsFiles: string[]) => {
    const hash = contextMetaFolderName(name);
    fs.mkdirSync(path.join(config, 'contexts', 'meta', hash), { recursive: true });
    fs.writeFileSync(
      path.join(config, 'contexts', 'meta', hash, 'meta.json'),
      JSON.stringify({ Name: name, Metadata: { Description: `${name} box` }, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }),
    );
    if (tlsFiles.length) {
      const dir = path.join(config, 'contexts', 'tls', hash, 'docker');
      fs.mkdirSync(dir, { recursive: true });
      for (const f of tlsFiles) fs.writeFileSync(path.join(dir, f), 'PEM');
    }
  };

  it('lists every meta.json under DOCKER_CONFIG; the TLS folder only where it exists; config.json names the current one', () => {
    write('tls-box', 'tcp://10.0.0.5:2376', ['ca.pem', 'cert.pem', 'key.pem']);
    write('ssh-box', 'ssh://me@box', []);
    fs.writeFileSync(path.join(config, 'config.json'), JSON.stringify({ currentContext: 'ssh-box' }));
    const read = readEndpointInputs(undefined, { DOCKER_CONFIG: config });
    const list = listDockerContexts(read);
    assert.deepEqual(list.map((c) => [c.name, c.current, c.tls, c.description]).slice(1), [
      ['ssh-box', true, 'none', 'ssh-box box'],
      ['tls-box', false, 'verify', 'tls-box box'],
    ]);
    assert.equal(
      list.find((c) => c.name === 'tls-box')?.tlsDir,
      path.join(config, 'contexts', 'tls', contextMetaFolderName('tls-box'), 'docker'),
    );
    assert.equal(
      endpointForContext('tls-box', read).tls?.certDir,
      path.join(config, 'contexts', 'tls', contextMetaFolderName('tls-box'), 'docker'),
    );
  });

  it("createEngine: a window's chosen context wins over DOCKER_HOST; TLS settings go with the host setting", () => {
    const chosen = createEngine(undefined, { DOCKER_CONFIG: config, DOCKER_HOST: 'unix:///var/run/docker.sock' }, { context: 'ssh-box' });
    assert.deepEqual(chosen.endpoint, { host: 'ssh://me@box', source: 'context', contextName: 'ssh-box' });
    const certs = path.join(config, 'certs');
    fs.mkdirSync(certs);
    for (const f of ['ca.pem', 'me.pem', 'me-key.pem']) fs.writeFileSync(path.join(certs, f), 'PEM');
    const withTls = createEngine(
      'tcp://build-box:2376',
      { DOCKER_CONFIG: config },
      { tls: { caCert: path.join(certs, 'ca.pem'), cert: path.join(certs, 'me.pem'), key: path.join(certs, 'me-key.pem') } },
    );
    assert.deepEqual(withTls.endpoint.tls?.files, {
      ca: path.join(certs, 'ca.pem'),
      cert: path.join(certs, 'me.pem'),
      key: path.join(certs, 'me-key.pem'),
    });
    assert.equal(withTls.endpoint.tls?.verify, true);
  });
});
