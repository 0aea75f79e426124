/**
 * The SecretStorage store against in-memory stand-ins for SecretStorage and Memento: the
 * secret goes to SecretStorage only; globalState holds the addresses and nothing secret.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { SecretCredentialStore } from '../../src/registries/secretCredentialStore';

function stores() {
  const secrets = new Map<string, string>();
  const state = new Map<string, unknown>();
  const secretStorage = {
    get: (key: string) => Promise.resolve(secrets.get(key)),
    store: (key: string, value: string) => Promise.resolve(void secrets.set(key, value)),
    delete: (key: string) => Promise.resolve(void secrets.delete(key)),
  } as unknown as vscode.SecretStorage;
  const memento = {
    get: (key: string) => state.get(key),
    update: (key: string, value: unknown) => Promise.resolve(void state.set(key, value)),
  } as unknown as vscode.Memento;
  return { secrets, state, store: new SecretCredentialStore(secretStorage, memento) };
}

describe('SecretCredentialStore', () => {
  it('keeps the secret in SecretStorage and only addresses in globalState', async () => {
    const { secrets, state, store } = stores();
    await store.set({ registry: '127.0.0.1:5000', username: 'alice', secret: 'pa55-word' });
    assert.deepEqual(await store.get('127.0.0.1:5000'), { registry: '127.0.0.1:5000', username: 'alice', secret: 'pa55-word' });
    assert.deepEqual(await store.registries(), ['127.0.0.1:5000']);
    assert.ok(!JSON.stringify([...state.entries()]).includes('pa55-word'));
    assert.ok([...secrets.values()].some((v) => v.includes('pa55-word')));
  });

  it('forgets the secret and the address on delete', async () => {
    const { secrets, store } = stores();
    await store.set({ registry: 'ghcr.io', username: 'a', secret: 's', identityToken: true });
    assert.equal((await store.get('ghcr.io'))?.identityToken, true);
    await store.delete('ghcr.io');
    assert.equal(await store.get('ghcr.io'), undefined);
    assert.deepEqual(await store.registries(), []);
    assert.equal(secrets.size, 0);
  });

  it('treats an entry it cannot read as logged out', async () => {
    const { secrets, store } = stores();
    secrets.set('containerWorkflows.registry/x.io', 'not json');
    assert.equal(await store.get('x.io'), undefined);
  });
});
