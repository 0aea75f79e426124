import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VolumeSummary } from '../../src/engine/volumes/volumeMapping';
import { pruneQuestion, sizeText, usersText, volumeRemovalRefusal, volumeView } from '../../src/views/volumePresentation';

function volume(partial: Partial<VolumeSummary> = {}): VolumeSummary {
  return {
    name: 'shared-data',
    driver: 'local',
    scope: 'local',
    mountpoint: '/var/lib/docker/volumes/shared-data/_data',
    labels: {},
    users: [],
    ...partial,
  };
}
const web = { id: 'c1', name: 'web', state: 'running' as const, containerPath: '/data', readOnly: false };
const worker = { id: 'c2', name: 'worker', state: 'exited' as const, containerPath: '/in', readOnly: true };

describe('volumeView', () => {
  it('shows driver, size once measured, and who uses it; in use is in the contextValue', () => {
    const view = volumeView(volume({ users: [web] }), new Map([['shared-data', 2048]]));
    assert.equal(view.label, 'shared-data');
    assert.equal(view.description, 'local · 2.05 kB · used by web');
    assert.equal(view.contextValue, 'volume.inUse');
    assert.match(view.tooltip, /web \(running\) at `\/data`/);
  });

  it('says nothing of the size while it is asked for, and "size unknown" where the engine does not measure', () => {
    assert.equal(sizeText('shared-data', undefined), undefined);
    assert.equal(sizeText('shared-data', new Map([['shared-data', undefined]])), 'size unknown');
    assert.equal(volumeView(volume(), undefined).description, 'local · unused');
    assert.equal(volumeView(volume(), undefined).contextValue, 'volume');
  });

  it('counts several users', () => {
    assert.equal(usersText(volume({ users: [web, worker] })), 'used by 2 containers');
  });
});

describe('volumeRemovalRefusal', () => {
  it('names the containers that use it, stopped ones too, and says what to do', () => {
    assert.match(
      volumeRemovalRefusal(volume({ users: [web, worker] })) ?? '',
      /used by web, worker \(exited\): remove those containers first/,
    );
  });

  it('is undefined for an unused volume (then the command asks)', () => {
    assert.equal(volumeRemovalRefusal(volume()), undefined);
  });
});

describe('pruneQuestion', () => {
  it('lists exactly what goes', () => {
    assert.deepEqual(pruneQuestion(['a', 'b']), {
      message: 'Remove 2 unused volumes?',
      detail: 'No container uses them; their files go too:\na\nb',
    });
    assert.equal(pruneQuestion([]), undefined);
  });
});
