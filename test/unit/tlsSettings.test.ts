/** TLS from the settings and the environment, the plain-tcp warning, and TLS failures in words. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EngineEndpoint } from '../../src/engine/connection';
import { describeConnectionFailure, isConnectionFailure } from '../../src/engine/errors';
import { describeTlsFailure } from '../../src/engine/tlsFailure';
import { applyTlsSettings, expandHome, ignoredTlsSettings, isLoopbackHost, plainTcpWarning } from '../../src/engine/tlsSettings';

const home = '/home/me';
const fromSetting: EngineEndpoint = { host: 'tcp://build-box:2376', source: 'setting' };

describe('applyTlsSettings', () => {
  it('certificate paths in the settings turn TLS on, verified unless tlsVerify is false; ~ is the home folder', () => {
    assert.deepEqual(applyTlsSettings(fromSetting, { caCert: '~/certs/ca.pem', cert: '/c/cert.pem', key: '/c/key.pem' }, {}, home).tls, {
      certDir: '/home/me/.docker',
      verify: true,
      files: { ca: '/home/me/certs/ca.pem', cert: '/c/cert.pem', key: '/c/key.pem' },
    });
    assert.equal(applyTlsSettings(fromSetting, { caCert: '/c/ca.pem', verify: false }, {}, home).tls?.verify, false);
  });

  it('tlsVerify alone: TLS with the files of DOCKER_CERT_PATH, else ~/.docker (the docker CLI defaults)', () => {
    assert.deepEqual(applyTlsSettings(fromSetting, { verify: true }, { DOCKER_CERT_PATH: '/certs' }, home).tls, {
      certDir: '/certs',
      verify: true,
    });
    assert.deepEqual(applyTlsSettings(fromSetting, { verify: true }, {}, home).tls, { certDir: '/home/me/.docker', verify: true });
    assert.deepEqual(applyTlsSettings(fromSetting, { verify: false }, {}, home).tls, { certDir: '/home/me/.docker', verify: false });
  });

  it("no TLS settings: the environment decides for the setting's address too, as `docker -H` does", () => {
    assert.deepEqual(applyTlsSettings(fromSetting, {}, { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }, home).tls, {
      certDir: '/certs',
      verify: true,
    });
    assert.deepEqual(applyTlsSettings(fromSetting, {}, { DOCKER_TLS: '1' }, home).tls, { certDir: '/home/me/.docker', verify: false });
    assert.equal(applyTlsSettings(fromSetting, {}, {}, home).tls, undefined);
  });

  it('DOCKER_HOST and contexts keep their own TLS; the settings are reported as ignored there', () => {
    const env: EngineEndpoint = { host: 'tcp://h:2376', source: 'DOCKER_HOST', tls: { certDir: '/env', verify: true } };
    assert.equal(applyTlsSettings(env, { caCert: '/c/ca.pem' }, {}, home), env);
    const context: EngineEndpoint = { host: 'tcp://h:2376', source: 'context', contextName: 'remote' };
    assert.equal(applyTlsSettings(context, { verify: true }, {}, home), context);
    assert.deepEqual(ignoredTlsSettings(context, { verify: true, caCert: '/c' }), [
      'containerWorkflows.engine.tlsVerify',
      'containerWorkflows.engine.tlsCaCert',
    ]);
    assert.deepEqual(ignoredTlsSettings(fromSetting, { verify: true }), []);
  });

  it('DOCKER_TLS without _VERIFY turns TLS on, unverified, for DOCKER_HOST', () => {
    assert.deepEqual(applyTlsSettings({ host: 'tcp://h:2376', source: 'DOCKER_HOST' }, {}, { DOCKER_TLS: '1' }, home).tls, {
      certDir: '/home/me/.docker',
      verify: false,
    });
  });

  it('sockets and ssh are left alone', () => {
    const socket: EngineEndpoint = { host: 'unix:///var/run/docker.sock', source: 'setting' };
    assert.equal(applyTlsSettings(socket, { verify: true }, {}, home), socket);
    const ssh: EngineEndpoint = { host: 'ssh://me@h', source: 'setting' };
    assert.equal(applyTlsSettings(ssh, { caCert: '/c' }, {}, home), ssh);
  });

  it('expandHome', () => {
    assert.equal(expandHome('~', home), home);
    assert.equal(expandHome(' ~/a ', home), '/home/me/a');
    assert.equal(expandHome('${env:HOME}/a', home), '/home/me/a');
    assert.equal(expandHome('/abs/~', home), '/abs/~');
  });
});

describe('plainTcpWarning', () => {
  it('once per non-loopback host reached over plain tcp://', () => {
    const plain: EngineEndpoint = { host: 'tcp://10.0.0.5:2375', source: 'setting' };
    assert.match(plainTcpWarning(plain, new Set()) ?? '', /plain TCP, without TLS/);
    assert.equal(plainTcpWarning(plain, new Set(['tcp://10.0.0.5:2375'])), undefined, 'said once, then not again');
  });

  it('none for TLS, loopback, sockets and ssh', () => {
    assert.equal(
      plainTcpWarning({ host: 'tcp://10.0.0.5:2376', source: 'setting', tls: { certDir: '/c', verify: true } }, new Set()),
      undefined,
    );
    for (const host of ['tcp://127.0.0.1:2375', 'tcp://localhost:2375', 'tcp://[::1]:2375', 'unix:///var/run/docker.sock', 'ssh://me@h']) {
      assert.equal(plainTcpWarning({ host, source: 'setting' }, new Set()), undefined, host);
    }
  });

  it('isLoopbackHost', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', 'engine.localhost', '::1', '[::1]']) assert.equal(isLoopbackHost(h), true, h);
    for (const h of ['10.0.0.1', 'build-box', '128.0.0.1', 'localhost.example.com']) assert.equal(isLoopbackHost(h), false, h);
  });
});

describe('TLS failures in words', () => {
  const endpoint: EngineEndpoint = { host: 'tcp://build-box:2376', source: 'DOCKER_HOST', tls: { certDir: '/certs', verify: true } };
  const failure = (code: string) => Object.assign(new Error(code), { code });

  it('the engine refused the client certificate: permission denied, naming the files to check', () => {
    for (const code of [
      'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
      'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
      'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
    ]) {
      const problem = describeTlsFailure(failure(code), endpoint);
      assert.equal(problem?.kind, 'permissionDenied', code);
      assert.match(problem?.summary ?? '', /refused this machine's client certificate/);
      assert.match(problem?.action ?? '', /\/certs \(DOCKER_CERT_PATH\)/);
    }
    assert.match(describeTlsFailure(failure('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'), endpoint)?.summary ?? '', /none was sent/);
  });

  it("the engine's certificate not signed by the CA, expired, for another name; no TLS there", () => {
    assert.match(describeTlsFailure(failure('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), endpoint)?.summary ?? '', /the CA in use did not sign/);
    assert.match(describeTlsFailure(failure('CERT_HAS_EXPIRED'), endpoint)?.summary ?? '', /expired/);
    assert.match(describeTlsFailure(failure('ERR_TLS_CERT_ALTNAME_INVALID'), endpoint)?.summary ?? '', /not made out for build-box:2376/);
    assert.match(describeTlsFailure(failure('ERR_SSL_WRONG_VERSION_NUMBER'), endpoint)?.summary ?? '', /does not speak TLS/);
  });

  it('the settings or the context are named when the files came from there', () => {
    const settings: EngineEndpoint = { ...endpoint, source: 'setting', tls: { certDir: '/c', verify: true, files: { cert: '/c/me.pem' } } };
    assert.match(
      describeTlsFailure(failure('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE'), settings)?.action ?? '',
      /containerWorkflows\.engine\.tlsCaCert/,
    );
    const context: EngineEndpoint = { ...endpoint, source: 'context', contextName: 'remote' };
    assert.match(describeTlsFailure(failure('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE'), context)?.action ?? '', /Docker context "remote"/);
  });

  it('other errors are not TLS failures; TLS failures count as connection failures with their words', () => {
    assert.equal(describeTlsFailure(failure('ECONNREFUSED'), endpoint), undefined);
    assert.equal(describeTlsFailure(new Error('x'), endpoint), undefined);
    assert.equal(isConnectionFailure(failure('UNABLE_TO_VERIFY_LEAF_SIGNATURE')), true);
    assert.match(describeConnectionFailure(failure('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE'), endpoint).summary, /client certificate/);
  });
});
