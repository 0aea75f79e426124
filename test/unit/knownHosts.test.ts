/** known_hosts as OpenSSH reads it, for the ssh2 path: names, hashes, patterns, markers, key types. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { entryNamesHost, fingerprint, hashHostName, keyTypeOf, parseKnownHosts, verifyHostKey } from '../../src/engine/knownHosts';

/** A key blob as a server sends it: string type, then some key bytes. */
function keyBlob(type: string, fill: number): Buffer {
  const typeBytes = Buffer.from(type, 'latin1');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(typeBytes.length);
  return Buffer.concat([length, typeBytes, Buffer.alloc(32, fill)]);
}

const ed = keyBlob('ssh-ed25519', 1);
const edOther = keyBlob('ssh-ed25519', 2);
const ecdsa = keyBlob('ecdsa-sha2-nistp256', 3);
const line = (hosts: string, key: Buffer, marker = '') =>
  `${marker ? `${marker} ` : ''}${hosts} ${keyTypeOf(key)} ${key.toString('base64')} comment`;

describe('parseKnownHosts', () => {
  it('reads entries, markers and comments; skips blank, comment and short lines', () => {
    const entries = parseKnownHosts(
      ['# a comment', '', line('a,b', ed), line('c', edOther, '@revoked'), line('*.corp', ecdsa, '@cert-authority'), 'broken-line'].join(
        '\n',
      ),
    );
    assert.deepEqual(
      entries.map((e) => [e.marker ?? '', e.patterns, e.keyType]),
      [
        ['', ['a', 'b'], 'ssh-ed25519'],
        ['revoked', ['c'], 'ssh-ed25519'],
        ['cert-authority', ['*.corp'], 'ecdsa-sha2-nistp256'],
      ],
    );
  });
});

describe('entryNamesHost', () => {
  it('plain names, [host]:port, wildcards, and a negation that wins', () => {
    const [entry] = parseKnownHosts(line('build-box,[10.0.0.5]:2222,*.lab,!secret.lab', ed));
    assert.equal(entryNamesHost(entry, 'build-box'), true);
    assert.equal(entryNamesHost(entry, 'BUILD-BOX'), true, 'names compare without case');
    assert.equal(entryNamesHost(entry, '[10.0.0.5]:2222'), true);
    assert.equal(entryNamesHost(entry, '10.0.0.5'), false, 'port 22 is another name');
    assert.equal(entryNamesHost(entry, 'gpu.lab'), true);
    assert.equal(entryNamesHost(entry, 'secret.lab'), false);
    assert.equal(entryNamesHost(entry, 'build-boxes'), false);
  });

  it('hashed names (ssh-keygen -H): only the name that was hashed matches', () => {
    const [entry] = parseKnownHosts(line(hashHostName('[127.0.0.1]:2222'), ed));
    assert.equal(entryNamesHost(entry, '[127.0.0.1]:2222'), true);
    assert.equal(entryNamesHost(entry, '127.0.0.1'), false);
  });
});

describe('verifyHostKey', () => {
  const entries = parseKnownHosts([line('build-box', ed), line('old-box', edOther, '@revoked'), line('old-box', edOther)].join('\n'));

  it('the listed key: trusted', () => {
    assert.equal(verifyHostKey(entries, 'build-box', ed), 'trusted');
  });

  it('another key of the same type for a listed host: changed', () => {
    assert.equal(verifyHostKey(entries, 'build-box', edOther), 'changed');
  });

  it('a key of another type for a listed host, or a host not listed: unknown (ssh would ask, batch mode refuses)', () => {
    assert.equal(verifyHostKey(entries, 'build-box', ecdsa), 'unknown');
    assert.equal(verifyHostKey(entries, 'new-box', ed), 'unknown');
    assert.equal(verifyHostKey([], 'build-box', ed), 'unknown');
  });

  it('a revoked key: revoked, even where a plain line lists it', () => {
    assert.equal(verifyHostKey(entries, 'old-box', edOther), 'revoked');
  });

  it('a cert-authority line does not make a plain key trusted', () => {
    assert.equal(verifyHostKey(parseKnownHosts(line('build-box', ed, '@cert-authority')), 'build-box', ed), 'unknown');
  });
});

describe('key helpers', () => {
  it('keyTypeOf reads the type a blob starts with; fingerprint is SHA256:base64 without padding', () => {
    assert.equal(keyTypeOf(ed), 'ssh-ed25519');
    assert.equal(keyTypeOf(Buffer.alloc(2)), '');
    assert.match(fingerprint(ed), /^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});
