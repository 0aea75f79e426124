import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DockerContextSummary } from '../../src/engine/dockerContexts';
import { DEFAULT_CONTEXT_LABEL, contextInUse, contextPickItems, switchedMessage } from '../../src/pickers/contextPickItems';

const contexts: DockerContextSummary[] = [
  { name: 'default', description: 'The default engine', host: 'unix:///var/run/docker.sock', current: false, tls: 'none' },
  { name: 'build', description: 'The build box', host: 'ssh://me@build-box', current: true, tls: 'none' },
  { name: 'lab', description: '', host: 'tcp://10.0.0.5:2376', current: false, tls: 'verify', tlsDir: '/t' },
];

describe('contextPickItems', () => {
  it('default is named for what it means here; the one in use is marked and preselected; hosts and TLS are said', () => {
    const items = contextPickItems(contexts);
    assert.deepEqual(
      items.map((i) => [i.label, i.description, i.contextName, i.picked]),
      [
        [`$(blank) ${DEFAULT_CONTEXT_LABEL}`, 'unix:///var/run/docker.sock', 'default', false],
        ['$(check) build', 'in use · ssh://me@build-box', 'build', true],
        ['$(blank) lab', 'tcp://10.0.0.5:2376 · TLS', 'lab', false],
      ],
    );
    assert.equal(DEFAULT_CONTEXT_LABEL, 'Default (DOCKER_HOST / local socket)');
    assert.match(items[0].detail, /DOCKER_HOST/);
    assert.equal(items[1].detail, 'The build box');
  });
});

describe('contextInUse', () => {
  it("the workspace's choice first, then the context the engine came from, then default for any other engine", () => {
    assert.equal(contextInUse('lab', { host: 'ssh://x', source: 'context', contextName: 'build' }, 'build'), 'lab');
    assert.equal(contextInUse(undefined, { host: 'ssh://x', source: 'context', contextName: 'build' }, 'x'), 'build');
    assert.equal(contextInUse(undefined, { host: 'unix:///var/run/docker.sock', source: 'setting' }, 'build'), 'default');
  });

  it('with no engine yet (an invalid address), the current context on disk', () => {
    assert.equal(contextInUse(undefined, undefined, 'build'), 'build');
  });
});

describe('switchedMessage', () => {
  it('names the context (or the default) and the host, and says when the engine does not answer', () => {
    assert.equal(
      switchedMessage({ contextName: 'build' }, 'me@build-box', true),
      'This window now uses Docker context "build" (me@build-box). Remembered for this workspace.',
    );
    assert.match(switchedMessage({ contextName: 'default' }, '/var/run/docker.sock', false), /Default \(DOCKER_HOST.*does not answer yet/);
  });
});
