/**
 * "Remove" asks whenever something would be lost, and its modal names what goes: running
 * containers, containers started elsewhere, anonymous volumes by their paths. Anonymous
 * volumes are kept unless the person picks "Remove with Anonymous Volumes".
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContainerDetails, ContainerMount, ContainerSummary } from '../../src/engine/engine';
import {
  REMOVE,
  REMOVE_WITH_VOLUMES,
  type RemovalTarget,
  listNames,
  removalQuestion,
  removeOptionsFor,
} from '../../src/commands/containers/removalQuestion';
import { aContainer, owned } from '../support/viewFakes';

const hex = (digit: string) => digit.repeat(64);

function anonymousAt(containerPath: string, digit = 'a'): ContainerMount {
  return { type: 'volume', name: hex(digit), containerPath, anonymous: true };
}

function detailsOf(summary: ContainerSummary, mounts: ContainerMount[] = [], overrides: Partial<ContainerDetails> = {}): ContainerDetails {
  return {
    id: summary.id,
    name: summary.name,
    image: summary.image,
    state: summary.state,
    running: summary.state === 'running',
    exitCode: 0,
    tty: false,
    autoRemove: false,
    ports: [],
    labels: summary.labels,
    mounts,
    ...overrides,
  };
}

function target(overrides: Partial<ContainerSummary>, mounts: ContainerMount[] = []): RemovalTarget {
  const summary = aContainer(overrides);
  return { summary, details: detailsOf(summary, mounts) };
}

describe('the remove question', () => {
  it('a stopped container started here, with no anonymous volume, goes without a question (and keeps nothing to keep)', () => {
    const question = removalQuestion([
      target({ name: 'job', state: 'exited', labels: owned }, [{ type: 'bind', name: '', containerPath: '/output', anonymous: false }]),
    ]);
    assert.equal(question.ask, false);
    assert.deepEqual(removeOptionsFor(question, undefined), { force: false, volumes: false });
  });

  it('a running container: asked, as before; removing stops it first; closing the modal removes nothing', () => {
    const question = removalQuestion([target({ name: 'web', state: 'running', labels: owned })]);
    assert.equal(question.ask, true);
    assert.equal(question.message, 'Remove web?');
    assert.equal(question.detail, 'It is running: removing stops it first.');
    assert.deepEqual(question.choices, [REMOVE]);
    assert.equal(removeOptionsFor(question, undefined), undefined);
    assert.deepEqual(removeOptionsFor(question, REMOVE), { force: true, volumes: false });
  });

  it('a stopped container not started by this extension (no owner label): asked, and says so', () => {
    const question = removalQuestion([target({ name: 'postgres', state: 'exited', labels: { 'com.docker.compose.project': 'app' } })]);
    assert.equal(question.ask, true);
    assert.equal(question.message, 'Remove postgres?');
    assert.equal(question.detail, 'It was not started by Container Workflows: its settings, files and logs go with it.');
    assert.deepEqual(question.choices, [REMOVE]);
    assert.deepEqual(removeOptionsFor(question, REMOVE), { force: false, volumes: false });
  });

  it('a stopped container of ours with an anonymous volume: asked, names the path; "Remove" keeps the volume, the second button deletes it', () => {
    const question = removalQuestion([
      target({ name: 'greet', state: 'exited', labels: owned }, [
        anonymousAt('/output'),
        { type: 'volume', name: 'mine', containerPath: '/cache', anonymous: false },
      ]),
    ]);
    assert.equal(question.ask, true);
    assert.equal(question.message, 'Remove greet?');
    assert.equal(
      question.detail,
      'An anonymous volume is mounted at /output. "Remove" keeps it, as docker rm does; "Remove with Anonymous Volumes" deletes it and its data.',
    );
    assert.deepEqual(question.choices, [REMOVE, REMOVE_WITH_VOLUMES]);
    assert.deepEqual(removeOptionsFor(question, REMOVE), { force: false, volumes: false });
    assert.deepEqual(removeOptionsFor(question, REMOVE_WITH_VOLUMES), { force: false, volumes: true });
    assert.equal(removeOptionsFor(question, undefined), undefined);
  });

  it('a named volume alone is no reason to ask: docker rm -v never deletes it', () => {
    const question = removalQuestion([
      target({ name: 'db', state: 'exited', labels: owned }, [
        { type: 'volume', name: 'dbdata', containerPath: '/var/lib/db', anonymous: false },
      ]),
    ]);
    assert.equal(question.ask, false);
  });

  it('several containers: each reason names its containers, each anonymous volume its path and container', () => {
    const question = removalQuestion([
      target({ name: 'api', state: 'running', labels: owned }),
      target({ name: 'db', state: 'exited', labels: {} }, [anonymousAt('/data', 'b'), anonymousAt('/logs', 'c')]),
      target({ name: 'job', state: 'exited', labels: owned }),
    ]);
    assert.equal(question.message, 'Remove 3 containers?');
    assert.deepEqual(question.detail.split('\n'), [
      'Containers: api, db and job.',
      'api is running: removing stops it first.',
      'db was not started by Container Workflows: its settings, files and logs go with it.',
      '2 anonymous volumes are mounted at /data of db and /logs of db. "Remove" keeps them, as docker rm does; "Remove with Anonymous Volumes" deletes them and their data.',
    ]);
    assert.equal(question.force, true);
    assert.deepEqual(removeOptionsFor(question, REMOVE_WITH_VOLUMES), { force: true, volumes: true });
  });

  it('all of them running, or all started elsewhere: "They are" / "They were"', () => {
    const running = removalQuestion([
      target({ name: 'a', state: 'running', labels: owned }),
      target({ name: 'b', state: 'paused', labels: owned }),
    ]);
    assert.equal(running.message, 'Remove a and b?');
    assert.equal(running.detail, 'They are running: removing stops them first.');
    const foreign = removalQuestion([target({ name: 'a', state: 'exited' }), target({ name: 'b', state: 'created' })]);
    assert.equal(foreign.detail, 'They were not started by Container Workflows: their settings, files and logs go with them.');
  });

  it('what inspect says now wins over the list entry; a container gone meanwhile falls back to its list entry', () => {
    const summary = aContainer({ name: 'web', state: 'exited', labels: owned });
    const startedSince = removalQuestion([{ summary, details: detailsOf(summary, [], { state: 'running', running: true }) }]);
    assert.equal(startedSince.ask, true);
    assert.equal(startedSince.force, true);
    const gone = removalQuestion([{ summary, details: undefined }]);
    assert.equal(gone.ask, false);
  });

  it('long lists end in "and N more"', () => {
    assert.equal(listNames([]), '');
    assert.equal(listNames(['a']), 'a');
    assert.equal(listNames(['a', 'b', 'c']), 'a, b and c');
    assert.equal(listNames('abcdefghijk'.split('')), 'a, b, c, d, e, f, g, h and 3 more');
  });
});
