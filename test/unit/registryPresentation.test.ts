import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { moreNotShown, registryDescription, tagReference } from '../../src/views/registryPresentation';

describe('tagReference', () => {
  it('puts the registry in front, except Docker Hub, whose official images drop library/', () => {
    assert.equal(tagReference('127.0.0.1:5000', 'you/app', '1'), '127.0.0.1:5000/you/app:1');
    assert.equal(tagReference('docker.io', 'library/debian', '12'), 'debian:12');
    assert.equal(tagReference('docker.io', 'you/app', '1'), 'you/app:1');
  });
});

describe('registryDescription', () => {
  it('says where the credential comes from', () => {
    assert.equal(registryDescription({ registry: 'x', origin: 'extension' }), 'logged in here');
    assert.equal(registryDescription({ registry: 'x', origin: 'dockerCli' }), 'from the docker CLI');
  });
});

describe('moreNotShown', () => {
  it('names how many are shown', () => {
    assert.equal(moreNotShown(500), 'Only the first 500 are shown.');
  });
});
