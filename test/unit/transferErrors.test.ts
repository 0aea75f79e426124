/**
 * The engine messages are the ones Docker Engine 20.10.24 gave against docker-registry
 * 2.8.2 here, plus Docker Hub's well-known wording for a private or missing repository.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  RegistryError,
  classifyRegistryProblem,
  describeRegistryProblem,
  type RegistryProblemKind,
} from '../../src/engine/registry/transferErrors';

describe('classifyRegistryProblem', () => {
  const cases: [string, RegistryProblemKind][] = [
    ['manifest for 127.0.0.1:45123/explore/nope:x not found: manifest unknown: manifest unknown', 'notFound'],
    ['repository name not known to registry', 'notFound'],
    ['Head "http://127.0.0.1:45123/v2/explore/app/manifests/one": no basic auth credentials', 'unauthorized'],
    ['no basic auth credentials', 'unauthorized'],
    ['unauthorized: authentication required', 'unauthorized'],
    ['login attempt to http://127.0.0.1:45123/v2/ failed with status: 401 Unauthorized', 'unauthorized'],
    [
      "pull access denied for nosuch/thing, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
      'unauthorized',
    ],
    ['denied: requested access to the resource is denied', 'unauthorized'],
    ['Get "http://127.0.0.1:45999/v2/": dial tcp 127.0.0.1:45999: connect: connection refused', 'unreachable'],
    ['Get "http://127.0.0.1:401/v2/": dial tcp 127.0.0.1:401: connect: connection refused', 'unreachable'],
    ['Get "https://nosuchhost.invalid/v2/": dial tcp: lookup nosuchhost.invalid on 10.255.255.53:53: no such host', 'unreachable'],
    [
      'Get "https://r.example/v2/": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
      'unreachable',
    ],
    ['Get "https://127.0.0.1:5000/v2/": http: server gave HTTP response to HTTPS client', 'unreachable'],
    ['Get "https://r.example/v2/": x509: certificate signed by unknown authority', 'unreachable'],
    ['An image does not exist locally with the tag: 127.0.0.1:45123/explore/none', 'noLocalImage'],
    ['No such image: you/app:1', 'noLocalImage'],
    ['open /var/lib/docker/tmp/x: permission denied', 'failed'],
    ['something else entirely', 'failed'],
  ];
  for (const [message, kind] of cases) {
    it(`${kind}: ${message.slice(0, 70)}`, () => assert.equal(classifyRegistryProblem(message), kind));
  }
});

describe('describeRegistryProblem', () => {
  it("not found: says to check the name, with the engine's words", () => {
    assert.equal(
      describeRegistryProblem('notFound', 'pull', '127.0.0.1:5000', 'manifest unknown', '127.0.0.1:5000/you/app:1'),
      '127.0.0.1:5000/you/app:1 was not found in 127.0.0.1:5000 (manifest unknown). Check the name and the tag.',
    );
  });

  it('unauthorized: says to log in to that registry', () => {
    assert.equal(
      describeRegistryProblem('unauthorized', 'push', '127.0.0.1:5000', 'no basic auth credentials', '127.0.0.1:5000/you/app:1'),
      '127.0.0.1:5000 refused to let you push 127.0.0.1:5000/you/app:1 (no basic auth credentials). Log in to 127.0.0.1:5000 and try again.',
    );
    assert.match(
      describeRegistryProblem('unauthorized', 'login', 'ghcr.io', 'status: 401 Unauthorized'),
      /ghcr\.io did not accept the user name and password/,
    );
  });

  it("unreachable: keeps the engine's own words", () => {
    const words = 'Get "http://127.0.0.1:45999/v2/": dial tcp 127.0.0.1:45999: connect: connection refused';
    assert.equal(
      describeRegistryProblem('unreachable', 'pull', '127.0.0.1:45999', words, '127.0.0.1:45999/a:b'),
      `Cannot reach the registry 127.0.0.1:45999: ${words}. Check the address and that the registry is running.`,
    );
  });

  it('no local image: says to tag one first', () => {
    assert.match(
      describeRegistryProblem('noLocalImage', 'push', 'r.io', 'An image does not exist locally with the tag: r.io/a', 'r.io/a:latest'),
      /There is no local image named r\.io\/a:latest to push .* Tag an image with that name first\./,
    );
  });

  it("RegistryError carries kind, operation, registry, reference and the engine's words", () => {
    const err = new RegistryError('notFound', 'pull', 'docker.io', 'manifest unknown', 'you/app:1');
    assert.equal(err.name, 'RegistryError');
    assert.equal(err.kind, 'notFound');
    assert.equal(err.operation, 'pull');
    assert.equal(err.registry, 'docker.io');
    assert.equal(err.reference, 'you/app:1');
    assert.equal(err.detail, 'manifest unknown');
    assert.match(err.message, /^you\/app:1 was not found in docker\.io/);
  });
});
