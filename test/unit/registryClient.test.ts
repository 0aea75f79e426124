/**
 * The Registry API v2 client against recorded exchanges.
 *
 * No token server runs on this machine (Debian's docker-registry does basic auth only, and
 * Docker Hub is not reachable from here), so the bearer flow is tested against recorded
 * challenge and token responses: the challenges and token bodies of Docker Hub and of the
 * distribution token spec (docs/spec/auth/token.md), written down as they are sent. The
 * basic-auth and pagination exchanges were recorded from docker-registry 2.8.2 here; the
 * integration tests (test/integration/registry.test.ts) run the same client against it.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CancelledError } from '../../src/engine/errors';
import { RegistryClient } from '../../src/engine/registry/registryClient';
import { RegistryError } from '../../src/engine/registry/transferErrors';
import {
  RecordedRegistry,
  UNAUTHORIZED_BODY,
  on,
  withAuth,
  withoutAuth,
  type Exchange,
  type SentRequest,
} from '../support/recordedRegistry';

const LOCAL = 'http://127.0.0.1:5000';
const alice = { registry: '127.0.0.1:5000', username: 'alice', secret: 's3cret' };
const aliceBasic = `Basic ${Buffer.from('alice:s3cret').toString('base64')}`;
const basicChallenge = { 'www-authenticate': 'Basic realm="basic-realm"' };

/** docker-registry 2.8 with htpasswd: 401 + Basic challenge until the right Basic header comes. */
function basicRegistry(extra: Exchange[]): RecordedRegistry {
  return new RecordedRegistry([
    { match: on.get('/v2/', withAuth(aliceBasic)), status: 200, body: {}, repeat: true },
    ...extra,
    { match: () => true, status: 401, headers: basicChallenge, body: UNAUTHORIZED_BODY, repeat: true },
  ]);
}

/**
 * One page of a paged listing (the catalog or a repository's tags), asked for with `search`
 * and answered with `body` and, unless it is the last page, a Link to the page after it.
 */
function page(path: string, search: string, body: object, next?: string): Exchange {
  return {
    match: on.get(path, (_r, u) => u.search === search),
    status: 200,
    ...(next ? { headers: { link: `<${path}${next}>; rel="next"` } } : {}),
    body,
  };
}

const HUB_REALM = 'https://auth.docker.io/token';
const hubChallenge = (scope?: string, error?: string) => ({
  'www-authenticate': `Bearer realm="${HUB_REALM}",service="registry.docker.io"${scope ? `,scope="${scope}"` : ''}${error ? `,error="${error}"` : ''}`,
});
const token = (name: string, expiresIn = 300) => ({
  token: name,
  access_token: name,
  expires_in: expiresIn,
  issued_at: '2026-12-01T09:00:00Z',
});
const tokenFor = (scope: string | undefined, name: string, check: (r: SentRequest) => boolean = () => true): Exchange => ({
  match: (r) => {
    const url = new URL(r.url);
    return (
      url.origin + url.pathname === HUB_REALM &&
      url.searchParams.get('service') === 'registry.docker.io' &&
      (url.searchParams.getAll('scope').join(' ') || undefined) === scope &&
      check(r)
    );
  },
  status: 200,
  body: token(name),
});

describe('RegistryClient with basic auth (docker-registry 2.8, recorded)', () => {
  it('ping without credentials: the registry wants a login, said as such', async () => {
    const recorded = basicRegistry([]);
    const client = new RegistryClient({ registry: '127.0.0.1:5000', baseUrls: [LOCAL], fetch: recorded.fetch });
    await assert.rejects(client.ping(), (err: unknown) => {
      assert.ok(err instanceof RegistryError);
      assert.equal(err.kind, 'unauthorized');
      assert.match(
        err.message,
        /^127\.0\.0\.1:5000 did not accept the user name and password \(401 UNAUTHORIZED: authentication required\)/,
      );
      return true;
    });
  });

  it('ping with credentials: sends Basic after the challenge, and from then on at once', async () => {
    const recorded = basicRegistry([{ match: on.get('/v2/_catalog', withAuth(aliceBasic)), status: 200, body: { repositories: ['a'] } }]);
    const client = new RegistryClient({ registry: '127.0.0.1:5000', credential: alice, baseUrls: [LOCAL], fetch: recorded.fetch });
    await client.ping();
    assert.deepEqual(
      recorded.to('/v2/').map((r) => r.headers.authorization),
      [undefined, aliceBasic],
    );
    const listing = await client.listRepositories();
    assert.deepEqual(listing, { listable: true, repositories: ['a'], complete: true });
    assert.equal(recorded.to('/v2/_catalog').length, 1, 'no second round-trip once the scheme is known');
  });

  it("follows the catalog's Link pages, asking n at a time", async () => {
    const recorded = basicRegistry([
      page('/v2/_catalog', '?n=2', { repositories: ['a', 'b'] }, '?last=b&n=2'),
      page('/v2/_catalog', '?last=b&n=2', { repositories: ['c', 'd'] }, '?last=d&n=2'),
      page('/v2/_catalog', '?last=d&n=2', { repositories: ['e'] }),
    ]);
    const client = new RegistryClient({ registry: '127.0.0.1:5000', credential: alice, baseUrls: [LOCAL], fetch: recorded.fetch });
    assert.deepEqual(await client.listRepositories({ pageSize: 2 }), {
      listable: true,
      repositories: ['a', 'b', 'c', 'd', 'e'],
      complete: true,
    });
  });

  it('stops at the limit and says the list is not complete', async () => {
    const recorded = basicRegistry([
      page('/v2/_catalog', '?n=2', { repositories: ['a', 'b'] }, '?last=b&n=2'),
      page('/v2/_catalog', '?last=b&n=2', { repositories: ['c', 'd'] }, '?last=d&n=2'),
    ]);
    const client = new RegistryClient({ registry: '127.0.0.1:5000', credential: alice, baseUrls: [LOCAL], fetch: recorded.fetch });
    assert.deepEqual(await client.listRepositories({ pageSize: 2, limit: 3 }), {
      listable: true,
      repositories: ['a', 'b', 'c'],
      complete: false,
    });
    assert.equal(recorded.to('/v2/_catalog').filter((r) => r.url.includes('last=d')).length, 0, 'no page past the limit');
  });

  it('does not loop on a registry whose next link points back at a page it gave', async () => {
    const recorded = basicRegistry([
      {
        match: on.get('/v2/you/app/tags/list', withAuth(aliceBasic)),
        status: 200,
        headers: { link: '</v2/you/app/tags/list?last=x&n=1>; rel="next"' },
        body: { name: 'you/app', tags: ['x'] },
        repeat: true,
      },
    ]);
    const client = new RegistryClient({ registry: '127.0.0.1:5000', credential: alice, baseUrls: [LOCAL], fetch: recorded.fetch });
    const listing = await client.listTags('you/app', { pageSize: 1 });
    assert.deepEqual(listing, { tags: ['x', 'x'], complete: true });
    assert.equal(recorded.to('/v2/you/app/tags/list').filter((r) => r.headers.authorization).length, 2);
  });

  it('follows Link pages of tags too (what registries after 2.8 send; 2.8 answers all tags at once)', async () => {
    const recorded = basicRegistry([
      page('/v2/you/app/tags/list', '?n=2', { name: 'you/app', tags: ['1', '2'] }, '?last=2&n=2'),
      page('/v2/you/app/tags/list', '?last=2&n=2', { name: 'you/app', tags: ['3'] }),
    ]);
    const client = new RegistryClient({ registry: '127.0.0.1:5000', credential: alice, baseUrls: [LOCAL], fetch: recorded.fetch });
    assert.deepEqual(await client.listTags('you/app', { pageSize: 2 }), { tags: ['1', '2', '3'], complete: true });
  });

  it('takes "tags": null (a repository whose tags were all deleted) as no tags', async () => {
    const recorded = basicRegistry([{ match: on.get('/v2/you/app/tags/list'), status: 200, body: { name: 'you/app', tags: null } }]);
    const client = new RegistryClient({ registry: '127.0.0.1:5000', credential: alice, baseUrls: [LOCAL], fetch: recorded.fetch });
    assert.deepEqual(await client.listTags('you/app'), { tags: [], complete: true });
  });

  it("reports an unknown repository as not found, with the registry's words (recorded)", async () => {
    const recorded = basicRegistry([
      {
        match: on.get('/v2/explore/nope/tags/list'),
        status: 404,
        body: { errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry', detail: { name: 'explore/nope' } }] },
      },
    ]);
    const client = new RegistryClient({ registry: '127.0.0.1:5000', credential: alice, baseUrls: [LOCAL], fetch: recorded.fetch });
    await assert.rejects(
      client.listTags('explore/nope'),
      (err: unknown) =>
        err instanceof RegistryError &&
        err.kind === 'notFound' &&
        err.message.includes('NAME_UNKNOWN: repository name not known to registry'),
    );
  });

  it('reports a wrong password on listing tags as unauthorized', async () => {
    const recorded = basicRegistry([]);
    const client = new RegistryClient({
      registry: '127.0.0.1:5000',
      credential: { ...alice, secret: 'wrong' },
      baseUrls: [LOCAL],
      fetch: recorded.fetch,
    });
    await assert.rejects(
      client.listTags('you/app'),
      (err: unknown) => err instanceof RegistryError && err.kind === 'unauthorized' && !err.message.includes('wrong'),
    );
  });

  it('reports a catalog that answers 404 or UNSUPPORTED as not listable', async () => {
    for (const answer of [
      { status: 404, body: '404 page not found' },
      { status: 200, body: { errors: [{ code: 'UNSUPPORTED', message: 'The operation is unsupported.' }] } },
    ]) {
      const recorded = basicRegistry([{ match: on.get('/v2/_catalog'), ...answer }]);
      const client = new RegistryClient({ registry: '127.0.0.1:5000', credential: alice, baseUrls: [LOCAL], fetch: recorded.fetch });
      const listing = await client.listRepositories();
      assert.equal(listing.listable, false);
      assert.match(
        listing.listable ? '' : listing.reason,
        /^127\.0\.0\.1:5000 does not allow listing its repositories .*pull and push still work/,
      );
    }
  });
});

describe('RegistryClient with the bearer-token flow (recorded Docker Hub / token spec responses)', () => {
  it('anonymous: asks the realm for a token for the challenged service and scope, then repeats with Bearer', async () => {
    const recorded = new RecordedRegistry([
      { match: on.get('/v2/', withoutAuth), status: 401, headers: hubChallenge(), body: UNAUTHORIZED_BODY },
      tokenFor(undefined, 'ping-token', withoutAuth),
      { match: on.get('/v2/', withAuth('Bearer ping-token')), status: 200, body: {} },
      {
        match: on.get('/v2/library/debian/tags/list', withAuth('Bearer ping-token')),
        status: 401,
        headers: hubChallenge('repository:library/debian:pull'),
        body: UNAUTHORIZED_BODY,
      },
      tokenFor('repository:library/debian:pull', 'pull-token', withoutAuth),
      {
        match: on.get('/v2/library/debian/tags/list', withAuth('Bearer pull-token')),
        status: 200,
        body: { name: 'library/debian', tags: ['12', 'bookworm-slim'] },
      },
    ]);
    const client = new RegistryClient({ registry: 'docker.io', fetch: recorded.fetch });
    await client.ping();
    assert.deepEqual(await client.listTags('library/debian'), { tags: ['12', 'bookworm-slim'], complete: true });
    assert.ok(recorded.sent.every((r) => r.url.startsWith('https://registry-1.docker.io/') || r.url.startsWith(HUB_REALM)));
  });

  it('with credentials: the token request carries Basic auth and the account; the registry never sees the password', async () => {
    const hubber = { registry: 'docker.io', username: 'hubber', secret: 'hub-password' };
    const hubberBasic = `Basic ${Buffer.from('hubber:hub-password').toString('base64')}`;
    const recorded = new RecordedRegistry([
      {
        match: on.get('/v2/you/private/tags/list', withoutAuth),
        status: 401,
        headers: hubChallenge('repository:you/private:pull'),
        body: UNAUTHORIZED_BODY,
      },
      tokenFor('repository:you/private:pull', 'user-token', (r) => r.headers.authorization === hubberBasic),
      {
        match: on.get('/v2/you/private/tags/list', withAuth('Bearer user-token')),
        status: 200,
        body: { name: 'you/private', tags: ['1'] },
      },
    ]);
    const client = new RegistryClient({ registry: 'docker.io', credential: hubber, fetch: recorded.fetch });
    assert.deepEqual((await client.listTags('you/private')).tags, ['1']);
    const tokenRequest = recorded.sent.find((r) => r.url.startsWith(HUB_REALM));
    assert.equal(new URL(tokenRequest!.url).searchParams.get('account'), 'hubber');
    for (const r of recorded.sent.filter((s) => s.url.startsWith('https://registry-1.docker.io'))) {
      assert.ok(!(r.headers.authorization ?? '').startsWith('Basic'), 'the registry gets tokens only');
    }
  });

  it('keeps a token until it expires, then asks again', async () => {
    let now = 1_000_000;
    const tagsOk: Exchange = {
      match: on.get('/v2/library/debian/tags/list', withAuth('Bearer t')),
      status: 200,
      body: { name: 'library/debian', tags: ['12'] },
      repeat: true,
    };
    const recorded = new RecordedRegistry([
      {
        match: on.get('/v2/library/debian/tags/list', withoutAuth),
        status: 401,
        headers: hubChallenge('repository:library/debian:pull'),
        body: UNAUTHORIZED_BODY,
      },
      { ...tokenFor('repository:library/debian:pull', 't'), body: token('t', 60), repeat: true },
      tagsOk,
    ]);
    const client = new RegistryClient({ registry: 'docker.io', fetch: recorded.fetch, now: () => now });
    await client.listTags('library/debian');
    await client.listTags('library/debian');
    assert.equal(recorded.sent.filter((r) => r.url.startsWith(HUB_REALM)).length, 1, 'the second listing used the kept token');
    now += 61_000;
    await client.listTags('library/debian');
    assert.equal(recorded.sent.filter((r) => r.url.startsWith(HUB_REALM)).length, 2, 'an expired token is fetched again');
  });

  it('Docker Hub refuses the catalog even with a token: not listable, and said so', async () => {
    const recorded = new RecordedRegistry([
      { match: on.get('/v2/', withoutAuth), status: 401, headers: hubChallenge(), body: UNAUTHORIZED_BODY },
      tokenFor(undefined, 'ping-token'),
      { match: on.get('/v2/', withAuth('Bearer ping-token')), status: 200, body: {} },
      tokenFor('registry:catalog:*', 'catalog-token'),
      {
        match: on.get('/v2/_catalog', withAuth('Bearer catalog-token')),
        status: 401,
        headers: hubChallenge('registry:catalog:*', 'insufficient_scope'),
        body: {
          errors: [
            {
              code: 'UNAUTHORIZED',
              message: 'authentication required',
              detail: [{ Type: 'registry', Class: '', Name: 'catalog', Action: '*' }],
            },
          ],
        },
      },
    ]);
    const client = new RegistryClient({ registry: 'docker.io', fetch: recorded.fetch });
    const listing = await client.listRepositories();
    assert.deepEqual(listing, {
      listable: false,
      reason:
        'docker.io does not allow listing its repositories (401 UNAUTHORIZED: authentication required); pull and push still work with a full name.',
    });
    assert.equal(recorded.to('/v2/_catalog').length, 1, 'a refused token is not asked for twice');
  });

  it('a token service that refuses the password says so, without the password', async () => {
    const recorded = new RecordedRegistry([
      { match: on.get('/v2/'), status: 401, headers: hubChallenge(), body: UNAUTHORIZED_BODY },
      { match: (r) => r.url.startsWith(HUB_REALM), status: 401, body: { details: 'incorrect username or password' } },
    ]);
    const client = new RegistryClient({
      registry: 'docker.io',
      credential: { registry: 'docker.io', username: 'hubber', secret: 'Wr0ng-Passw0rd' },
      fetch: recorded.fetch,
    });
    await assert.rejects(client.ping(), (err: unknown) => {
      assert.ok(err instanceof RegistryError);
      assert.equal(err.kind, 'unauthorized');
      assert.equal(
        err.message,
        'docker.io did not accept the user name and password (the token service answered 401: incorrect username or password). Check them and log in again.',
      );
      return true;
    });
  });

  it('exchanges an identity token with an OAuth2 refresh_token POST', async () => {
    const recorded = new RecordedRegistry([
      { match: on.get('/v2/', withoutAuth), status: 401, headers: hubChallenge(), body: UNAUTHORIZED_BODY },
      { match: on.post('/token'), status: 200, body: { access_token: 'oauth-token', expires_in: 300 } },
      { match: on.get('/v2/', withAuth('Bearer oauth-token')), status: 200, body: {} },
    ]);
    const client = new RegistryClient({
      registry: 'docker.io',
      credential: { registry: 'docker.io', username: '', secret: 'refresh-me', identityToken: true },
      fetch: recorded.fetch,
    });
    await client.ping();
    const form = new URLSearchParams(recorded.sent.find((r) => r.method === 'POST')?.body);
    assert.equal(form.get('grant_type'), 'refresh_token');
    assert.equal(form.get('refresh_token'), 'refresh-me');
    assert.equal(form.get('service'), 'registry.docker.io');
    assert.equal(form.get('client_id'), 'container-workflows');
  });
});

describe('RegistryClient and the network', () => {
  const refused = (url: string) =>
    Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error(`connect ECONNREFUSED ${new URL(url).host}`), { code: 'ECONNREFUSED' }),
    });

  it('falls back from HTTPS to plain HTTP for a loopback registry, as the engine does', async () => {
    const answers = new RecordedRegistry([{ match: () => true, status: 200, body: {}, repeat: true }]);
    const tried: string[] = [];
    const fetchLike = async (url: string, init: RequestInit) => {
      tried.push(url);
      if (url.startsWith('https://')) {
        throw Object.assign(new TypeError('fetch failed'), {
          cause: Object.assign(new Error('wrong version number'), { code: 'ERR_SSL_WRONG_VERSION_NUMBER' }),
        });
      }
      return answers.fetch(url, init);
    };
    const client = new RegistryClient({ registry: '127.0.0.1:5000', fetch: fetchLike });
    await client.ping();
    assert.deepEqual(tried, ['https://127.0.0.1:5000/v2/', 'http://127.0.0.1:5000/v2/', 'http://127.0.0.1:5000/v2/']);
  });

  it("a stopped registry: unreachable, in the network's words", async () => {
    const client = new RegistryClient({ registry: '127.0.0.1:5999', fetch: async (url) => Promise.reject(refused(url)) });
    await assert.rejects(client.ping(), (err: unknown) => {
      assert.ok(err instanceof RegistryError);
      assert.equal(err.kind, 'unreachable');
      assert.equal(
        err.message,
        'Cannot reach the registry 127.0.0.1:5999: http://127.0.0.1:5999: connect ECONNREFUSED 127.0.0.1:5999. Check the address and that the registry is running.',
      );
      return true;
    });
  });

  it('a cancelled listing rejects with CancelledError', async () => {
    const controller = new AbortController();
    controller.abort();
    const client = new RegistryClient({ registry: '127.0.0.1:5000', baseUrls: [LOCAL], fetch: new RecordedRegistry([]).fetch });
    await assert.rejects(client.listRepositories({}, controller.signal), CancelledError);
  });
});
