import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RegistryError } from '../../src/engine/registry/transferErrors';
import { formatSize } from '../../src/util/formatSize';
import type { TransferSnapshot } from '../../src/engine/registry/transferProgress';
import {
  offersLogIn,
  pushableTags,
  registryOf,
  suggestedRegistryReference,
  transferProgressMessage,
} from '../../src/registries/transferWords';

const snapshot = (over: Partial<TransferSnapshot>): TransferSnapshot => ({
  layers: [],
  layersDone: 0,
  layersExisting: 0,
  bytesDone: 0,
  bytesTotal: 0,
  ...over,
});
const layer = { id: 'a', phase: 'downloading' as const, current: 0, total: 0, status: 'Downloading' };

describe('transferProgressMessage', () => {
  it('says layers done of all, bytes of the total and the layers already there', () => {
    const message = transferProgressMessage(
      snapshot({ layers: [layer, layer, layer], layersDone: 2, layersExisting: 1, bytesDone: 1_000_000, bytesTotal: 4_000_000 }),
    );
    // Sizes through the one byte formatter (util/formatSize).
    assert.equal(message, `2 of 3 layers · ${formatSize(1_000_000)} of ${formatSize(4_000_000)} · 1 already there`);
  });

  it('before any layer: the engine status line, else "Starting…"', () => {
    assert.equal(transferProgressMessage(snapshot({ status: 'The push refers to repository [x]' })), 'The push refers to repository [x]');
    assert.equal(transferProgressMessage(snapshot({})), 'Starting…');
  });

  it('leaves out the bytes while no layer size is known', () => {
    assert.equal(transferProgressMessage(snapshot({ layers: [layer], layersDone: 0 })), '0 of 1 layers');
  });
});

describe('registryOf', () => {
  it('is the reference domain, Docker Hub when it names none, undefined when invalid', () => {
    assert.equal(registryOf('127.0.0.1:5000/you/app:1'), '127.0.0.1:5000');
    assert.equal(registryOf('debian'), 'docker.io');
    assert.equal(registryOf('You/App'), undefined);
  });
});

describe('pushableTags', () => {
  it('leaves out the <none> of a dangling image', () => {
    assert.deepEqual(pushableTags(['<none>:<none>', 'app:1', '']), ['app:1']);
  });
});

describe('suggestedRegistryReference', () => {
  it('puts the registry before the path as people write it, keeping the tag', () => {
    assert.equal(suggestedRegistryReference('img2vid-app:exe', '127.0.0.1:5000'), '127.0.0.1:5000/img2vid-app:exe');
    assert.equal(suggestedRegistryReference('you/app', '127.0.0.1:5000'), '127.0.0.1:5000/you/app:latest');
  });

  it('replaces the registry an image is already tagged for', () => {
    assert.equal(suggestedRegistryReference('ghcr.io/you/app:2', '127.0.0.1:5000'), '127.0.0.1:5000/you/app:2');
  });

  it('without a registry or a tag: a pattern to fill in', () => {
    assert.equal(suggestedRegistryReference('you/app:1', ''), 'you/app:1');
    assert.equal(suggestedRegistryReference(undefined, 'ghcr.io'), 'ghcr.io/namespace/name:latest');
  });
});

describe('offersLogIn', () => {
  it('only for a refused pull or push, not a refused login nor other failures', () => {
    assert.equal(offersLogIn(new RegistryError('unauthorized', 'push', 'r', 'denied')), true);
    assert.equal(offersLogIn(new RegistryError('unauthorized', 'pull', 'r', 'denied')), true);
    assert.equal(offersLogIn(new RegistryError('unauthorized', 'login', 'r', 'wrong')), false);
    assert.equal(offersLogIn(new RegistryError('notFound', 'pull', 'r', 'manifest unknown')), false);
    assert.equal(offersLogIn(new Error('unauthorized')), false);
  });
});
