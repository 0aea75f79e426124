import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONTAINER_FILE_SCHEME, VOLUME_FILE_SCHEME, containerFileParts, parseContainerFile } from '../../src/files/containerFileUri';

describe('containerFileUri', () => {
  it('puts the container in the authority and the path as is, and reads it back', () => {
    const parts = containerFileParts({ containerId: 'abc123', path: '/etc/os-release' });
    assert.deepEqual(parts, { scheme: CONTAINER_FILE_SCHEME, authority: 'abc123', path: '/etc/os-release' });
    assert.deepEqual(parseContainerFile(parts), { containerId: 'abc123', path: '/etc/os-release' });
  });

  it('makes a relative path absolute and takes an empty one as the root', () => {
    assert.equal(containerFileParts({ containerId: 'c', path: 'app/x' }).path, '/app/x');
    assert.deepEqual(parseContainerFile({ scheme: CONTAINER_FILE_SCHEME, authority: 'c', path: '' }), { containerId: 'c', path: '/' });
  });

  it('is not ours with another scheme or no container', () => {
    assert.equal(parseContainerFile({ scheme: 'file', authority: 'c', path: '/x' }), undefined);
    assert.equal(parseContainerFile({ scheme: CONTAINER_FILE_SCHEME, authority: '', path: '/x' }), undefined);
  });

  it('addresses the files of a volume under its own scheme, the volume named where the container is', () => {
    const parts = containerFileParts({ containerId: 'app-data_1', path: '/db/x.sql' }, VOLUME_FILE_SCHEME);
    assert.deepEqual(parts, { scheme: VOLUME_FILE_SCHEME, authority: 'app-data_1', path: '/db/x.sql' });
    assert.deepEqual(parseContainerFile(parts, VOLUME_FILE_SCHEME), { containerId: 'app-data_1', path: '/db/x.sql' });
    // Neither file system answers for the other's addresses.
    assert.equal(parseContainerFile(parts), undefined);
    assert.equal(parseContainerFile(containerFileParts({ containerId: 'abc', path: '/x' }), VOLUME_FILE_SCHEME), undefined);
  });
});
