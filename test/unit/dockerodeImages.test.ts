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
      buildargs: undefined,
      rm: true,
      forcerm: true,
      abortSignal: signal,
    });
  });
});
