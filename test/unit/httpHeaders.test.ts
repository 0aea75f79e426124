import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextPageUrl, parseRegistryErrors, parseWwwAuthenticate } from '../../src/engine/registry/httpHeaders';

describe('parseWwwAuthenticate', () => {
  it('reads the basic challenge of docker-registry with htpasswd (recorded)', () => {
    assert.deepEqual(parseWwwAuthenticate('Basic realm="basic-realm"'), [{ scheme: 'basic', params: { realm: 'basic-realm' } }]);
  });

  it("reads a bearer challenge whose scope holds a comma inside the quotes (the token spec's example)", () => {
    assert.deepEqual(
      parseWwwAuthenticate(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push"',
      ),
      [
        {
          scheme: 'bearer',
          params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:samalba/my-app:pull,push' },
        },
      ],
    );
  });

  it('reads error="insufficient_scope" and unquoted values, with blanks around "="', () => {
    assert.deepEqual(parseWwwAuthenticate('Bearer realm = "https://t.example/token", service=reg, error="insufficient_scope"'), [
      { scheme: 'bearer', params: { realm: 'https://t.example/token', service: 'reg', error: 'insufficient_scope' } },
    ]);
  });

  it('splits several challenges in one header', () => {
    const challenges = parseWwwAuthenticate('Basic realm="r1", Bearer realm="https://t/x",service="s"');
    assert.deepEqual(
      challenges.map((c) => c.scheme),
      ['basic', 'bearer'],
    );
    assert.equal(challenges[1].params.service, 's');
  });

  it('unescapes quoted characters', () => {
    assert.equal(parseWwwAuthenticate('Basic realm="a \\"quoted\\" realm"')[0].params.realm, 'a "quoted" realm');
  });

  it('gives nothing for an empty header', () => {
    assert.deepEqual(parseWwwAuthenticate(''), []);
  });
});

describe('nextPageUrl', () => {
  const base = 'http://127.0.0.1:5000/v2/_catalog?n=1';

  it('resolves the relative Link of docker-registry 2.8 (recorded)', () => {
    assert.equal(
      nextPageUrl('</v2/_catalog?last=explore%2Fapp&n=1>; rel="next"', base),
      'http://127.0.0.1:5000/v2/_catalog?last=explore%2Fapp&n=1',
    );
  });

  it('finds rel=next among several links, quoted or not', () => {
    assert.equal(nextPageUrl('</v2/a?p=0>; rel="prev", </v2/a?p=2>; rel=next', base), 'http://127.0.0.1:5000/v2/a?p=2');
  });

  it("keeps a link on the registry's own origin, so credentials never follow it elsewhere", () => {
    assert.equal(
      nextPageUrl('<https://elsewhere.example/v2/_catalog?last=b&n=1>; rel="next"', base),
      'http://127.0.0.1:5000/v2/_catalog?last=b&n=1',
    );
  });

  it('gives undefined without a next link', () => {
    assert.equal(nextPageUrl(null, base), undefined);
    assert.equal(nextPageUrl('</v2/a>; rel="prev"', base), undefined);
  });
});

describe('parseRegistryErrors', () => {
  it('reads the distribution error body (recorded)', () => {
    assert.deepEqual(
      parseRegistryErrors(
        '{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry","detail":{"name":"explore/nope"}}]}',
      ),
      [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }],
    );
  });

  it('gives nothing for a body that is not one', () => {
    assert.deepEqual(parseRegistryErrors('404 page not found'), []);
    assert.deepEqual(parseRegistryErrors('{"details":"x"}'), []);
  });
});
