import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isOwned, isUp } from '../../src/engine/containerPredicates';
import type { ContainerState } from '../../src/engine/engine';

describe('isUp', () => {
  it('running, paused and restarting are up; the others are not', () => {
    const states: ContainerState[] = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];
    assert.deepEqual(
      states.filter((s) => isUp(s)),
      ['running', 'paused', 'restarting'],
    );
  });
});

describe('isOwned', () => {
  it('the owner label makes a container ours, whatever its value', () => {
    assert.equal(isOwned({ labels: { 'dev.container-workflows.owner': 'container-workflows' } }), true);
    assert.equal(isOwned({ labels: { 'dev.container-workflows.owner': 'container-workflows-tests' } }), true);
    assert.equal(isOwned({ labels: { 'com.docker.compose.project': 'x' } }), false);
    assert.equal(isOwned({ labels: {} }), false);
  });
});
