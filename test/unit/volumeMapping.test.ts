import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RawContainer, RawDiskUsage, RawVolume } from '../../src/engine/api/rawTypes';
import { describeUsers, toVolumeSizes, toVolumeSummaries, volumeUsers } from '../../src/engine/volumes/volumeMapping';

/** Trimmed from answers of Docker 20.10 (`/containers/json?all=1`, `/volumes`, `/system/df`). */
const containers: RawContainer[] = [
  {
    Id: '78d53b221463a0e656a9c20713368e86c8ff78def91d830704ad93d88bec4700',
    Names: ['/nice_chatelet'],
    State: 'created',
    Mounts: [{ Type: 'volume', Name: 'cwx-v1', Source: '/var/lib/docker/volumes/cwx-v1/_data', Destination: '/data', RW: true }],
  },
  {
    Id: 'b'.repeat(64),
    Names: ['/web'],
    State: 'running',
    Mounts: [
      { Type: 'volume', Name: 'cwx-v1', Destination: '/ro', RW: false },
      { Type: 'bind', Source: '/home/me', Destination: '/home' },
    ],
  },
  { Id: 'c'.repeat(64), Names: [], State: 'weird', Mounts: [{ Type: 'volume', Name: 'other', Destination: '/o', RW: true }] },
  { Id: 'd'.repeat(64), Names: ['/no-mounts'], State: 'exited', Mounts: null },
];
const volumes: RawVolume[] = [
  {
    CreatedAt: '2026-12-01T11:01:32Z',
    Driver: 'local',
    Labels: null,
    Mountpoint: '/var/lib/docker/volumes/cwx-v1/_data',
    Name: 'cwx-v1',
    Options: null,
    Scope: 'local',
  },
  { Driver: 'local', Labels: { 'com.docker.compose.project': 'i17exp' }, Name: 'alpha', Scope: 'local' },
];

describe('volume mapping', () => {
  it('finds who mounts each volume, in any state', () => {
    const users = volumeUsers(containers);
    assert.deepEqual(users.get('cwx-v1'), [
      { id: containers[0].Id, name: 'nice_chatelet', state: 'created', containerPath: '/data', readOnly: false },
      { id: 'b'.repeat(64), name: 'web', state: 'running', containerPath: '/ro', readOnly: true },
    ]);
    assert.deepEqual(users.get('other')?.[0].name, 'cccccccccccc', 'no name: the short id');
    assert.equal(users.get('other')?.[0].state, 'unknown');
    assert.equal(users.has('/home/me'), false, 'bind mounts are not volumes');
  });

  it('sums up volumes sorted by name, with users, labels and dates', () => {
    const summaries = toVolumeSummaries(volumes, containers);
    assert.deepEqual(
      summaries.map((v) => [v.name, v.users.length, v.driver, v.scope]),
      [
        ['alpha', 0, 'local', 'local'],
        ['cwx-v1', 2, 'local', 'local'],
      ],
    );
    assert.deepEqual(summaries[0].labels, { 'com.docker.compose.project': 'i17exp' });
    assert.equal(summaries[1].created?.toISOString(), '2026-12-01T11:01:32.000Z');
    assert.equal(summaries[0].created, undefined);
  });

  it('reads sizes from disk usage; -1 or no entry is unknown', () => {
    const usage: RawDiskUsage = {
      Volumes: [
        { Name: 'cwx-v1', UsageData: { RefCount: 1, Size: 4096 } },
        { Name: 'remote', Driver: 'nfs', UsageData: { RefCount: 0, Size: -1 } },
        { Name: 'bare' },
      ],
    };
    const sizes = toVolumeSizes(usage);
    assert.deepEqual(
      [...sizes.entries()],
      [
        ['cwx-v1', 4096],
        ['remote', undefined],
        ['bare', undefined],
      ],
    );
    assert.equal(sizes.get('made-later'), undefined);
    assert.equal(toVolumeSizes({ Volumes: null }).size, 0);
  });

  it('words the users for a refusal', () => {
    assert.equal(describeUsers(volumeUsers(containers).get('cwx-v1')!), 'nice_chatelet (created), web');
  });
});
