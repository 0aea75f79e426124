import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { referenceFromArgs, registryFromArgs } from '../../src/commands/registries/registryTargets';

describe('referenceFromArgs', () => {
  it('takes a tag row reference or a string, else undefined (the command asks)', () => {
    assert.equal(referenceFromArgs([{ reference: '127.0.0.1:5000/you/app:1', registry: '127.0.0.1:5000' }]), '127.0.0.1:5000/you/app:1');
    assert.equal(referenceFromArgs([' debian:12 ']), 'debian:12');
    assert.equal(referenceFromArgs([]), undefined);
    assert.equal(referenceFromArgs([{ registry: 'ghcr.io' }]), undefined);
    assert.equal(referenceFromArgs(['  ']), undefined);
  });
});

describe('registryFromArgs', () => {
  it('takes a registry, repository or tag row registry, or a string', () => {
    assert.equal(registryFromArgs([{ registry: 'ghcr.io' }]), 'ghcr.io');
    assert.equal(registryFromArgs(['127.0.0.1:5000']), '127.0.0.1:5000');
    assert.equal(registryFromArgs([undefined]), undefined);
  });
});
