import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeStats, type StatsSample } from '../../src/engine/stats/statsDecoder';
import { RingBuffer, StatsHistory } from '../../src/engine/stats/statsHistory';
import { busySamples } from '../support/recordedStats';

function sample(second: number, rx: number, write = 0): StatsSample {
  return {
    time: new Date(second * 1000),
    cpuPercent: 0,
    onlineCpus: 2,
    memoryUsed: 0,
    memoryLimit: 0,
    memoryPercent: 0,
    netRxBytes: rx,
    netTxBytes: 0,
    blockReadBytes: 0,
    blockWriteBytes: write,
    pids: 1,
  };
}

describe('RingBuffer', () => {
  it('keeps the last N, oldest first', () => {
    const ring = new RingBuffer<number>(3);
    assert.deepEqual([ring.toArray(), ring.latest(), ring.size], [[], undefined, 0]);
    for (const n of [1, 2, 3, 4, 5]) ring.push(n);
    assert.deepEqual([ring.toArray(), ring.latest(), ring.size], [[3, 4, 5], 5, 3]);
    ring.clear();
    assert.deepEqual(ring.toArray(), []);
    assert.throws(() => new RingBuffer(0), RangeError);
  });
});

describe('StatsHistory', () => {
  it('keeps one minute by default and turns totals into rates per second', () => {
    const history = new StatsHistory();
    for (let s = 0; s < 75; s++) history.push(sample(s, s * 1000, s * 10));
    const points = history.points();
    assert.equal(points.length, 60);
    assert.equal(points[0].time.getTime(), 15_000);
    assert.deepEqual([points[59].netRxPerSecond, points[59].blockWritePerSecond], [1000, 10]);
  });

  it('gives 0 for the first point, and after a counter went back (a restart)', () => {
    const history = new StatsHistory(5);
    assert.equal(history.push(sample(0, 500)).netRxPerSecond, 0);
    assert.equal(history.push(sample(2, 1500)).netRxPerSecond, 500, 'over two seconds');
    assert.equal(history.push(sample(3, 100)).netRxPerSecond, 0);
    assert.equal(history.latest()?.netRxBytes, 100);
  });

  it('rates the recorded network totals', () => {
    const history = new StatsHistory();
    const points = busySamples.map((raw) => history.push(decodeStats(raw)!));
    // 646 - 486 bytes over the 1.008 s between the recorded reads (to the millisecond, as a Date holds them).
    assert.ok(Math.abs(points[1].netRxPerSecond - 160 / 1.008) < 1e-9, String(points[1].netRxPerSecond));
  });
});
