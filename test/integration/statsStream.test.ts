/**
 * The stats stream on the real engine: the numbers move while a container burns CPU, the
 * stream is closed on abort, and it ends by itself when the container stops (the engine
 * goes on sending empty samples then; followStats ends at the first).
 */
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EngineApi } from '../../src/engine/api/engineApi';
import type { ContainerEngine } from '../../src/engine/engine';
import { CancelledError, EngineRequestError } from '../../src/engine/errors';
import type { StatsSample } from '../../src/engine/stats/statsDecoder';
import { StatsHistory } from '../../src/engine/stats/statsHistory';
import { followStats } from '../../src/engine/stats/statsStream';
import { createStopped, realEngineApi, removeContainer } from '../support/engineApi';
import { removeTestContainers } from '../support/realEngine';

let engine: ContainerEngine;
let api: EngineApi;

async function started(script: string, extra: Record<string, unknown> = {}): Promise<string> {
  const id = await createStopped(api, 'debian:bookworm-slim', { Cmd: ['sh', '-c', script], ...extra });
  await api.json({ method: 'POST', path: `/containers/${id}/start` });
  return id;
}

before(async () => {
  ({ engine, api } = await realEngineApi());
});

after(async () => {
  await removeTestContainers(engine);
});

describe('live stats', { timeout: 120_000 }, () => {
  it('CPU, memory of its limit and network move while a container burns CPU; abort closes the stream', async () => {
    const id = await started("trap 'exit 0' TERM; while :; do :; done", { HostConfig: { Memory: 256 * 1024 * 1024 } });
    const history = new StatsHistory();
    const controller = new AbortController();
    const samples: StatsSample[] = [];
    const following = followStats(
      api,
      id,
      (sample) => {
        samples.push(sample);
        history.push(sample);
        // The first sample has no predecessor to measure CPU against; a few busy ones are enough.
        if (samples.filter((s) => s.cpuPercent > 20).length >= 3) controller.abort();
      },
      controller.signal,
    );
    await assert.rejects(following, CancelledError);
    const busy = samples.filter((s) => s.cpuPercent > 20);
    assert.ok(busy.length >= 3, JSON.stringify(samples.map((s) => s.cpuPercent)));
    assert.ok(busy.every((s) => s.cpuPercent <= 100 * s.onlineCpus + 1));
    const last = samples[samples.length - 1];
    assert.equal(last.memoryLimit, 256 * 1024 * 1024);
    assert.ok(last.memoryUsed > 0 && last.memoryUsed < last.memoryLimit);
    assert.ok(last.memoryPercent > 0 && last.memoryPercent < 100);
    assert.ok(last.pids >= 1);
    assert.ok(last.netRxBytes >= 0 && last.netTxBytes >= 0);
    assert.equal(history.points().length, samples.length);
    assert.ok(
      samples.every((s, i) => i === 0 || s.time > samples[i - 1].time),
      'a sample a second, in order',
    );
    const received = samples.length;
    await new Promise((r) => setImmediate(r));
    assert.equal(samples.length, received, 'nothing arrives after the abort');
    await removeContainer(api, id);
  });

  it('ends by itself when the container stops', async () => {
    const id = await started("trap 'exit 0' TERM; while :; do sleep 0.2; done");
    let stopping: Promise<unknown> | undefined;
    const end = await followStats(api, id, () => {
      stopping ??= api.json({ method: 'POST', path: `/containers/${id}/stop`, timeoutMs: 0 });
    });
    await stopping;
    assert.equal(end, 'stopped');
    await removeContainer(api, id);
  });

  it('says a container that is gone has no stats', async () => {
    await assert.rejects(
      followStats(api, 'cw-test-no-such-container', () => undefined),
      (err: unknown) => err instanceof EngineRequestError && /is gone/.test(err.message),
    );
  });
});
