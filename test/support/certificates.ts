/**
 * TLS material for a test engine, made with openssl in a folder of the test's own: a CA, a
 * server certificate for 127.0.0.1 / localhost (serverAuth), a client certificate
 * (clientAuth), and a second CA with a client certificate of its own, which the engine
 * must refuse. Valid for two days; EC P-256 keys (quick to make).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface TestCertificates {
  dir: string;
  /** ca.pem, cert.pem, key.pem of a client the engine trusts: a DOCKER_CERT_PATH. */
  clientDir: string;
  /** ca.pem (the right CA), cert.pem and key.pem signed by another CA: refused by the engine. */
  wrongClientDir: string;
  /** The other CA only, as ca.pem: the engine's certificate does not verify against it. */
  wrongCaDir: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function newKey(cwd: string, file: string): void {
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file], cwd);
}

function newCa(cwd: string, name: string): void {
  newKey(cwd, `${name}-key.pem`);
  openssl(['req', '-x509', '-new', '-key', `${name}-key.pem`, '-sha256', '-days', '2', '-subj', `/CN=${name}`, '-out', `${name}.pem`], cwd);
}

function signed(cwd: string, name: string, ca: string, extensions: string): void {
  newKey(cwd, `${name}-key.pem`);
  openssl(['req', '-new', '-key', `${name}-key.pem`, '-subj', `/CN=${name}`, '-out', `${name}.csr`], cwd);
  fs.writeFileSync(path.join(cwd, `${name}.ext`), extensions);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${ca}.pem`,
      '-CAkey',
      `${ca}-key.pem`,
      '-CAcreateserial',
      '-days',
      '2',
      '-sha256',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}-cert.pem`,
    ],
    cwd,
  );
}

export function makeCertificates(dir: string): TestCertificates {
  fs.mkdirSync(dir, { recursive: true });
  newCa(dir, 'ca');
  newCa(dir, 'other-ca');
  signed(dir, 'server', 'ca', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  signed(dir, 'client', 'ca', 'extendedKeyUsage=clientAuth\n');
  signed(dir, 'stranger', 'other-ca', 'extendedKeyUsage=clientAuth\n');
  const folder = (name: string, files: Record<string, string>) => {
    const target = path.join(dir, name);
    fs.mkdirSync(target, { recursive: true });
    for (const [to, from] of Object.entries(files)) fs.copyFileSync(path.join(dir, from), path.join(target, to));
    return target;
  };
  return {
    dir,
    clientDir: folder('client', { 'ca.pem': 'ca.pem', 'cert.pem': 'client-cert.pem', 'key.pem': 'client-key.pem' }),
    wrongClientDir: folder('wrong-client', { 'ca.pem': 'ca.pem', 'cert.pem': 'stranger-cert.pem', 'key.pem': 'stranger-key.pem' }),
    wrongCaDir: folder('wrong-ca', { 'ca.pem': 'other-ca.pem', 'cert.pem': 'client-cert.pem', 'key.pem': 'client-key.pem' }),
    caCert: path.join(dir, 'ca.pem'),
    serverCert: path.join(dir, 'server-cert.pem'),
    serverKey: path.join(dir, 'server-key.pem'),
  };
}
