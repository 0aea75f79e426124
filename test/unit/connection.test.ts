import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  type DockerContextMeta,
  EndpointConfigError,
  type EndpointInputs,
  contextMetaFolderName,
  defaultSocketCandidates,
  describeHost,
  dockerConfigDir,
  normalizeHost,
  parseContextMeta,
  readEndpointInputs,
  resolveEndpoint,
  socketPathOf,
} from '../../src/engine/connection';

const home = '/home/me';

function inputs(overrides: Partial<EndpointInputs> = {}): EndpointInputs {
  return {
    setting: undefined,
    env: {},
    configCurrentContext: undefined,
    contexts: [],
    homeDir: home,
    uid: 1000,
    platform: 'linux',
    exists: () => false,
    ...overrides,
  };
}

/** An `exists` that answers true only for the given paths, and records what it was asked. */
function existing(...paths: string[]): { exists: (p: string) => boolean; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    exists: (p) => {
      asked.push(p);
      return paths.includes(p);
    },
  };
}

const remoteContext: DockerContextMeta = {
  name: 'remote',
  host: 'tcp://10.0.0.5:2376',
  skipTlsVerify: false,
  tlsDir: '/cfg/contexts/tls/abc/docker',
};
const otherContext: DockerContextMeta = { name: 'other', host: 'ssh://me@other.example' };

describe('resolveEndpoint: the setting', () => {
  it('wins over DOCKER_HOST, the context and the default sockets', () => {
    const e = resolveEndpoint(
      inputs({
        setting: 'unix:///custom/docker.sock',
        env: { DOCKER_HOST: 'tcp://10.1.1.1:2375', DOCKER_CONTEXT: 'remote' },
        contexts: [remoteContext],
        exists: () => true,
      }),
    );
    assert.deepEqual(e, { host: 'unix:///custom/docker.sock', source: 'setting' });
  });

  it('turns a bare socket path into a unix:// address, trimming blanks', () => {
    assert.deepEqual(resolveEndpoint(inputs({ setting: '  /run/podman/podman.sock ' })), {
      host: 'unix:///run/podman/podman.sock',
      source: 'setting',
    });
  });

  it('takes tcp and ssh addresses as they are', () => {
    assert.equal(resolveEndpoint(inputs({ setting: 'tcp://build-box:2375' })).host, 'tcp://build-box:2375');
    assert.equal(resolveEndpoint(inputs({ setting: 'ssh://me@build-box' })).host, 'ssh://me@build-box');
  });

  it('a blank setting is no setting', () => {
    const e = resolveEndpoint(inputs({ setting: '   ', env: { DOCKER_HOST: 'tcp://10.1.1.1:2375' } }));
    assert.deepEqual(e, { host: 'tcp://10.1.1.1:2375', source: 'DOCKER_HOST' });
  });

  it('rejects an address with an unknown scheme with an error naming the setting', () => {
    assert.throws(
      () => resolveEndpoint(inputs({ setting: 'ftp://engine.example' })),
      (err: unknown) => {
        assert.ok(err instanceof EndpointConfigError);
        assert.equal(err.name, 'EndpointConfigError');
        assert.match(err.message, /containerWorkflows\.engine\.host/);
        assert.match(err.message, /ftp:\/\/engine\.example/);
        return true;
      },
    );
  });

  it('rejects an address without a scheme (host:port)', () => {
    assert.throws(
      () => resolveEndpoint(inputs({ setting: 'localhost:2375' })),
      (err: unknown) => err instanceof EndpointConfigError && /containerWorkflows\.engine\.host/.test(err.message),
    );
  });
});

describe('resolveEndpoint: DOCKER_HOST', () => {
  for (const host of [
    'unix:///var/run/docker.sock',
    'tcp://10.0.0.5:2375',
    'ssh://me@remote.example:2222',
    'npipe:////./pipe/docker_engine',
  ]) {
    it(`takes ${host.split(':')[0]} addresses`, () => {
      assert.deepEqual(resolveEndpoint(inputs({ env: { DOCKER_HOST: host }, exists: () => true })), { host, source: 'DOCKER_HOST' });
    });
  }

  it('a bare path in DOCKER_HOST becomes unix://', () => {
    assert.equal(resolveEndpoint(inputs({ env: { DOCKER_HOST: '/tmp/d.sock' } })).host, 'unix:///tmp/d.sock');
  });

  it('wins over the Docker context', () => {
    const e = resolveEndpoint(inputs({ env: { DOCKER_HOST: 'tcp://10.0.0.9:2375', DOCKER_CONTEXT: 'remote' }, contexts: [remoteContext] }));
    assert.equal(e.source, 'DOCKER_HOST');
    assert.equal(e.host, 'tcp://10.0.0.9:2375');
  });

  it('an invalid DOCKER_HOST is an error naming DOCKER_HOST', () => {
    assert.throws(
      () => resolveEndpoint(inputs({ env: { DOCKER_HOST: 'bogus://x' } })),
      (err: unknown) => err instanceof EndpointConfigError && /DOCKER_HOST/.test(err.message) && /bogus:\/\/x/.test(err.message),
    );
  });

  it('tcp + DOCKER_TLS_VERIFY + DOCKER_CERT_PATH: TLS with the certificates from DOCKER_CERT_PATH', () => {
    const e = resolveEndpoint(
      inputs({ env: { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs', DOCKER_CONFIG: '/cfg' } }),
    );
    assert.deepEqual(e, { host: 'tcp://10.0.0.5:2376', source: 'DOCKER_HOST', tls: { certDir: '/certs', verify: true } });
  });

  it('tcp + DOCKER_TLS_VERIFY without DOCKER_CERT_PATH: certificates from DOCKER_CONFIG', () => {
    const e = resolveEndpoint(inputs({ env: { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CONFIG: '/cfg' } }));
    assert.deepEqual(e.tls, { certDir: '/cfg', verify: true });
  });

  it('tcp + DOCKER_TLS_VERIFY without DOCKER_CERT_PATH nor DOCKER_CONFIG: certificates from ~/.docker', () => {
    const e = resolveEndpoint(inputs({ env: { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1' } }));
    assert.deepEqual(e.tls, { certDir: path.join(home, '.docker'), verify: true });
  });

  it('a blank DOCKER_CERT_PATH counts as unset', () => {
    const e = resolveEndpoint(inputs({ env: { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '  ' } }));
    assert.equal(e.tls?.certDir, path.join(home, '.docker'));
  });

  it('tcp without DOCKER_TLS_VERIFY (or with it empty): no TLS', () => {
    assert.equal(resolveEndpoint(inputs({ env: { DOCKER_HOST: 'tcp://10.0.0.5:2375', DOCKER_CERT_PATH: '/certs' } })).tls, undefined);
    assert.equal(resolveEndpoint(inputs({ env: { DOCKER_HOST: 'tcp://10.0.0.5:2375', DOCKER_TLS_VERIFY: '' } })).tls, undefined);
  });

  it('DOCKER_TLS_VERIFY on a unix host is ignored', () => {
    const e = resolveEndpoint(
      inputs({ env: { DOCKER_HOST: 'unix:///var/run/docker.sock', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' } }),
    );
    assert.deepEqual(e, { host: 'unix:///var/run/docker.sock', source: 'DOCKER_HOST' });
  });
});

describe('resolveEndpoint: Docker contexts', () => {
  it('DOCKER_CONTEXT beats currentContext from config.json', () => {
    const e = resolveEndpoint(
      inputs({ env: { DOCKER_CONTEXT: 'other' }, configCurrentContext: 'remote', contexts: [remoteContext, otherContext] }),
    );
    assert.deepEqual(e, { host: 'ssh://me@other.example', source: 'context', contextName: 'other' });
  });

  it('uses currentContext from config.json when DOCKER_CONTEXT is unset', () => {
    const e = resolveEndpoint(inputs({ configCurrentContext: 'other', contexts: [remoteContext, otherContext] }));
    assert.equal(e.source, 'context');
    assert.equal(e.contextName, 'other');
    assert.equal(e.host, 'ssh://me@other.example');
  });

  it('currentContext "default" means no context: the default sockets are used', () => {
    const e = resolveEndpoint(inputs({ configCurrentContext: 'default', contexts: [remoteContext], ...existing('/var/run/docker.sock') }));
    assert.deepEqual(e, { host: 'unix:///var/run/docker.sock', source: 'default', socketExists: true });
  });

  it('DOCKER_CONTEXT=default overrides a non-default currentContext', () => {
    const e = resolveEndpoint(
      inputs({
        env: { DOCKER_CONTEXT: 'default' },
        configCurrentContext: 'remote',
        contexts: [remoteContext],
        ...existing('/var/run/docker.sock'),
      }),
    );
    assert.equal(e.source, 'default');
    assert.equal(e.contextName, undefined);
  });

  it('an unknown context is a clear error naming the context, where it was looked for, and the way out', () => {
    assert.throws(
      () => resolveEndpoint(inputs({ env: { DOCKER_CONTEXT: 'gone', DOCKER_CONFIG: '/cfg' }, contexts: [remoteContext] })),
      (err: unknown) => {
        assert.ok(err instanceof EndpointConfigError);
        assert.match(err.message, /"gone"/);
        assert.ok(err.message.includes(path.join('/cfg', 'contexts', 'meta')), err.message);
        assert.match(err.message, /docker context use default/);
        assert.match(err.message, /containerWorkflows\.engine\.host/);
        return true;
      },
    );
  });

  it('a context with a TLS folder and a tcp host: TLS from that folder, verified', () => {
    const e = resolveEndpoint(inputs({ configCurrentContext: 'remote', contexts: [remoteContext] }));
    assert.deepEqual(e, {
      host: 'tcp://10.0.0.5:2376',
      source: 'context',
      contextName: 'remote',
      tls: { certDir: '/cfg/contexts/tls/abc/docker', verify: true },
    });
  });

  it('a context with SkipTLSVerify: TLS without verification', () => {
    const e = resolveEndpoint(inputs({ configCurrentContext: 'remote', contexts: [{ ...remoteContext, skipTlsVerify: true }] }));
    assert.deepEqual(e.tls, { certDir: '/cfg/contexts/tls/abc/docker', verify: false });
  });

  it('a tcp context without a TLS folder: no TLS', () => {
    const e = resolveEndpoint(inputs({ configCurrentContext: 'remote', contexts: [{ ...remoteContext, tlsDir: undefined }] }));
    assert.equal(e.tls, undefined);
  });

  it('a unix context with a TLS folder: no TLS', () => {
    const e = resolveEndpoint(
      inputs({ configCurrentContext: 'local', contexts: [{ name: 'local', host: 'unix:///run/user/1000/docker.sock', tlsDir: '/x' }] }),
    );
    assert.deepEqual(e, { host: 'unix:///run/user/1000/docker.sock', source: 'context', contextName: 'local' });
  });

  it('a context with an invalid host is an error naming the context', () => {
    assert.throws(
      () => resolveEndpoint(inputs({ configCurrentContext: 'weird', contexts: [{ name: 'weird', host: 'gopher://x' }] })),
      (err: unknown) => err instanceof EndpointConfigError && /Docker context "weird"/.test(err.message),
    );
  });
});

describe('resolveEndpoint: default sockets', () => {
  const desktop = path.posix.join(home, '.docker', 'run', 'docker.sock');

  it('asks for the candidates in order: Docker Desktop, the system socket, rootless Podman', () => {
    const probe = existing();
    resolveEndpoint(inputs({ exists: probe.exists, env: { XDG_RUNTIME_DIR: '/run/user/1000' } }));
    assert.deepEqual(probe.asked, [desktop, '/var/run/docker.sock', '/run/user/1000/podman/podman.sock']);
  });

  it('picks Docker Desktop first when everything exists', () => {
    const e = resolveEndpoint(inputs({ exists: () => true }));
    assert.deepEqual(e, { host: `unix://${desktop}`, source: 'default', socketExists: true });
  });

  it('picks /var/run/docker.sock when Docker Desktop is absent', () => {
    const e = resolveEndpoint(inputs(existing('/var/run/docker.sock', '/run/user/1000/podman/podman.sock')));
    assert.deepEqual(e, { host: 'unix:///var/run/docker.sock', source: 'default', socketExists: true });
  });

  it('picks the Podman socket under $XDG_RUNTIME_DIR', () => {
    const e = resolveEndpoint(
      inputs({
        env: { XDG_RUNTIME_DIR: '/xdg/runtime' },
        uid: 1000,
        ...existing('/xdg/runtime/podman/podman.sock', '/run/user/1000/podman/podman.sock'),
      }),
    );
    assert.deepEqual(e, { host: 'unix:///xdg/runtime/podman/podman.sock', source: 'default', socketExists: true });
  });

  it('without XDG_RUNTIME_DIR, the Podman socket is looked for under /run/user/$UID', () => {
    const e = resolveEndpoint(inputs({ uid: 4321, ...existing('/run/user/4321/podman/podman.sock') }));
    assert.deepEqual(e, { host: 'unix:///run/user/4321/podman/podman.sock', source: 'default', socketExists: true });
  });

  it('without XDG_RUNTIME_DIR nor a uid, Podman is not looked for', () => {
    const probe = existing();
    resolveEndpoint(inputs({ uid: undefined, exists: probe.exists }));
    assert.deepEqual(probe.asked, [desktop, '/var/run/docker.sock']);
  });

  it('when none exists: /var/run/docker.sock with socketExists false', () => {
    const e = resolveEndpoint(inputs({ env: { XDG_RUNTIME_DIR: '/run/user/1000' } }));
    assert.deepEqual(e, { host: 'unix:///var/run/docker.sock', source: 'default', socketExists: false });
  });

  it('on Windows: the Docker named pipe, also when nothing exists', () => {
    assert.deepEqual(resolveEndpoint(inputs({ platform: 'win32' })), {
      host: 'npipe:////./pipe/docker_engine',
      source: 'default',
      socketExists: false,
    });
    assert.deepEqual(resolveEndpoint(inputs({ platform: 'win32', exists: () => true })), {
      host: 'npipe:////./pipe/docker_engine',
      source: 'default',
      socketExists: true,
    });
  });

  it('on Windows: the Podman machine pipe when only it exists (asked as a Windows pipe path)', () => {
    const probe = existing('\\\\.\\pipe\\podman-machine-default');
    const e = resolveEndpoint(inputs({ platform: 'win32', exists: probe.exists }));
    assert.deepEqual(e, { host: 'npipe:////./pipe/podman-machine-default', source: 'default', socketExists: true });
    assert.deepEqual(probe.asked, ['\\\\.\\pipe\\docker_engine', '\\\\.\\pipe\\podman-machine-default']);
  });

  it('defaultSocketCandidates lists the addresses', () => {
    assert.deepEqual(defaultSocketCandidates({ env: {}, homeDir: home, uid: 7, platform: 'linux' }), [
      `unix://${desktop}`,
      'unix:///var/run/docker.sock',
      'unix:///run/user/7/podman/podman.sock',
    ]);
  });
});

describe('parseContextMeta', () => {
  const tlsRoot = '/cfg/contexts/tls';

  it('reads a meta.json as Docker writes it', () => {
    const meta = parseContextMeta(
      {
        Name: 'remote',
        Metadata: { Description: 'build box' },
        Endpoints: { docker: { Host: 'tcp://10.0.0.5:2376', SkipTLSVerify: false } },
      },
      tlsRoot,
    );
    assert.deepEqual(meta, {
      name: 'remote',
      host: 'tcp://10.0.0.5:2376',
      skipTlsVerify: false,
      tlsDir: path.join(tlsRoot, crypto.createHash('sha256').update('remote').digest('hex'), 'docker'),
    });
  });

  it('reads SkipTLSVerify', () => {
    assert.equal(
      parseContextMeta({ Name: 'r', Endpoints: { docker: { Host: 'tcp://h:2376', SkipTLSVerify: true } } }, tlsRoot)?.skipTlsVerify,
      true,
    );
    assert.equal(parseContextMeta({ Name: 'r', Endpoints: { docker: { Host: 'tcp://h:2376' } } }, tlsRoot)?.skipTlsVerify, false);
  });

  it('is undefined when the name or the docker host is missing, or the JSON is not an object', () => {
    assert.equal(parseContextMeta({ Endpoints: { docker: { Host: 'tcp://h:2376' } } }, tlsRoot), undefined);
    assert.equal(parseContextMeta({ Name: 'r', Endpoints: {} }, tlsRoot), undefined);
    assert.equal(parseContextMeta({ Name: 'r' }, tlsRoot), undefined);
    assert.equal(parseContextMeta({ Name: 'r', Endpoints: { docker: { Host: 42 } } }, tlsRoot), undefined);
    assert.equal(parseContextMeta({ Name: 7, Endpoints: { docker: { Host: 'tcp://h' } } }, tlsRoot), undefined);
    assert.equal(parseContextMeta(null, tlsRoot), undefined);
    assert.equal(parseContextMeta(undefined, tlsRoot), undefined);
    assert.equal(parseContextMeta('remote', tlsRoot), undefined);
  });
});

describe('contextMetaFolderName', () => {
  it('is the SHA-256 of the context name, in hex', () => {
    for (const name of ['default', 'remote', 'dësktop-linux', '']) {
      assert.equal(contextMetaFolderName(name), crypto.createHash('sha256').update(name, 'utf8').digest('hex'));
    }
    // The value Docker itself uses for "default" (a well-known folder name).
    assert.equal(contextMetaFolderName('default'), '37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f');
  });
});

describe('readEndpointInputs against a real Docker config folder', () => {
  let configDir: string;
  const sha = (name: string) => crypto.createHash('sha256').update(name).digest('hex');

  before(() => {
    configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-docker-config-'));
    fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ auths: {}, currentContext: 'remote' }, null, '\t'));
    const meta = (name: string, body: unknown) => {
      const dir = path.join(configDir, 'contexts', 'meta', sha(name));
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify(body));
    };
    meta('remote', { Name: 'remote', Metadata: {}, Endpoints: { docker: { Host: 'tcp://10.0.0.5:2376', SkipTLSVerify: false } } });
    meta('plain', { Name: 'plain', Metadata: {}, Endpoints: { docker: { Host: 'ssh://me@plain.example', SkipTLSVerify: false } } });
    // A folder with a broken meta.json and one without any: both ignored.
    fs.mkdirSync(path.join(configDir, 'contexts', 'meta', 'broken'), { recursive: true });
    fs.writeFileSync(path.join(configDir, 'contexts', 'meta', 'broken', 'meta.json'), '{ not json');
    fs.mkdirSync(path.join(configDir, 'contexts', 'meta', 'empty'), { recursive: true });
    // TLS material for "remote" only, where Docker puts it.
    const tls = path.join(configDir, 'contexts', 'tls', sha('remote'), 'docker');
    fs.mkdirSync(tls, { recursive: true });
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) fs.writeFileSync(path.join(tls, f), `${f}\n`);
  });

  after(() => {
    fs.rmSync(configDir, { recursive: true, force: true });
  });

  it('finds currentContext and every context, with the TLS folder only when it exists', () => {
    const env = { DOCKER_CONFIG: configDir };
    const got = readEndpointInputs('  ', env);
    assert.equal(got.setting, '  ');
    assert.equal(got.env, env);
    assert.equal(got.configCurrentContext, 'remote');
    assert.equal(got.homeDir, os.homedir());
    assert.equal(got.platform, process.platform);
    assert.equal(got.uid, process.getuid?.());
    const byName = [...got.contexts].sort((a, b) => a.name.localeCompare(b.name));
    assert.deepEqual(byName, [
      { name: 'plain', host: 'ssh://me@plain.example', skipTlsVerify: false, tlsDir: undefined },
      {
        name: 'remote',
        host: 'tcp://10.0.0.5:2376',
        skipTlsVerify: false,
        tlsDir: path.join(configDir, 'contexts', 'tls', sha('remote'), 'docker'),
      },
    ]);
    assert.equal(got.exists(path.join(configDir, 'config.json')), true);
    assert.equal(got.exists(path.join(configDir, 'nope.sock')), false);
  });

  it('feeds resolveEndpoint: the current context with its TLS folder', () => {
    const e = resolveEndpoint(readEndpointInputs(undefined, { DOCKER_CONFIG: configDir }));
    assert.deepEqual(e, {
      host: 'tcp://10.0.0.5:2376',
      source: 'context',
      contextName: 'remote',
      tls: { certDir: path.join(configDir, 'contexts', 'tls', sha('remote'), 'docker'), verify: true },
    });
  });

  it('DOCKER_CONTEXT picks another context from the same folder', () => {
    const e = resolveEndpoint(readEndpointInputs(undefined, { DOCKER_CONFIG: configDir, DOCKER_CONTEXT: 'plain' }));
    assert.deepEqual(e, { host: 'ssh://me@plain.example', source: 'context', contextName: 'plain' });
  });

  it('a missing config folder means no context and no currentContext', () => {
    const got = readEndpointInputs(undefined, { DOCKER_CONFIG: path.join(configDir, 'does-not-exist') });
    assert.equal(got.configCurrentContext, undefined);
    assert.deepEqual(got.contexts, []);
  });

  it('a config.json that is not JSON, or whose currentContext is not a string, gives no currentContext', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-docker-config-bad-'));
    try {
      fs.writeFileSync(path.join(dir, 'config.json'), '{ "currentContext": ');
      assert.equal(readEndpointInputs(undefined, { DOCKER_CONFIG: dir }).configCurrentContext, undefined);
      fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ currentContext: 3 }));
      assert.equal(readEndpointInputs(undefined, { DOCKER_CONFIG: dir }).configCurrentContext, undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('describeHost and helpers', () => {
  it('a socket address is shown as its path', () => {
    assert.equal(describeHost({ host: 'unix:///var/run/docker.sock', source: 'default' }), '/var/run/docker.sock');
    assert.equal(describeHost({ host: 'npipe:////./pipe/docker_engine', source: 'default' }), '\\\\.\\pipe\\docker_engine');
  });

  it('a network address is shown without its scheme', () => {
    assert.equal(describeHost({ host: 'tcp://10.0.0.5:2376', source: 'DOCKER_HOST' }), '10.0.0.5:2376');
    assert.equal(describeHost({ host: 'ssh://me@build-box', source: 'setting' }), 'me@build-box');
    assert.equal(describeHost({ host: 'https://engine.example:2376', source: 'setting' }), 'engine.example:2376');
  });

  it('socketPathOf, normalizeHost and dockerConfigDir', () => {
    assert.equal(socketPathOf('unix:///a/b.sock'), '/a/b.sock');
    assert.equal(socketPathOf('npipe:////./pipe/x'), '\\\\.\\pipe\\x');
    assert.equal(normalizeHost(' /a/b.sock '), 'unix:///a/b.sock');
    assert.equal(normalizeHost('tcp://h:1'), 'tcp://h:1');
    assert.equal(dockerConfigDir({ DOCKER_CONFIG: '/cfg' }, home), '/cfg');
    assert.equal(dockerConfigDir({ DOCKER_CONFIG: ' ' }, home), path.join(home, '.docker'));
    assert.equal(dockerConfigDir({}, home), path.join(home, '.docker'));
  });
});
