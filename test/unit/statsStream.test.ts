import * as assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { CancelledError } from '../../src/engine/errors';
import type { StatsSample } from '../../src/engine/stats/statsDecoder';
import { followStats } from '../../src/engine/stats/statsStream';
import { FakeEngineApi } from '../support/fakeEngineApi';
import { busyLines, stoppedLine } from '../support/recordedStats';

function fakeWith(body: Readable): FakeEngineApi {
  return new FakeEngineApi([{ method: 'GET', path: /\/stats$/, answer: () => ({ body }) }]);
}

describe('followStats with a fake engine', () => {
  it('hands over each sample, lines cut anywhere, and ends at the first stopped sample', async () => {
    const text = [...busyLines, 'not json', stoppedLine, stoppedLine, busyLines[0]].join('\n') + '\n';
    const pieces = [text.slice(0, 100), text.slice(100, 2601), text.slice(2601)];
    const body = Readable.from(pieces.map((p) => Buffer.from(p)));
    const seen: StatsSample[] = [];
    assert.equal(await followStats(fakeWith(body), 'c1', (s) => seen.push(s)), 'stopped');
    assert.equal(seen.length, busyLines.length);
    assert.equal(body.destroyed, true, 'the stream is closed');
  });

  it('ends when the engine ends the stream, and the signal closes it', async () => {
    assert.equal(await followStats(fakeWith(Readable.from([Buffer.from(busyLines[0] + '\n')])), 'c1', () => undefined), 'streamEnded');
    const body = new PassThrough();
    const controller = new AbortController();
    const following = followStats(fakeWith(body), 'c1', () => controller.abort(), controller.signal);
    body.write(busyLines[0] + '\n');
    await assert.rejects(following, CancelledError);
    assert.equal(body.destroyed, true);
  });
});
