import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Docker from 'dockerode';
import { EndpointConfigError, type EngineEndpoint } from '../../src/engine/connection';
import { toDockerodeOptions } from '../../src/engine/dockerodeOptions';

/** A readFile that answers from a table and records what it was asked for. */
function fakeFiles(files: Record<string, string>): { readFile: (p: string) => Buffer; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    readFile: (p) => {
      asked.push(p);
      if (!(p in files)) {
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: 'ENOENT' });
      }
      return Buffer.from(files[p]);
    },
  };
}

/**
 * The options with the keys that are set. toDockerodeOptions also sets docker-modem's
 * environment-fed keys to undefined on purpose (so DOCKER_HOST cannot override them); the
 * "reaches the socket" tests below prove that part against real sockets.
 */
function defined(options: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}

const noFiles = (p: string): Buffer => {
  throw new Error(`no file should be read, asked for ${p}`);
};

const certDir = path.join('/certs', 'engine');
const certFiles = {
  [path.join(certDir, 'ca.pem')]: 'CA PEM',
  [path.join(certDir, 'cert.pem')]: 'CERT PEM',
  [path.join(certDir, 'key.pem')]: 'KEY PEM',
};

describe('toDockerodeOptions', () => {
  it('unix: the socket path', () => {
    assert.deepEqual(defined(toDockerodeOptions({ host: 'unix:///var/run/docker.sock', source: 'default' }, noFiles)), {
      socketPath: '/var/run/docker.sock',
    });
  });

  it('npipe: the Windows pipe path', () => {
    assert.deepEqual(defined(toDockerodeOptions({ host: 'npipe:////./pipe/docker_engine', source: 'default' }, noFiles)), {
      socketPath: '\\\\.\\pipe\\docker_engine',
    });
  });

  it('tcp without TLS: http on 2375 unless a port is given', () => {
    assert.deepEqual(defined(toDockerodeOptions({ host: 'tcp://10.0.0.5', source: 'DOCKER_HOST' }, noFiles)), {
      protocol: 'http',
      host: '10.0.0.5',
      port: 2375,
    });
    assert.deepEqual(defined(toDockerodeOptions({ host: 'tcp://build-box:4243', source: 'DOCKER_HOST' }, noFiles)), {
      protocol: 'http',
      host: 'build-box',
      port: 4243,
    });
  });

  it('tcp with TLS: https on 2376, ca/cert/key read through readFile from the cert folder, verified', () => {
    const files = fakeFiles(certFiles);
    const options = toDockerodeOptions(
      { host: 'tcp://10.0.0.5', source: 'DOCKER_HOST', tls: { certDir, verify: true } },
      files.readFile,
    ) as Record<string, unknown>;
    assert.equal(options.protocol, 'https');
    assert.equal(options.host, '10.0.0.5');
    assert.equal(options.port, 2376);
    assert.equal(String(options.ca), 'CA PEM');
    assert.equal(String(options.cert), 'CERT PEM');
    assert.equal(String(options.key), 'KEY PEM');
    assert.equal(options.rejectUnauthorized, undefined);
    assert.deepEqual([...files.asked].sort(), Object.keys(certFiles).sort());
  });

  it('tcp with TLS keeps an explicit port', () => {
    const options = toDockerodeOptions(
      { host: 'tcp://10.0.0.5:3376', source: 'DOCKER_HOST', tls: { certDir, verify: true } },
      fakeFiles(certFiles).readFile,
    );
    assert.equal(options.port, 3376);
    assert.equal(options.protocol, 'https');
  });

  it('TLS with verify=false: an agent with rejectUnauthorized false', () => {
    const options = toDockerodeOptions(
      { host: 'tcp://10.0.0.5:2376', source: 'context', tls: { certDir, verify: false } },
      fakeFiles(certFiles).readFile,
    ) as Record<string, unknown>;
    assert.equal(options.protocol, 'https');
    const agent = (options as { agent?: https.Agent }).agent;
    assert.ok(agent instanceof https.Agent, 'an https agent carries the choice, since docker-modem passes only an agent on');
    assert.equal(agent.options.rejectUnauthorized, false);
  });

  it('https:// without TLS files: https on 2376, nothing read', () => {
    assert.deepEqual(defined(toDockerodeOptions({ host: 'https://engine.example', source: 'setting' }, noFiles)), {
      protocol: 'https',
      host: 'engine.example',
      port: 2376,
    });
  });

  it('an unreadable certificate is an EndpointConfigError naming the file', () => {
    const files = fakeFiles({ [path.join(certDir, 'ca.pem')]: 'CA', [path.join(certDir, 'cert.pem')]: 'CERT' });
    assert.throws(
      () => toDockerodeOptions({ host: 'tcp://10.0.0.5:2376', source: 'DOCKER_HOST', tls: { certDir, verify: true } }, files.readFile),
      (err: unknown) => {
        assert.ok(err instanceof EndpointConfigError);
        assert.ok(err.message.includes(path.join(certDir, 'key.pem')), err.message);
        assert.match(err.message, /tcp:\/\/10\.0\.0\.5:2376/);
        assert.match(err.message, /DOCKER_CERT_PATH/);
        return true;
      },
    );
  });

  it('ssh: protocol ssh, user, host, port, and the agent from SSH_AUTH_SOCK', () => {
    const options = toDockerodeOptions({ host: 'ssh://me@build-box:2222', source: 'setting' }, noFiles, {
      SSH_AUTH_SOCK: '/tmp/ssh-agent.sock',
    }) as Record<string, unknown>;
    assert.deepEqual(defined(options), {
      protocol: 'ssh',
      host: 'build-box',
      port: 2222,
      username: 'me',
      sshOptions: { agent: '/tmp/ssh-agent.sock' },
    });
  });

  it('ssh: port 22 by default, no user when none is given, no agent without SSH_AUTH_SOCK', () => {
    const options = toDockerodeOptions({ host: 'ssh://build-box', source: 'setting' }, noFiles, {}) as Record<string, unknown>;
    assert.equal(options.protocol, 'ssh');
    assert.equal(options.port, 22);
    assert.equal(options.username, undefined);
    assert.deepEqual(options.sshOptions, {});
  });

  it('ssh: a percent-encoded user name is decoded', () => {
    const options = toDockerodeOptions({ host: 'ssh://first.last%40corp@build-box', source: 'setting' }, noFiles, {}) as Record<
      string,
      unknown
    >;
    assert.equal(options.username, 'first.last@corp');
  });

  it('an unsupported scheme is an EndpointConfigError', () => {
    assert.throws(() => toDockerodeOptions({ host: 'ftp://x', source: 'setting' }, noFiles), EndpointConfigError);
  });
});

// ---------------------------------------------------------------------------------------
// The options must do what they say once dockerode has them. Local fake engines (a unix
// socket, a plain HTTP port, an HTTPS port with a self-signed certificate) answer
// GET /version with their own name, so a test can see which one was reached.

// Two self-signed certificates for localhost / 127.0.0.1, valid 2000-2199 (test material only).
const serverKey = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgsxmNM2j22acS5JU3
ODXSlzNXo4RwmQxux9ltglEnR/KhRANCAAQY+t0MJ1BsCv1hUkUblRksWOPUf0xH
ghPaU4K6dVMnAuab3zHz/FS4x15Nu5dnQDOFY9JgfHsDz4RjI9wwAGR3
-----END PRIVATE KEY-----
`;
const serverCert = `-----BEGIN CERTIFICATE-----
MIIBZzCCAQ2gAwIBAgIBATAKBggqhkjOPQQDAjAUMRIwEAYDVQQDDAlsb2NhbGhv
c3QwIBcNMDAwMTAxMDAwMDAwWhgPMjE5OTEyMzEwMDAwMDBaMBQxEjAQBgNVBAMM
CWxvY2FsaG9zdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABBj63QwnUGwK/WFS
RRuVGSxY49R/TEeCE9pTgrp1UycC5pvfMfP8VLjHXk27l2dAM4Vj0mB8ewPPhGMj
3DAAZHejTjBMMA8GA1UdEwEB/wQFMAMBAf8wGgYDVR0RBBMwEYIJbG9jYWxob3N0
hwR/AAABMB0GA1UdDgQWBBQe0dtjiXdhizjtazUa/w4oDmIC1TAKBggqhkjOPQQD
AgNIADBFAiEA/tmMmdZaIvUvzLl7lLsW+qH+xyOreWSkH+dEho8YSF0CIBhaMbta
jNxRx95UY+ZkLW/eu+Zp+71sqMSyGoSd6vLL
-----END CERTIFICATE-----
`;
const unrelatedCert = `-----BEGIN CERTIFICATE-----
MIIBZjCCAQ2gAwIBAgIBATAKBggqhkjOPQQDAjAUMRIwEAYDVQQDDAlsb2NhbGhv
c3QwIBcNMDAwMTAxMDAwMDAwWhgPMjE5OTEyMzEwMDAwMDBaMBQxEjAQBgNVBAMM
CWxvY2FsaG9zdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABN2MMse8rBENy7xL
DGzdcK0XwHyGHvu/952hFZoUBzd4mRs8u5hxmvDJj6ZOUQoDSNOCgZVnWTfs5sUd
Gwl7NsqjTjBMMA8GA1UdEwEB/wQFMAMBAf8wGgYDVR0RBBMwEYIJbG9jYWxob3N0
hwR/AAABMB0GA1UdDgQWBBSBlz1zRastEK8NlGVcb8+Els+DbTAKBggqhkjOPQQD
AgNHADBEAiAzdHZ7Jcew78TLJAU/RxvmqFpXyOygAS/JBNbl/JSzXQIgYcGy0EXW
DgJhm7JwFUr1Aic8MqmHZKzUPOP/u0QqrIU=
-----END CERTIFICATE-----
`;

function answerVersion(name: string): http.RequestListener {
  return (req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ Version: name, ApiVersion: '1.41', Os: 'linux', Arch: 'amd64', requested: req.url }));
  };
}

function listen(server: http.Server | https.Server, where: string | number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    if (typeof where === 'string') server.listen(where, () => resolve());
    else server.listen(where, '127.0.0.1', () => resolve());
  });
}

function close(server: http.Server | https.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

const dockerEnvNames = ['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_PATH_PREFIX', 'DOCKER_CLIENT_TIMEOUT'];

/** Runs `work` with process.env's Docker variables set to exactly `values`, then restores them. */
async function withDockerEnv<T>(values: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(dockerEnvNames.map((n) => [n, process.env[n]]));
  for (const n of dockerEnvNames) delete process.env[n];
  Object.assign(process.env, values);
  try {
    return await work();
  } finally {
    for (const n of dockerEnvNames) {
      if (saved[n] === undefined) delete process.env[n];
      else process.env[n] = saved[n];
    }
  }
}

async function versionVia(endpoint: EngineEndpoint, readFile: (p: string) => Buffer): Promise<string> {
  const docker = new Docker(toDockerodeOptions(endpoint, readFile));
  const v = await docker.version();
  return v.Version;
}

describe('toDockerodeOptions: dockerode reaches the engine the options name', () => {
  let dir: string;
  let socketPath: string;
  const unixServer = http.createServer(answerVersion('unix-socket-engine'));
  const tcpServer = http.createServer(answerVersion('tcp-engine'));
  const tlsServer = https.createServer({ key: serverKey, cert: serverCert }, answerVersion('tls-engine'));
  let tcpPort: number;
  let tlsPort: number;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-options-'));
    socketPath = path.join(dir, 'engine.sock');
    await listen(unixServer, socketPath);
    await listen(tcpServer, 0);
    await listen(tlsServer, 0);
    tcpPort = (tcpServer.address() as AddressInfo).port;
    tlsPort = (tlsServer.address() as AddressInfo).port;
  });

  after(async () => {
    await Promise.all([close(unixServer), close(tcpServer), close(tlsServer)]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a unix endpoint reaches the socket', async () => {
    const got = await withDockerEnv({}, () => versionVia({ host: `unix://${socketPath}`, source: 'setting' }, noFiles));
    assert.equal(got, 'unix-socket-engine');
  });

  it('a tcp endpoint reaches the port, even with DOCKER_HOST naming a socket', async () => {
    const got = await withDockerEnv({ DOCKER_HOST: `unix://${socketPath}` }, () =>
      versionVia({ host: `tcp://127.0.0.1:${tcpPort}`, source: 'setting' }, noFiles),
    );
    assert.equal(got, 'tcp-engine');
  });

  // The setting comes first: when it names a socket, a tcp DOCKER_HOST in the extension
  // host's environment must not redirect the requests (docker-modem merges its own
  // DOCKER_HOST defaults into the options it is given).
  it('a unix endpoint from the setting reaches the socket, even with a tcp DOCKER_HOST in the environment', async () => {
    const got = await withDockerEnv({ DOCKER_HOST: `tcp://127.0.0.1:${tcpPort}` }, () =>
      versionVia({ host: `unix://${socketPath}`, source: 'setting' }, noFiles),
    );
    assert.equal(got, 'unix-socket-engine');
  });

  const tlsEndpoint = (verify: boolean): EngineEndpoint => ({
    host: `tcp://127.0.0.1:${tlsPort}`,
    source: 'DOCKER_HOST',
    tls: { certDir, verify },
  });
  const tlsFiles = (ca: string) =>
    fakeFiles({
      [path.join(certDir, 'ca.pem')]: ca,
      [path.join(certDir, 'cert.pem')]: serverCert,
      [path.join(certDir, 'key.pem')]: serverKey,
    }).readFile;

  it('TLS verified against the right CA: connects', async () => {
    const got = await withDockerEnv({}, () => versionVia(tlsEndpoint(true), tlsFiles(serverCert)));
    assert.equal(got, 'tls-engine');
  });

  it('TLS verified against an unrelated CA: refused', async () => {
    await withDockerEnv({}, () =>
      assert.rejects(versionVia(tlsEndpoint(true), tlsFiles(unrelatedCert)), (err: Error & { code?: string }) => {
        assert.match(`${err.code} ${err.message}`, /SELF_SIGNED|self[- ]signed|certificate/i);
        return true;
      }),
    );
  });

  it('TLS with verify=false connects even though the CA does not match (skip verification really skips it)', async () => {
    const got = await withDockerEnv({}, () => versionVia(tlsEndpoint(false), tlsFiles(unrelatedCert)));
    assert.equal(got, 'tls-engine');
  });
});
