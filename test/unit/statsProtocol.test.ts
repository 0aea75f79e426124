import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseStatsMessage } from '../../src/stats/statsProtocol';

describe('parseStatsMessage', () => {
  it('takes only a bare ready', () => {
    assert.deepEqual(parseStatsMessage({ type: 'ready' }), { type: 'ready' });
    assert.equal(parseStatsMessage({ type: 'ready', extra: 1 }), undefined);
    assert.equal(parseStatsMessage({ type: 'point' }), undefined);
    assert.equal(parseStatsMessage('ready'), undefined);
    assert.equal(parseStatsMessage(null), undefined);
  });
});
