import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContainerState } from '../../src/engine/engine';
import {
  containerContextValue,
  containerDescription,
  containerIcon,
  containerTooltip,
  describeContainer,
  filterByScope,
  formatPorts,
  groupContainers,
  portUrl,
  publishedPorts,
} from '../../src/views/containerPresentation';
import { NOW, aContainer, owned } from '../support/viewFakes';

const allStates: ContainerState[] = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];

describe('container rows', () => {
  it('label is the name; description says image, status and published ports', () => {
    const c = aContainer({
      name: 'web',
      image: 'python:3.11-slim',
      status: 'Up 2 hours',
      ports: [
        { containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 },
        { containerPort: 80, protocol: 'tcp', hostIp: '::', hostPort: 8080 },
        { containerPort: 53, protocol: 'udp', hostIp: '0.0.0.0', hostPort: 5353 },
        { containerPort: 9000, protocol: 'tcp' },
      ],
    });
    const view = describeContainer(c, NOW);
    assert.equal(view.label, 'web');
    assert.equal(view.description, 'python:3.11-slim · Up 2 hours · 5353→53/udp, 8080→80');
  });

  it('a container without published ports has no ports part', () => {
    assert.equal(
      containerDescription(aContainer({ image: 'debian:bookworm-slim', status: 'Exited (0) 5 minutes ago', state: 'exited' })),
      'debian:bookworm-slim · Exited (0) 5 minutes ago',
    );
  });

  it('falls back to the state when the engine gives no status text', () => {
    assert.equal(containerDescription(aContainer({ image: 'x', status: '', state: 'created' })), 'x · created');
  });

  it('contextValue is <state>Container for every state', () => {
    for (const state of allStates) {
      assert.equal(containerContextValue(aContainer({ state })), `${state}Container`);
    }
  });

  it('contextValue marks containers this extension started, and those that publish a port', () => {
    assert.equal(containerContextValue(aContainer({ state: 'running', labels: owned })), 'runningContainer.owned');
    assert.equal(
      containerContextValue(aContainer({ state: 'running', ports: [{ containerPort: 80, protocol: 'tcp', hostPort: 8080 }] })),
      'runningContainer.ports',
    );
    assert.equal(
      containerContextValue(
        aContainer({ state: 'exited', labels: owned, ports: [{ containerPort: 80, protocol: 'tcp', hostPort: 8080 }] }),
      ),
      'exitedContainer.owned.ports',
    );
    // An exposed but unpublished port cannot be opened: no marker.
    assert.equal(
      containerContextValue(aContainer({ state: 'running', ports: [{ containerPort: 80, protocol: 'tcp' }] })),
      'runningContainer',
    );
  });

  it('the menus’ regexes pick the right rows', () => {
    // The same expressions as contrib/sidebar.json.
    const stopped = /^(created|exited|dead)Container/;
    const up = /^(running|paused|restarting)Container/;
    const any = /^[a-z]+Container/;
    for (const state of allStates) {
      const value = containerContextValue(aContainer({ state, labels: owned }));
      assert.ok(any.test(value), value);
      assert.equal(stopped.test(value), ['created', 'exited', 'dead'].includes(state), `${value} start`);
      assert.equal(up.test(value), ['running', 'paused', 'restarting'].includes(state), `${value} stop`);
    }
    assert.equal(any.test('containerGroup.running'), false, 'group rows get no container actions');
  });

  it('icons follow the state', () => {
    assert.deepEqual(containerIcon('running'), { id: 'vm-running', color: 'charts.green' });
    assert.equal(containerIcon('exited').id, 'vm-outline');
    assert.equal(containerIcon('paused').id, 'debug-pause');
    assert.equal(containerIcon('dead').id, 'error');
  });

  it('tooltip names the container, short id, image, status, ports and owner', () => {
    const c = aContainer({
      id: 'abcdef0123456789'.repeat(4),
      name: 'my_app',
      image: 'python:3.11-slim',
      status: 'Up 2 hours',
      labels: owned,
      ports: [{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 8080 }],
      created: new Date(NOW.getTime() - 2 * 3600_000),
    });
    const tip = containerTooltip(c, NOW);
    assert.match(tip, /\*\*my\\_app\*\* `abcdef012345`/);
    assert.match(tip, /Image: python:3\\\.11\\-slim/);
    assert.match(tip, /Status: Up 2 hours \(running\)/);
    assert.match(tip, /Created: 2 hours ago/);
    assert.match(tip, /Ports: 127\.0\.0\.1:8080 → 80\/tcp/);
    assert.match(tip, /Started by Container Workflows/);
    assert.doesNotMatch(containerTooltip(aContainer(), NOW), /Started by|Ports:/);
  });

  it('published ports: host port needed, IPv4/IPv6 twins once, sorted', () => {
    const ports = publishedPorts([
      { containerPort: 443, protocol: 'tcp', hostIp: '::', hostPort: 8443 },
      { containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 },
      { containerPort: 443, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8443 },
      { containerPort: 22, protocol: 'tcp' },
    ]);
    assert.deepEqual(
      ports.map((p) => p.hostPort),
      [8080, 8443],
    );
    assert.equal(formatPorts([]), '');
  });
});

describe('grouping and scope', () => {
  const containers = [
    aContainer({ name: 'zeta', state: 'running' }),
    aContainer({ name: 'alpha', state: 'exited', labels: owned }),
    aContainer({ name: 'beta', state: 'paused' }),
    aContainer({ name: 'gamma', state: 'created', labels: owned }),
    aContainer({ name: 'delta', state: 'restarting', labels: owned }),
    aContainer({ name: 'eta', state: 'dead' }),
  ];

  it('running (up: running, paused, restarting) first, then stopped; each by name', () => {
    const groups = groupContainers(containers, 'all', NOW);
    assert.deepEqual(
      groups.map((g) => g.kind),
      ['running', 'stopped'],
    );
    assert.deepEqual(
      groups[0].containers.map((c) => c.label),
      ['beta', 'delta', 'zeta'],
    );
    assert.deepEqual(
      groups[1].containers.map((c) => c.label),
      ['alpha', 'eta', 'gamma'],
    );
  });

  it('owned scope keeps only containers with the owner label, whatever its value', () => {
    const groups = groupContainers(containers, 'owned', NOW);
    assert.deepEqual(
      groups[0].containers.map((c) => c.label),
      ['delta'],
    );
    assert.deepEqual(
      groups[1].containers.map((c) => c.label),
      ['alpha', 'gamma'],
    );
    assert.equal(filterByScope(containers, 'all').length, containers.length);
  });

  it('empty groups are kept so the layout does not jump', () => {
    const groups = groupContainers([aContainer({ state: 'exited' })], 'all', NOW);
    assert.equal(groups[0].containers.length, 0);
    assert.equal(groups[1].containers.length, 1);
  });

  it('does not reorder the caller’s array', () => {
    const list = [aContainer({ name: 'b' }), aContainer({ name: 'a' })];
    groupContainers(list, 'all', NOW);
    assert.deepEqual(
      list.map((c) => c.name),
      ['b', 'a'],
    );
  });
});

describe('portUrl', () => {
  it('a port on every interface opens on localhost; one on an address opens there, IPv6 in brackets', () => {
    assert.equal(portUrl({ containerPort: 80, protocol: 'tcp', hostPort: 8080 }), 'http://localhost:8080');
    assert.equal(portUrl({ containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 }), 'http://localhost:8080');
    assert.equal(portUrl({ containerPort: 80, protocol: 'tcp', hostIp: '::', hostPort: 8080 }), 'http://localhost:8080');
    assert.equal(portUrl({ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 9000 }), 'http://127.0.0.1:9000');
    assert.equal(portUrl({ containerPort: 80, protocol: 'tcp', hostIp: '::1', hostPort: 9000 }), 'http://[::1]:9000');
  });
});
