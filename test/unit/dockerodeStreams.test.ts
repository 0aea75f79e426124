import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logOptions } from '../../src/engine/dockerodeStreams';

describe('logOptions', () => {
  it('logs: both streams, from the start unless told otherwise; no tail unless one is asked for', () => {
    assert.deepEqual(logOptions({ follow: true }, undefined), {
      stdout: true,
      stderr: true,
      since: 0,
      timestamps: false,
      abortSignal: undefined,
    });
    assert.equal(logOptions({ follow: false, tail: 10, since: 5 }, undefined).tail, 10);
    assert.equal(logOptions({ follow: false, tail: 10, since: 5 }, undefined).since, 5);
    assert.ok(!('tail' in logOptions({ follow: true }, undefined)));
  });
});
