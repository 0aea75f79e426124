import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { StatsFeed } from '../../src/stats/statsFeed';
import type { StatsHostMessage } from '../../src/stats/statsProtocol';
import { FakeEngineApi } from '../support/fakeEngineApi';
import { busyLines, stoppedLine } from '../support/recordedStats';

function until(messages: StatsHostMessage[], type: StatsHostMessage['type'], count = 1): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (messages.filter((m) => m.type === type).length >= count ? resolve() : setImmediate(check));
    check();
  });
}

describe('StatsFeed', () => {
  it('shows, posts a point per sample with rates, and says the container stopped', async () => {
    const body = Readable.from([Buffer.from([...busyLines, stoppedLine].join('\n') + '\n')]);
    const api = new FakeEngineApi([{ method: 'GET', path: /\/stats$/, answer: () => ({ body }) }]);
    const messages: StatsHostMessage[] = [];
    const feed = new StatsFeed(
      () => api,
      'c1',
      'web',
      (m) => messages.push(m),
    );
    feed.start();
    await until(messages, 'ended');
    assert.deepEqual(messages[0], { type: 'show', container: 'web', points: [] });
    const points = messages.flatMap((m) => (m.type === 'point' ? [m.point] : []));
    assert.equal(points.length, busyLines.length);
    assert.ok(points[1].cpuPercent > 0, 'CPU moves under the busy loop');
    assert.ok(points[1].netRxPerSecond > 0, 'a rate from the second sample on');
    assert.deepEqual(messages.at(-1), { type: 'ended', reason: 'web stopped.' });
    assert.equal(feed.streaming, false);
  });

  it('closes its one stream when stopped, and a start after that sends the minute kept so far', async () => {
    const bodies: PassThrough[] = [];
    const api = new FakeEngineApi([
      {
        method: 'GET',
        path: /\/stats$/,
        answer: () => {
          const body = new PassThrough();
          bodies.push(body);
          return { body };
        },
      },
    ]);
    const messages: StatsHostMessage[] = [];
    const feed = new StatsFeed(
      () => api,
      'c1',
      'web',
      (m) => messages.push(m),
    );
    feed.start();
    feed.start();
    await until(messages, 'show', 2);
    await new Promise((r) => setImmediate(r));
    assert.equal(bodies.length, 1, 'one stream per panel');
    bodies[0].write(busyLines[0] + '\n');
    await until(messages, 'point');
    feed.stop();
    if (!bodies[0].destroyed) await once(bodies[0], 'close');
    assert.equal(bodies[0].destroyed, true, 'hidden: the stream is closed');
    feed.start();
    const shown = messages.filter((m) => m.type === 'show').at(-1);
    assert.equal(shown?.type === 'show' && shown.points.length, 1);
    feed.stop();
    assert.ok(!messages.some((m) => m.type === 'ended'), 'a stop by the panel is not an end');
  });
});
