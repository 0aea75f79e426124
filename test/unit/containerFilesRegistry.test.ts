import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ContainerFilesRegistry } from '../../src/files/containerFilesRegistry';
import { FakeEngineApi } from '../support/fakeEngineApi';

describe('ContainerFilesRegistry', () => {
  it('keeps one ContainerFiles per container until forgotten, and none across engines', () => {
    let api = new FakeEngineApi([]);
    const registry = new ContainerFilesRegistry(() => api);
    const first = registry.get('c1');
    assert.equal(registry.get('c1'), first);
    assert.notEqual(registry.get('c2'), first);
    registry.forget('c1');
    const again = registry.get('c1');
    assert.notEqual(again, first);
    api = new FakeEngineApi([]);
    assert.notEqual(registry.get('c1'), again);
  });
});
