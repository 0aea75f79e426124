import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AlreadyExistsError, InUseError } from '../../src/engine/inUseError';
import { BuiltInNetworkError, createNetwork, removeNetwork } from '../../src/engine/networks/networks';
import { InvalidNameError } from '../../src/engine/objectNames';
import { FakeEngineApi } from '../support/fakeEngineApi';

describe('networks with a fake engine', () => {
  it('refuses the built-in ones without asking the engine to remove them', async () => {
    const fake = new FakeEngineApi([{ method: 'GET', path: /^\/networks\/host$/, answer: () => ({ json: { Id: 'h1', Name: 'host' } }) }]);
    await assert.rejects(removeNetwork(fake, 'host'), BuiltInNetworkError);
    assert.equal(fake.count('DELETE', /./), 0);
  });

  it('a container attached meanwhile: the engine\'s 403 "active endpoints" is in use', async () => {
    let attached = false;
    const fake = new FakeEngineApi([
      { method: 'GET', path: /^\/networks\/apps$/, answer: () => ({ json: { Id: 'n1', Name: 'apps' } }) },
      {
        method: 'GET',
        path: /^\/containers\/json$/,
        answer: () => ({
          json: attached
            ? [{ Id: 'c1', Names: ['/late'], State: 'running', NetworkSettings: { Networks: { apps: { NetworkID: 'n1' } } } }]
            : [],
        }),
      },
      {
        method: 'DELETE',
        path: /^\/networks\/n1$/,
        answer: () => (
          (attached = true),
          { status: 403, message: 'error while removing network: network apps id n1 has active endpoints' }
        ),
      },
    ]);
    await assert.rejects(removeNetwork(fake, 'apps'), (err: unknown) => err instanceof InUseError && /late \(running\)/.test(err.message));
  });

  it('removing a network that is gone is done; a duplicate name is said as such; names follow the rule', async () => {
    const fake = new FakeEngineApi([
      { method: 'GET', path: /^\/networks\/gone$/, answer: () => ({ status: 404 }) },
      { method: 'POST', path: /^\/networks\/create$/, answer: () => ({ status: 409, message: 'network with name apps already exists' }) },
    ]);
    await removeNetwork(fake, 'gone');
    await assert.rejects(createNetwork(fake, { name: 'apps' }), AlreadyExistsError);
    assert.deepEqual(fake.asked.at(-1)?.body, { Name: 'apps', Driver: 'bridge', CheckDuplicate: true, Internal: false, Labels: {} });
    await assert.rejects(createNetwork(fake, { name: 'a/b' }), InvalidNameError);
  });
});
