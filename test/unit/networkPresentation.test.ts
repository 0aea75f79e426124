import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NetworkSummary } from '../../src/engine/networks/networkMapping';
import { membersText, networkRemovalRefusal, networkView } from '../../src/views/networkPresentation';

function network(partial: Partial<NetworkSummary> = {}): NetworkSummary {
  return {
    id: 'n1',
    name: 'app-net',
    driver: 'bridge',
    scope: 'local',
    internal: false,
    builtIn: false,
    labels: {},
    subnets: [],
    containers: [],
    ...partial,
  };
}
const web = { id: 'c1', name: 'web', state: 'running', ipv4: '172.20.0.2', aliases: [] };

describe('networkView', () => {
  it('marks the engine own networks, which no Remove matches', () => {
    const view = networkView(network({ name: 'bridge', builtIn: true }));
    assert.equal(view.contextValue, 'network.builtIn');
    assert.doesNotMatch(view.contextValue, /^network(\.inUse)?$/);
    assert.match(view.description, /^built-in · bridge · local/);
  });

  it('says who is attached, and in use in the contextValue', () => {
    const view = networkView(network({ containers: [web], subnets: ['172.20.0.0/16'] }));
    assert.equal(view.description, 'bridge · local · web');
    assert.equal(view.contextValue, 'network.inUse');
    assert.match(view.tooltip, /web \(running\) 172\.20\.0\.2/);
    assert.equal(membersText(network()), 'no containers');
  });
});

describe('networkRemovalRefusal', () => {
  it('refuses the engine own networks and one with containers attached, saying which', () => {
    assert.match(networkRemovalRefusal(network({ name: 'host', builtIn: true })) ?? '', /engine's own networks/);
    assert.match(networkRemovalRefusal(network({ containers: [web] })) ?? '', /web \(running\) attached/);
    assert.equal(networkRemovalRefusal(network()), undefined);
  });
});
