/**
 * What the Containers and Images views show, from engine data alone: labels, descriptions,
 * tooltips, `contextValue` per state, the running / stopped groups, the "only mine" filter,
 * image names, sizes and ages, and dangling images hidden by default.
 */
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
  publishedPorts,
} from '../../src/views/containerPresentation';
import { isOwned } from '../../src/engine/containerPredicates';
import { escapeMarkdown, formatAge, shortId } from '../../src/views/format';
import { formatSize } from '../../src/util/formatSize';
import {
  describeImage,
  imageContextValue,
  imageDescription,
  imageLabel,
  imageTooltip,
  visibleImages,
} from '../../src/views/imagePresentation';
import { NOW, aContainer, anImage, owned } from '../support/viewFakes';

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
    assert.equal(isOwned({ labels: { 'dev.container-workflows.owner': 'container-workflows-tests' } }), true);
    assert.equal(isOwned({ labels: { 'com.docker.compose.project': 'x' } }), false);
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

describe('image rows', () => {
  it('label is repository:tag; description size and age', () => {
    const image = anImage({ repoTags: ['python:3.11-slim'], size: 302_400_000, created: new Date(NOW.getTime() - 3 * 86_400_000) });
    assert.equal(imageLabel(image), 'python:3.11-slim');
    assert.equal(imageDescription(image, NOW), '302 MB · 3 days ago');
    assert.equal(imageContextValue(image), 'image');
  });

  it('an image with several tags is labelled by the first in order and says how many more', () => {
    const image = anImage({
      repoTags: ['zed:1', 'app:latest', 'app:1.0'],
      size: 74_800_000,
      created: new Date(NOW.getTime() - 2 * 3600_000),
    });
    assert.equal(imageLabel(image), 'app:1.0');
    assert.equal(imageDescription(image, NOW), '74.8 MB · 2 hours ago · +2 tags');
    assert.match(imageTooltip(image, NOW), /Tags: app:1\\\.0, app:latest, zed:1/);
  });

  it('a dangling image shows <none> and its short id, with its own contextValue', () => {
    const image = anImage({ id: `sha256:${'0123456789ab'.repeat(5)}abcd`, repoTags: [] });
    assert.equal(image.dangling, true);
    assert.equal(imageLabel(image), '<none> 0123456789ab');
    assert.equal(imageContextValue(image), 'image.dangling');
    assert.match(imageTooltip(image, NOW), /Dangling/);
    // "Run Image…" is offered on /^image/: dangling ones too.
    assert.match(imageContextValue(image), /^image/);
  });

  it('dangling images are hidden by default, shown last when asked', () => {
    const images = [anImage({ repoTags: [] }), anImage({ repoTags: ['b:1'] }), anImage({ repoTags: ['a:1'] })];
    assert.deepEqual(
      visibleImages(images, false, NOW).map((v) => v.label),
      ['a:1', 'b:1'],
    );
    const all = visibleImages(images, true, NOW);
    assert.equal(all.length, 3);
    assert.match(all[2].label, /^<none> /);
  });

  it('rows carry the ImageSummary itself', () => {
    const image = anImage();
    assert.equal(describeImage(image, NOW).image, image);
  });
});

describe('formatting', () => {
  it('sizes in decimal units with three significant digits', () => {
    assert.equal(formatSize(0), '0 B');
    assert.equal(formatSize(999), '999 B');
    assert.equal(formatSize(1000), '1 kB');
    assert.equal(formatSize(74_800_000), '74.8 MB');
    assert.equal(formatSize(138_000_000), '138 MB');
    assert.equal(formatSize(1_210_000_000), '1.21 GB');
    assert.equal(formatSize(1_200_000_000), '1.2 GB');
    assert.equal(formatSize(-1), '?');
  });

  it('ages from seconds to years, never in the future', () => {
    const ago = (s: number) => formatAge(new Date(NOW.getTime() - s * 1000), NOW);
    assert.equal(ago(-30), 'just now');
    assert.equal(ago(2), 'just now');
    assert.equal(ago(30), '30 seconds ago');
    assert.equal(ago(60), '1 minute ago');
    assert.equal(ago(3 * 3600), '3 hours ago');
    assert.equal(ago(86_400), '1 day ago');
    assert.equal(ago(14 * 86_400), '2 weeks ago');
    assert.equal(ago(60 * 86_400), '2 months ago');
    assert.equal(ago(800 * 86_400), '2 years ago');
  });

  it('short ids drop sha256: and keep 12 characters', () => {
    assert.equal(shortId('sha256:0123456789abcdef'), '0123456789ab');
    assert.equal(shortId('fedcba9876543210'), 'fedcba987654');
  });

  it('markdown escaping keeps names literal', () => {
    assert.equal(escapeMarkdown('a_b*c[d]'), 'a\\_b\\*c\\[d\\]');
  });
});
