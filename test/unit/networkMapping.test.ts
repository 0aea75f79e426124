import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RawContainer, RawNetwork } from '../../src/engine/api/rawTypes';
import { describeMembers, isBuiltInNetwork, membersOf, toNetworkSummaries } from '../../src/engine/networks/networkMapping';

const networks: RawNetwork[] = [
  {
    Id: 'n1'.padEnd(64, '1'),
    Name: 'apps',
    Driver: 'bridge',
    Scope: 'local',
    Created: '2026-12-01T11:00:00Z',
    Labels: { team: 'a' },
    IPAM: { Config: [{ Subnet: '172.28.0.0/16', Gateway: '172.28.0.1' }] },
  },
  { Id: 'b'.repeat(64), Name: 'bridge', Driver: 'bridge', Scope: 'local' },
  { Id: 'h'.repeat(64), Name: 'host', Driver: 'host', Scope: 'local', IPAM: { Config: [] } },
  { Id: 'z'.repeat(64), Name: 'none', Driver: 'null', Scope: 'local' },
];
/** The container list's NetworkSettings, as Docker 20.10 sends it (no aliases; no id or address while stopped). */
const containers: RawContainer[] = [
  {
    Id: 'c1'.padEnd(64, '0'),
    Names: ['/web'],
    State: 'running',
    NetworkSettings: { Networks: { apps: { NetworkID: networks[0].Id, IPAddress: '172.28.0.2', Aliases: null } } },
  },
  { Id: 'c2'.padEnd(64, '0'), Names: ['/db'], State: 'exited', NetworkSettings: { Networks: { apps: { NetworkID: '', IPAddress: '' } } } },
  {
    Id: 'c3'.padEnd(64, '0'),
    Names: ['/cli'],
    State: 'running',
    NetworkSettings: { Networks: { bridge: { NetworkID: 'b'.repeat(64), IPAddress: '172.17.0.3', Aliases: ['c30000000000', 'api'] } } },
  },
];

describe('network mapping', () => {
  it("marks the engine's own networks, lists them first, then by name", () => {
    const summaries = toNetworkSummaries(networks, containers);
    assert.deepEqual(
      summaries.map((n) => [n.name, n.builtIn]),
      [
        ['bridge', true],
        ['host', true],
        ['none', true],
        ['apps', false],
      ],
    );
    assert.equal(isBuiltInNetwork('apps'), false);
    const apps = summaries[3];
    assert.deepEqual(
      [apps.driver, apps.scope, apps.subnets, apps.labels, apps.created?.toISOString()],
      ['bridge', 'local', ['172.28.0.0/16'], { team: 'a' }, '2026-12-01T11:00:00.000Z'],
    );
  });

  it("attaches containers by network name (a stopped one has no id there) or id; drops the engine's own short-id alias", () => {
    assert.deepEqual(
      membersOf(networks[0], containers).map((m) => [m.name, m.state, m.ipv4]),
      [
        ['db', 'exited', ''],
        ['web', 'running', '172.28.0.2'],
      ],
    );
    assert.deepEqual(
      membersOf({ Id: 'b'.repeat(64), Name: 'renamed' }, containers).map((m) => [m.name, m.aliases]),
      [['cli', ['api']]],
    );
    assert.deepEqual(membersOf(networks[2], containers), []);
  });

  it('words the members for a refusal', () => {
    assert.equal(describeMembers(membersOf(networks[0], containers)), 'db (exited), web (running)');
  });
});
