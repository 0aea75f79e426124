import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildQuery } from '../../src/engine/build/buildQuery';

const request = { contextDir: '/w', dockerfile: 'docker\\Dockerfile.dev', tag: 'app:1' };

describe('buildQuery', () => {
  it('asks for BuildKit with its session and build id, and sends only what is set', () => {
    assert.deepEqual(buildQuery(request, 'buildkit', { sessionId: 's1', buildId: 'b1' }), {
      t: 'app:1',
      dockerfile: 'docker/Dockerfile.dev',
      version: '2',
      session: 's1',
      buildid: 'b1',
    });
  });

  it('sends target, build arguments, labels, no-cache and pull', () => {
    const query = buildQuery(
      { ...request, target: 'test', buildArgs: { A: '1' }, labels: { l: 'v' }, noCache: true, pull: true },
      'buildkit',
    );
    assert.deepEqual(query, {
      t: 'app:1',
      dockerfile: 'docker/Dockerfile.dev',
      version: '2',
      labels: { l: 'v' },
      buildargs: { A: '1' },
      target: 'test',
      nocache: true,
      pull: true,
    });
  });

  it('has the classic builder remove its intermediate containers, also after a failure', () => {
    assert.deepEqual(buildQuery({ ...request, tag: '', buildArgs: {}, labels: {} }, 'classic', { sessionId: 'ignored' }), {
      dockerfile: 'docker/Dockerfile.dev',
      version: '1',
      rm: true,
      forcerm: true,
    });
  });
});
