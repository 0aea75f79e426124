import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ContainerFilesRegistry, containersChangedSince } from '../../src/files/containerFilesRegistry';
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

  it('a new list forgets the files of containers that started, stopped or went, and keeps the others', () => {
    const registry = new ContainerFilesRegistry(() => api);
    const api = new FakeEngineApi([]);
    registry.containersListed([
      { id: 'same', state: 'exited' },
      { id: 'started', state: 'created' },
      { id: 'gone', state: 'running' },
    ]);
    const kept = registry.get('same');
    const started = registry.get('started');
    const gone = registry.get('gone');
    // The same list again (an unrelated event, the reload once a minute): nothing is read again.
    registry.containersListed([
      { id: 'same', state: 'exited' },
      { id: 'started', state: 'created' },
      { id: 'gone', state: 'running' },
    ]);
    assert.equal(registry.get('started'), started);
    registry.containersListed([
      { id: 'same', state: 'exited' },
      { id: 'started', state: 'running' },
    ]);
    assert.equal(registry.get('same'), kept);
    assert.notEqual(registry.get('started'), started);
    assert.notEqual(registry.get('gone'), gone);
  });

  it('containersChangedSince names the containers gone or in another state', () => {
    const last = new Map([
      ['a', 'running'],
      ['b', 'exited'],
      ['c', 'paused'],
    ]);
    assert.deepEqual(
      containersChangedSince(last, [
        { id: 'a', state: 'running' },
        { id: 'b', state: 'running' },
        { id: 'd', state: 'created' },
      ]),
      ['b', 'c'],
    );
    assert.deepEqual(containersChangedSince(new Map(), [{ id: 'a', state: 'running' }]), []);
  });
});
