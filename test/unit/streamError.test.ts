import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { streamError } from '../../src/engine/streamError';

describe("streamError: the failure in a build, pull or push stream's message", () => {
  it("errorDetail's message first, else the top-level error, as the engine sends them", () => {
    assert.equal(streamError({ error: 'short', errorDetail: { message: 'the detail' } }), 'the detail');
    assert.equal(streamError({ error: 'manifest unknown' }), 'manifest unknown');
    assert.equal(streamError({ error: 'old', errorDetail: {} }), 'old', 'an errorDetail without a message falls back');
  });

  it('none for a message that reports no failure, or one whose fields are not text', () => {
    assert.equal(streamError({}), undefined);
    assert.equal(streamError({ error: 42, errorDetail: { message: null } }), undefined);
  });
});
