import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type RawStats, cpuPercent, decodeStats, isStoppedSample, memoryUsed } from '../../src/engine/stats/statsDecoder';
import { busySamples, stoppedSample } from '../support/recordedStats';

const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual} is not ${expected}`);

describe('decodeStats on recorded samples (cgroup v1, 2 CPUs, --memory 256m)', () => {
  it("computes CPU % as the Docker CLI does: the CPU time over the machine's since precpu, times the CPUs", () => {
    // (total - pretotal) / (system - presystem) * online_cpus * 100, worked out by hand from the recorded numbers.
    const expected = [39.48272179104478, 39.84256606965174, 39.630868514851485];
    busySamples.forEach((raw, i) => close(decodeStats(raw)!.cpuPercent, expected[i], `sample ${i}`));
    assert.equal(decodeStats(busySamples[0])!.onlineCpus, 2);
  });

  it('reads memory of the limit, network totals, pids and the time', () => {
    const first = decodeStats(busySamples[0])!;
    assert.equal(first.memoryUsed, 1417216);
    assert.equal(first.memoryLimit, 268435456);
    close(first.memoryPercent, (1417216 / 268435456) * 100, 'memory %');
    assert.deepEqual([first.netRxBytes, first.netTxBytes, first.pids], [486, 0, 2]);
    assert.deepEqual([first.blockReadBytes, first.blockWriteBytes], [0, 0], 'this engine reports no block I/O');
    assert.equal(first.time.toISOString(), '2026-12-01T11:38:34.413Z');
  });

  it('sees the samples of a stopped container (zero time, empty stats) as the end', () => {
    assert.equal(isStoppedSample(stoppedSample), true);
    assert.equal(decodeStats(stoppedSample), undefined);
    assert.equal(isStoppedSample(busySamples[0]), false);
  });
});

describe('the formulas on their edges', () => {
  it('takes the inactive page cache off memory (v1 total_inactive_file, v2 inactive_file), never below zero', () => {
    assert.equal(memoryUsed({ usage: 1000, stats: { total_inactive_file: 300, inactive_file: 100 } }), 700);
    assert.equal(memoryUsed({ usage: 1000, stats: { inactive_file: 100 } }), 900);
    assert.equal(memoryUsed({ usage: 1000, stats: { total_inactive_file: 5000 } }), 1000);
    assert.equal(memoryUsed({ usage: 1000 }), 1000);
    assert.equal(memoryUsed(undefined), 0);
  });

  it('gives 0 % without a predecessor or without time passing, and counts CPUs from percpu when online_cpus is missing', () => {
    assert.equal(cpuPercent({ cpu_stats: { cpu_usage: { total_usage: 100 }, system_cpu_usage: 1000 } }).percent, 0);
    assert.equal(
      cpuPercent({
        cpu_stats: { cpu_usage: { total_usage: 200 }, system_cpu_usage: 1000 },
        precpu_stats: { cpu_usage: { total_usage: 100 }, system_cpu_usage: 1000 },
      }).percent,
      0,
    );
    const fromPercpu = cpuPercent({
      cpu_stats: { cpu_usage: { total_usage: 300, percpu_usage: [1, 2, 3, 4] }, system_cpu_usage: 2000 },
      precpu_stats: { cpu_usage: { total_usage: 100 }, system_cpu_usage: 1000 },
    });
    assert.deepEqual(fromPercpu, { percent: (200 / 1000) * 4 * 100, onlineCpus: 4 });
  });

  it('sums block I/O over devices, v1 ("Read") and v2 ("read") alike, and network over interfaces', () => {
    const raw: RawStats = {
      read: '2026-12-01T00:00:00Z',
      blkio_stats: {
        io_service_bytes_recursive: [
          { op: 'Read', value: 10 },
          { op: 'Write', value: 20 },
          { op: 'Sync', value: 99 },
          { op: 'Total', value: 30 },
          { op: 'read', value: 1 },
          { op: 'write', value: 2 },
        ],
      },
      networks: { eth0: { rx_bytes: 5, tx_bytes: 6 }, eth1: { rx_bytes: 7, tx_bytes: 8 } },
    };
    const sample = decodeStats(raw)!;
    assert.deepEqual([sample.blockReadBytes, sample.blockWriteBytes, sample.netRxBytes, sample.netTxBytes], [11, 22, 12, 14]);
    assert.equal(sample.memoryPercent, 0, 'no limit known: no percentage');
  });
});
