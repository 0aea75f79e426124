import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AlreadyExistsError, InUseError } from '../../src/engine/inUseError';
import { createVolume, removeVolume, removeVolumes, unusedVolumes, volumeSizes } from '../../src/engine/volumes/volumes';
import { FakeEngineApi, type Route } from '../support/fakeEngineApi';

const inUseBy = {
  Id: 'c'.repeat(64),
  Names: ['/writer'],
  State: 'exited',
  Mounts: [{ Type: 'volume', Name: 'data', Destination: '/d', RW: true }],
};

function api(extra: Route[] = []): FakeEngineApi {
  return new FakeEngineApi([
    ...extra,
    {
      method: 'GET',
      path: /^\/volumes$/,
      answer: (r) => ({
        json: {
          Volumes: (r.query?.filters as Record<string, string[]>)?.dangling
            ? [{ Name: 'loose', Driver: 'local' }]
            : [{ Name: 'data', Driver: 'local' }],
        },
      }),
    },
    { method: 'GET', path: /^\/containers\/json$/, answer: () => ({ json: [inUseBy] }) },
  ]);
}

describe('volumes with a fake engine', () => {
  it("classifies the engine's 409 as in use, naming the containers; 404 is done", async () => {
    const fake = api([
      { method: 'DELETE', path: /^\/volumes\/data$/, answer: () => ({ status: 409, message: 'remove data: volume is in use - [ccc]' }) },
      { method: 'DELETE', path: /^\/volumes\/gone$/, answer: () => ({ status: 404 }) },
    ]);
    await assert.rejects(
      removeVolume(fake, 'data'),
      (err: unknown) =>
        err instanceof InUseError &&
        err.users[0].name === 'writer' &&
        /in use by writer \(exited\).*remove that container first/.test(err.message),
    );
    await removeVolume(fake, 'gone');
  });

  it('creates only a new name (the engine would answer 201 for an existing one)', async () => {
    const fake = api([
      { method: 'GET', path: /^\/volumes\/data$/, answer: () => ({ json: { Name: 'data' } }) },
      { method: 'GET', path: /^\/volumes\/fresh$/, answer: () => ({ status: 404 }) },
      {
        method: 'POST',
        path: /^\/volumes\/create$/,
        answer: (r) => ({ json: { Name: (r.body as { Name: string }).Name, Driver: 'local' } }),
      },
    ]);
    await assert.rejects(createVolume(fake, { name: 'data' }), AlreadyExistsError);
    assert.equal((await createVolume(fake, { name: 'fresh', labels: { a: 'b' } })).name, 'fresh');
    assert.deepEqual(fake.asked.find((r) => r.path === '/volumes/create')?.body, { Name: 'fresh', Driver: 'local', Labels: { a: 'b' } });
  });

  it('asks for the dangling ones to show before a prune, and removes exactly those asked for', async () => {
    const controller = new AbortController();
    const fake = api([
      { method: 'DELETE', path: /^\/volumes\/one$/, answer: () => ({}) },
      { method: 'DELETE', path: /^\/volumes\/two$/, answer: () => ({ status: 409, message: 'in use' }) },
      { method: 'DELETE', path: /^\/volumes\/three$/, answer: () => (controller.abort(), {}) },
    ]);
    assert.deepEqual(
      (await unusedVolumes(fake, { label: 'x=y' })).map((v) => v.name),
      ['loose'],
    );
    assert.deepEqual(fake.asked[0].query?.filters, { dangling: ['true'], label: ['x=y'] });
    const outcome = await removeVolumes(fake, ['one', 'two', 'three', 'four'], controller.signal);
    assert.deepEqual(outcome.removed, ['one', 'three']);
    assert.deepEqual(
      outcome.refused.map((r) => r.name),
      ['two'],
    );
    assert.deepEqual(outcome.notTried, ['four']);
  });

  it('gives disk usage a long deadline of its own', async () => {
    const fake = api([
      { method: 'GET', path: /^\/system\/df$/, answer: () => ({ json: { Volumes: [{ Name: 'data', UsageData: { Size: 12 } }] } }) },
    ]);
    assert.equal((await volumeSizes(fake)).get('data'), 12);
    assert.equal(fake.asked[0].timeoutMs, 120_000);
  });
});
