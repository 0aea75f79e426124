import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  InvalidReferenceError,
  familiarRepository,
  formatReference,
  fullRepository,
  parseImageReference,
  referenceProblem,
  requireImageReference,
  sameReference,
  withDefaultTag,
  type ImageReference,
} from '../../src/engine/registry/imageReference';

const SHA = 'a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4';

function parsed(input: string): ImageReference {
  const check = parseImageReference(input);
  assert.ok(check.ok, `expected "${input}" to be valid, got: ${check.ok ? '' : check.problem}`);
  return check.reference;
}

function problem(input: string): string {
  const check = parseImageReference(input);
  assert.ok(!check.ok, `expected "${input}" to be refused`);
  return check.problem;
}

describe('parseImageReference: valid references, normalized as Docker does', () => {
  const cases: [string, ImageReference][] = [
    ['debian', { domain: 'docker.io', path: 'library/debian' }],
    ['debian:bookworm-slim', { domain: 'docker.io', path: 'library/debian', tag: 'bookworm-slim' }],
    ['library/debian', { domain: 'docker.io', path: 'library/debian' }],
    ['docker.io/debian', { domain: 'docker.io', path: 'library/debian' }],
    ['index.docker.io/library/debian:12', { domain: 'docker.io', path: 'library/debian', tag: '12' }],
    ['you/app:1.0', { domain: 'docker.io', path: 'you/app', tag: '1.0' }],
    ['localhost/app', { domain: 'localhost', path: 'app' }],
    ['localhost:5000/app:tag', { domain: 'localhost:5000', path: 'app', tag: 'tag' }],
    ['127.0.0.1:5000/you/img2vid-app:exe', { domain: '127.0.0.1:5000', path: 'you/img2vid-app', tag: 'exe' }],
    ['[::1]:5000/app', { domain: '[::1]:5000', path: 'app' }],
    ['ghcr.io/owner/repo/sub:v1', { domain: 'ghcr.io', path: 'owner/repo/sub', tag: 'v1' }],
    ['Registry.Example.COM/app', { domain: 'Registry.Example.COM', path: 'app' }],
    ['a_b/c__d/e-f/g---h/i.j', { domain: 'docker.io', path: 'a_b/c__d/e-f/g---h/i.j' }],
    [`app@sha256:${SHA}`, { domain: 'docker.io', path: 'library/app', digest: `sha256:${SHA}` }],
    [`app:1@sha256:${SHA}`, { domain: 'docker.io', path: 'library/app', tag: '1', digest: `sha256:${SHA}` }],
    ['app:V1_2.3-rc', { domain: 'docker.io', path: 'library/app', tag: 'V1_2.3-rc' }],
    ['app:_x', { domain: 'docker.io', path: 'library/app', tag: '_x' }],
    [`app:${'t'.repeat(128)}`, { domain: 'docker.io', path: 'library/app', tag: 't'.repeat(128) }],
    // As Docker reads it: no "/", so "127.0.0.1" is an image on Docker Hub and "5000" its tag.
    ['127.0.0.1:5000', { domain: 'docker.io', path: 'library/127.0.0.1', tag: '5000' }],
    [`${SHA}:tag`, { domain: 'docker.io', path: `library/${SHA}`, tag: 'tag' }],
    ['  debian:12  ', { domain: 'docker.io', path: 'library/debian', tag: '12' }],
  ];
  for (const [input, expected] of cases) {
    it(`reads "${input}"`, () => {
      assert.deepEqual(parsed(input), expected);
    });
  }

  it('takes a name of exactly 255 characters', () => {
    const name = `a/${'b'.repeat(253)}`;
    assert.equal(parsed(name).path, name);
  });
});

describe('parseImageReference: mistakes get a sentence that says what is wrong', () => {
  const cases: [string, RegExp][] = [
    ['', /enter an image reference, such as debian:bookworm-slim/],
    ['   ', /enter an image reference/],
    ['my app', /spaces are not allowed/],
    ['MyApp', /^uppercase letters are not allowed in a repository name: use myapp, not MyApp$/],
    ['you/MyApp:1.0', /use you\/myapp, not you\/MyApp$/],
    ['MyOrg/app', /use myorg\/app, not MyOrg\/app$/],
    ['127.0.0.1:5000/You/App:exe', /use 127\.0\.0\.1:5000\/you\/app, not 127\.0\.0\.1:5000\/You\/App$/],
    ['[::1]:5000/App', /use \[::1\]:5000\/app, not \[::1\]:5000\/App/],
    ['http://127.0.0.1:5000/app', /leave out "http:\/\/": use 127\.0\.0\.1:5000\/app, not http:\/\/127\.0\.0\.1:5000\/app/],
    ['https://ghcr.io/o/r:1', /leave out "https:\/\/"/],
    ['app:', /the tag after ":" is empty/],
    ['app@', /the digest after "@" is empty/],
    ['app@sha256:abc', /a sha256 digest has 64 hexadecimal digits; this one has 3/],
    [`app@sha256:${SHA.toUpperCase()}`, /lowercase hexadecimal: use sha256:a3ed95/],
    [`app@md5:${SHA}`, /"md5" is not a digest algorithm Docker verifies: use sha256/],
    ['app@sha256', /written algorithm:hex.*has no ":"/],
    [`app@sha256:${SHA.slice(0, 63)}g`, /only hexadecimal digits/],
    [`app@sha256:${SHA}@x`, /only one "@"/],
    [':tag', /the repository name before ":" is missing/],
    [`@sha256:${SHA}`, /the repository name before "@" is missing/],
    ['app:-x', /a tag cannot start with "\." or "-": "-x"/],
    ['app:.x', /a tag cannot start with/],
    ['app:v1+2', /a tag may contain only letters, digits, "_", "\." and "-": "v1\+2" has "\+"/],
    [`app:${'t'.repeat(129)}`, /a tag is at most 128 characters; .* has 129/],
    ['app:1.0:extra', /only one ":" may follow the name, before the tag/],
    ['-app', /each part of a repository name starts and ends with a letter or digit: "-app" does not/],
    ['you/app-', /"app-" does not/],
    ['a..b', /one "\.", one or two "_", or any number of "-": "a\.\.b" has "\.\."/],
    ['a___b', /"a___b" has "___"/],
    ['a.-b', /has "\.-"/],
    ['a/b/', /no empty parts/],
    ['/app', /no empty parts/],
    ['a//b', /no empty parts/],
    ['app+x', /only lowercase letters, digits.*"app\+x" has "\+"/],
    ['you/app!', /has "!"/],
    ['my_registry.io:5000/app', /the registry address "my_registry\.io:5000" may contain only letters.*"my_registry" is not allowed/],
    ['localhost:abc/app', /the port in "localhost:abc" must be a number, not "abc"/],
    ['localhost:/app', /the port after "localhost:" is empty/],
    ['reg..io/app', /has an empty part between dots/],
    ['-reg.io/app', /"-reg" is not allowed/],
    ['[::g]:5000/app', /not an IPv6 address in brackets/],
    ['ghcr.io/', /the repository name after "ghcr\.io\/" is missing/],
    [SHA, /a 64-character hexadecimal name is an image ID/],
    [`a/${'b'.repeat(254)}`, /at most 255 characters; this one has 256/],
  ];
  for (const [input, expected] of cases) {
    it(`refuses "${input.length > 40 ? `${input.slice(0, 40)}…` : input}"`, () => {
      assert.match(problem(input), expected);
    });
  }
});

describe('referenceProblem and requireImageReference', () => {
  it('gives undefined for a valid reference and the problem otherwise (for input boxes)', () => {
    assert.equal(referenceProblem('debian:12'), undefined);
    assert.match(referenceProblem('Debian') ?? '', /use debian, not Debian/);
  });

  it('throws InvalidReferenceError naming the input and the problem', () => {
    assert.throws(
      () => requireImageReference(' MyApp '),
      (err: unknown) =>
        err instanceof InvalidReferenceError && err.input === 'MyApp' && /^"MyApp" is not an image reference: uppercase/.test(err.message),
    );
  });
});

describe('formatting references', () => {
  it('writes Docker Hub names the short way and others in full', () => {
    assert.equal(formatReference(parsed('docker.io/library/debian:12')), 'debian:12');
    assert.equal(formatReference(parsed('docker.io/you/app')), 'you/app');
    assert.equal(formatReference(parsed('127.0.0.1:5000/you/app:exe')), '127.0.0.1:5000/you/app:exe');
    assert.equal(formatReference(parsed(`app:1@sha256:${SHA}`)), `app:1@sha256:${SHA}`);
  });

  it('keeps "library/" when the official namespace has more parts', () => {
    assert.equal(familiarRepository(parsed('library/a/b')), 'library/a/b');
  });

  it('writes the full form with the registry', () => {
    assert.equal(formatReference(parsed('debian'), 'full'), 'docker.io/library/debian');
    assert.equal(fullRepository(parsed('you/app:1')), 'docker.io/you/app');
  });

  it('adds :latest only when there is neither tag nor digest', () => {
    assert.equal(withDefaultTag(parsed('debian')).tag, 'latest');
    assert.equal(withDefaultTag(parsed('debian:12')).tag, '12');
    assert.equal(withDefaultTag(parsed(`debian@sha256:${SHA}`)).tag, undefined);
  });

  it('compares references after normalization', () => {
    assert.ok(sameReference(parsed('debian'), parsed('docker.io/library/debian:latest')));
    assert.ok(sameReference(parsed('index.docker.io/you/app:1'), parsed('you/app:1')));
    assert.ok(!sameReference(parsed('you/app:1'), parsed('you/app:2')));
    assert.ok(!sameReference(parsed('localhost/app'), parsed('app')));
  });
});
