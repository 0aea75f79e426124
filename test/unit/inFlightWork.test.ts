/** InFlightWork: what deactivate() uses to stop conversions and builds when the window closes. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { InFlightWork } from '../../src/util/inFlightWork';

/** Work that runs until its signal aborts, then takes `cleanupMs` to clean up, and rejects as aborted. */
function untilAborted(signal: AbortSignal, cleanupMs: number, cleaned: string[], name: string): Promise<never> {
  return new Promise<never>((_resolve, reject) => {
    signal.addEventListener('abort', () => {
      setTimeout(() => {
        cleaned.push(name);
        reject(new Error(`${name} aborted`));
      }, cleanupMs);
    });
  });
}

/** Tracks work that listens to a fresh controller's signal, as the commands do. */
function trackUntilAborted(
  work: InFlightWork,
  cleanupMs: number,
  cleaned: string[],
  name: string,
): { controller: AbortController; done: Promise<never> } {
  const controller = new AbortController();
  return { controller, done: work.track(controller, untilAborted(controller.signal, cleanupMs, cleaned, name)) };
}

describe('InFlightWork', () => {
  it("passes the work's result on and forgets it once settled", async () => {
    const work = new InFlightWork();
    const result = work.track(
      new AbortController(),
      sleep(5).then(() => 42),
    );
    assert.equal(work.size, 1);
    assert.equal(await result, 42);
    assert.equal(work.size, 0);
  });

  it('forgets work that failed, and passes its error on', async () => {
    const work = new InFlightWork();
    await assert.rejects(work.track(new AbortController(), Promise.reject(new Error('boom'))), /boom/);
    assert.equal(work.size, 0);
  });

  it("the caller's own Cancel still ends the work, which is then forgotten", async () => {
    const work = new InFlightWork();
    const cleaned: string[] = [];
    const { controller, done } = trackUntilAborted(work, 1, cleaned, 'a');
    controller.abort();
    await assert.rejects(done, /a aborted/);
    assert.deepEqual(cleaned, ['a']);
    assert.equal(work.size, 0);
  });

  it("stopAll aborts every piece of work and waits for each one's cleanup", async () => {
    const work = new InFlightWork();
    const cleaned: string[] = [];
    const a = trackUntilAborted(work, 30, cleaned, 'a');
    const b = trackUntilAborted(work, 10, cleaned, 'b');
    const finished = work.track(new AbortController(), Promise.resolve('done'));
    assert.equal(await finished, 'done');
    await work.stopAll(2000);
    assert.equal(a.controller.signal.aborted, true, 'the controller the work was given is the one aborted');
    assert.deepEqual(cleaned.sort(), ['a', 'b'], 'both cleaned up before stopAll returned');
    assert.equal(work.size, 0);
    await Promise.allSettled([a.done, b.done]);
  });

  it('stopAll gives up after its grace time when work does not end', async () => {
    const work = new InFlightWork();
    void work.track(new AbortController(), new Promise(() => undefined)).catch(() => undefined); // ignores the abort
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
