import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DOCKER_HUB_AUTH_KEY,
  apiBaseUrls,
  authKeyFor,
  hostnameOf,
  isLoopback,
  parseRegistryAddress,
  registryOfKey,
} from '../../src/engine/registry/registryAddress';

describe('parseRegistryAddress', () => {
  const valid: [string, string][] = [
    ['', 'docker.io'],
    ['  ', 'docker.io'],
    ['docker.io', 'docker.io'],
    ['index.docker.io', 'docker.io'],
    ['https://index.docker.io/v1/', 'docker.io'],
    ['registry-1.docker.io', 'docker.io'],
    ['127.0.0.1:5000', '127.0.0.1:5000'],
    ['http://127.0.0.1:5000/', '127.0.0.1:5000'],
    ['https://ghcr.io/v2/', 'ghcr.io'],
    ['GHCR.io', 'ghcr.io'],
    ['localhost:5000', 'localhost:5000'],
    ['[::1]:5000', '[::1]:5000'],
  ];
  for (const [input, registry] of valid) {
    it(`takes "${input}" as ${registry}`, () => {
      assert.deepEqual(parseRegistryAddress(input), { ok: true, registry });
    });
  }

  const invalid: [string, RegExp][] = [
    ['my registry', /spaces are not allowed/],
    ['https://', /enter the registry host/],
    ['reg_istry.io', /"reg_istry" is not allowed/],
    ['localhost:port', /must be a number/],
  ];
  for (const [input, expected] of invalid) {
    it(`refuses "${input}"`, () => {
      const check = parseRegistryAddress(input);
      assert.ok(!check.ok);
      assert.match(check.problem, expected);
    });
  }
});

describe('credential keys and API addresses', () => {
  it('files Docker Hub under the docker CLI key and others under their host', () => {
    assert.equal(authKeyFor('docker.io'), DOCKER_HUB_AUTH_KEY);
    assert.equal(authKeyFor('127.0.0.1:5000'), '127.0.0.1:5000');
  });

  it('reads the registry back from a key written any way the CLI writes it', () => {
    assert.equal(registryOfKey('https://index.docker.io/v1/'), 'docker.io');
    assert.equal(registryOfKey('https://127.0.0.1:5000/v2/'), '127.0.0.1:5000');
    assert.equal(registryOfKey('GHCR.IO'), 'ghcr.io');
    assert.equal(hostnameOf('http://a.example:1/x/y'), 'a.example:1');
  });

  it('knows loopback registries', () => {
    for (const host of ['localhost', 'localhost:5000', '127.0.0.1:5000', '127.8.9.10', '[::1]:5000']) {
      assert.ok(isLoopback(host), host);
    }
    for (const host of ['ghcr.io', '10.0.0.1:5000', 'localhost.example.com', '[::2]:5000']) {
      assert.ok(!isLoopback(host), host);
    }
  });

  it('tries HTTPS, and plain HTTP too only for loopback; Docker Hub at its API host', () => {
    assert.deepEqual(apiBaseUrls('docker.io'), ['https://registry-1.docker.io']);
    assert.deepEqual(apiBaseUrls('ghcr.io'), ['https://ghcr.io']);
    assert.deepEqual(apiBaseUrls('127.0.0.1:5000'), ['https://127.0.0.1:5000', 'http://127.0.0.1:5000']);
  });
});
