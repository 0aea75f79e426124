import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildOptions } from '../../src/engine/dockerodeImages';

describe('buildOptions', () => {
  it('a build removes every step container it made, with the Dockerfile path in the context as the engine wants it', () => {
    const signal = new AbortController().signal;
    assert.deepEqual(buildOptions({ contextDir: '/w', dockerfile: 'sub\\Dockerfile', tag: 'app:1', labels: { a: 'b' } }, signal), {
      t: 'app:1',
      dockerfile: 'sub/Dockerfile',
      labels: { a: 'b' },
      rm: true,
      forcerm: true,
      abortSignal: signal,
    });
  });

  it('build args are sent only when there are some: an empty "buildargs=" is refused by Podman', () => {
    const signal = new AbortController().signal;
    assert.deepEqual(buildOptions({ contextDir: '/w', dockerfile: 'Dockerfile', tag: 'app:1', buildArgs: { V: '1' } }, signal).buildargs, {
      V: '1',
    });
  });
});
