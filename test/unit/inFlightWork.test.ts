/** InFlightWork: what deactivate() uses to stop conversions and builds when the window closes. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { InFlightWork } from '../../src/util/inFlightWork';

/** Work that runs until aborted, then takes `cleanupMs` to clean up, and rejects as aborted. */
function untilAborted(cleanupMs: number, cleaned: string[], name: string) {
  return (signal: AbortSignal) =>
    new Promise<never>((_resolve, reject) => {
      signal.addEventListener('abort', () => {
        setTimeout(() => {
          cleaned.push(name);
          reject(new Error(`${name} aborted`));
        }, cleanupMs);
      });
    });
}

describe('InFlightWork', () => {
  it('runs the work, returns its result and forgets it once settled', async () => {
    const work = new InFlightWork();
    const result = work.run(async () => {
      await sleep(5);
      return 42;
    });
    assert.equal(work.size, 1);
    assert.equal(await result, 42);
    assert.equal(work.size, 0);
  });

  it('forgets work that failed, and passes its error on', async () => {
    const work = new InFlightWork();
    await assert.rejects(work.run(async () => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(work.size, 0);
  });

  it('the caller\'s cancel aborts the work\'s signal (already aborted: at once)', async () => {
    const work = new InFlightWork();
    const cancel = new AbortController();
    const cleaned: string[] = [];
    const running = work.run(untilAborted(1, cleaned, 'a'), cancel.signal);
    cancel.abort();
    await assert.rejects(running, /a aborted/);
    assert.deepEqual(cleaned, ['a']);

    const early = new AbortController();
    early.abort();
    let sawAborted = false;
    await work.run(async (signal) => {
      sawAborted = signal.aborted;
    }, early.signal);
    assert.equal(sawAborted, true);
  });

  it('stopAll aborts every piece of work and waits for each one\'s cleanup', async () => {
    const work = new InFlightWork();
    const cleaned: string[] = [];
    const a = work.run(untilAborted(30, cleaned, 'a'));
    const b = work.run(untilAborted(10, cleaned, 'b'));
    const finished = work.run(async () => 'done');
    assert.equal(await finished, 'done');
    await work.stopAll(2000);
    assert.deepEqual(cleaned.sort(), ['a', 'b'], 'both cleaned up before stopAll returned');
    assert.equal(work.size, 0);
    await Promise.allSettled([a, b]);
  });

  it('stopAll gives up after its grace time when work does not end', async () => {
    const work = new InFlightWork();
    void work.run(() => new Promise(() => undefined)).catch(() => undefined); // ignores the abort
    const started = Date.now();
    await work.stopAll(50);
    const waited = Date.now() - started;
    assert.ok(waited >= 45 && waited < 1000, `waited ${waited} ms`);
    assert.equal(work.size, 1, 'still running: it ignored the abort');
  });

  it('stopAll with nothing running returns at once', async () => {
    const started = Date.now();
    await new InFlightWork().stopAll(10_000);
    assert.ok(Date.now() - started < 1000, 'did not wait out the grace time');
  });
});
