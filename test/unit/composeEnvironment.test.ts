/** The engine the extension uses is the one each compose CLI is told to use. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ComposeCli } from '../../src/compose/composeCli';
import { engineForCompose } from '../../src/compose/composeEnvironment';
import type { EngineEndpoint } from '../../src/engine/connection';

const plugin: ComposeCli = { flavour: 'plugin', program: 'docker', version: '2.29.7', major: 2, dockerCliFound: true };
const v1: ComposeCli = { flavour: 'standalone', program: 'docker-compose', version: '1.29.2', major: 1, dockerCliFound: true };
// What a person's shell may carry: it must not point the CLI at another engine.
const stray = {
  DOCKER_HOST: 'tcp://elsewhere:2375',
  DOCKER_CONTEXT: 'other',
  DOCKER_TLS_VERIFY: '1',
  DOCKER_TLS: '1',
  DOCKER_CERT_PATH: '/stray',
  PATH: '/usr/bin',
  HOME: '/home/me',
  COMPOSE_PROFILES: 'dev',
};

describe('the engine passed to compose', () => {
  it("a socket: DOCKER_HOST, and nothing of the shell's engine settings", () => {
    const endpoint: EngineEndpoint = { host: 'unix:///var/run/docker.sock', source: 'default', socketExists: true };
    for (const cli of [plugin, v1]) {
      const { env, globalArgs } = engineForCompose(cli, endpoint, stray);
      assert.deepEqual(globalArgs, []);
      assert.deepEqual(env, { DOCKER_HOST: 'unix:///var/run/docker.sock', PATH: '/usr/bin', HOME: '/home/me', COMPOSE_PROFILES: 'dev' });
    }
  });

  it('tcp with TLS that verifies: DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', () => {
    const endpoint: EngineEndpoint = { host: 'tcp://10.0.0.5:2376', source: 'DOCKER_HOST', tls: { certDir: '/certs', verify: true } };
    const { env } = engineForCompose(v1, endpoint, {});
    assert.deepEqual(env, { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' });
  });

  it("a context's TLS without verification: DOCKER_TLS for the docker CLI, the folder for 1.29", () => {
    // Reached when the setting names the address and the context is not used.
    const endpoint: EngineEndpoint = { host: 'tcp://10.0.0.5:2376', source: 'setting', tls: { certDir: '/ctx/tls', verify: false } };
    const { env } = engineForCompose(plugin, endpoint, {});
    assert.deepEqual(env, { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS: '1', DOCKER_CERT_PATH: '/ctx/tls' });
  });

  it('plain tcp from the setting: no TLS variables, even if the shell had some', () => {
    const { env } = engineForCompose(plugin, { host: 'tcp://127.0.0.1:2375', source: 'setting' }, stray);
    assert.equal(env.DOCKER_HOST, 'tcp://127.0.0.1:2375');
    assert.equal(env.DOCKER_TLS_VERIFY, undefined);
    assert.equal(env.DOCKER_CERT_PATH, undefined);
  });

  it('ssh: the address as is (1.29 needs python3-paramiko for it, then runs the ssh client)', () => {
    const { env } = engineForCompose(v1, { host: 'ssh://me@host:2222', source: 'DOCKER_HOST' }, {});
    assert.deepEqual(env, { DOCKER_HOST: 'ssh://me@host:2222' });
  });

  it('http:// and https:// (which dockerode takes) become tcp:// for the CLIs', () => {
    assert.deepEqual(engineForCompose(plugin, { host: 'http://127.0.0.1:2375', source: 'setting' }, {}).env, {
      DOCKER_HOST: 'tcp://127.0.0.1:2375',
    });
    assert.deepEqual(engineForCompose(plugin, { host: 'https://h:2376', source: 'setting' }, {}).env, {
      DOCKER_HOST: 'tcp://h:2376',
      DOCKER_TLS: '1',
    });
  });

  it("a context by name: DOCKER_CONTEXT always (1.29's `docker build` reads only that), --context where the CLI takes it", () => {
    const endpoint: EngineEndpoint = {
      host: 'tcp://h:2376',
      source: 'context',
      contextName: 'remote',
      tls: { certDir: '/c', verify: true },
    };
    const p = engineForCompose(plugin, endpoint, stray);
    assert.deepEqual(p.globalArgs, ['--context', 'remote']);
    assert.equal(p.env.DOCKER_CONTEXT, 'remote');
    assert.equal(p.env.DOCKER_HOST, undefined, 'the docker CLI refuses a host and a context together');
    assert.equal(p.env.DOCKER_CERT_PATH, undefined, 'the context carries its own certificates');
    assert.deepEqual(engineForCompose(v1, endpoint, {}).globalArgs, ['--context', 'remote']);
    assert.deepEqual(engineForCompose({ ...plugin, flavour: 'standalone', program: 'docker-compose' }, endpoint, {}).globalArgs, []);
  });

  it('1.29 without a docker CLI builds with its own builder', () => {
    const { env } = engineForCompose({ ...v1, dockerCliFound: false }, { host: 'unix:///s', source: 'setting' }, {});
    assert.equal(env.COMPOSE_DOCKER_CLI_BUILD, '0');
    assert.equal(engineForCompose(v1, { host: 'unix:///s', source: 'setting' }, {}).env.COMPOSE_DOCKER_CLI_BUILD, undefined);
  });
});
