import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InMemoryCredentialStore, type FoundCredential } from '../../src/engine/registry/credentials';
import { RegistryAccess, credentialNote, mergeKnown, type DockerCliLookup } from '../../src/registries/registryAccess';

function dockerCli(known: string[], found?: FoundCredential, broken = false): DockerCliLookup {
  return {
    find: (registry) => Promise.resolve(found && found.credential.registry === registry ? found : undefined),
    registries: () => (broken ? Promise.reject(new Error('config.json is not JSON')) : Promise.resolve(known)),
  };
}

const cliAlice: FoundCredential = {
  credential: { registry: 'ghcr.io', username: 'alice', secret: 'cli-secret' },
  source: { kind: 'dockerConfig', file: '/home/a/.docker/config.json' },
};

describe('mergeKnown', () => {
  it('lists each registry once, the ones logged in here first, each part sorted', () => {
    assert.deepEqual(mergeKnown(['z.io', 'a.io'], ['ghcr.io', 'a.io', 'b.io', 'b.io']), [
      { registry: 'a.io', origin: 'extension' },
      { registry: 'z.io', origin: 'extension' },
      { registry: 'b.io', origin: 'dockerCli' },
      { registry: 'ghcr.io', origin: 'dockerCli' },
    ]);
  });
});

describe('RegistryAccess', () => {
  it('uses the credential logged in here before the docker CLI one, and falls back to the CLI', async () => {
    const store = new InMemoryCredentialStore();
    await store.set({ registry: 'ghcr.io', username: 'bob', secret: 'own' });
    const access = new RegistryAccess(store, dockerCli(['ghcr.io'], cliAlice));
    assert.deepEqual(await access.credentialFor('ghcr.io'), {
      credential: { registry: 'ghcr.io', username: 'bob', secret: 'own' },
      source: { kind: 'extension' },
    });
    await store.delete('ghcr.io');
    assert.deepEqual(await access.credentialFor('ghcr.io'), cliAlice);
    assert.equal(await access.credentialFor('docker.io'), undefined);
  });

  it('still lists its own registries when the docker config cannot be read', async () => {
    const store = new InMemoryCredentialStore();
    await store.set({ registry: '127.0.0.1:5000', username: 'alice', secret: 'x' });
    assert.deepEqual(await new RegistryAccess(store, dockerCli([], undefined, true)).known(), [
      { registry: '127.0.0.1:5000', origin: 'extension' },
    ]);
  });
});

describe('credentialNote', () => {
  it('names the user and the source, never the secret', () => {
    const note = credentialNote(cliAlice);
    assert.equal(note, 'as alice, from the docker CLI (/home/a/.docker/config.json)');
    assert.ok(!note.includes('cli-secret'));
    assert.equal(credentialNote(undefined), 'anonymously');
  });
});
