import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { CancelledError } from '../../src/engine/errors';
import { parseTarAbortably } from '../../src/engine/files/parseTarAbortably';
import { tarOf } from '../support/fakeEngineApi';

const three = [{ name: 'a', content: 'A' }, { name: 'b', content: 'BB' }, { name: 'c' }];

describe('parseTarAbortably: a tar through the parser, settled once', () => {
  it('hands over the entries in order, each after the one before was handled', async () => {
    const seen: string[] = [];
    await parseTarAbortably(Readable.from([await tarOf(three)]), undefined, async (header, body) => {
      seen.push(`start ${header.name}`);
      for await (const chunk of body as AsyncIterable<Buffer>) seen.push(chunk.toString());
      await new Promise((r) => setImmediate(r));
      seen.push(`end ${header.name}`);
    });
    assert.deepEqual(seen, ['start a', 'A', 'end a', 'start b', 'BB', 'end b', 'start c', 'end c']);
  });

  it("stops with the handler's error, thrown or rejected, and closes the body", async () => {
    for (const handler of [
      () => {
        throw new Error('thrown');
      },
      () => Promise.reject(new Error('rejected')),
    ]) {
      const body = Readable.from([await tarOf(three)]);
      await assert.rejects(parseTarAbortably(body, undefined, handler), /thrown|rejected/);
      assert.equal(body.destroyed, true);
    }
  });

  it('a signal aborted before or during the reading is CancelledError and closes the body', async () => {
    const early = new Readable({ read() {} });
    await assert.rejects(
      parseTarAbortably(early, AbortSignal.abort(), () => undefined),
      CancelledError,
    );
    assert.equal(early.destroyed, true);

    const controller = new AbortController();
    const never = new Readable({ read() {} });
    const reading = parseTarAbortably(never, controller.signal, () => undefined);
    controller.abort();
    await assert.rejects(reading, CancelledError);
    assert.equal(never.destroyed, true);
  });
});
