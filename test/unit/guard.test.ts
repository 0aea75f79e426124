import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { guard } from '../../src/commands/shared/guard';

describe('guard', () => {
  it("passes the arguments and the handler's result through", async () => {
    const failures: unknown[] = [];
    const guarded = guard(
      (a: number, b: string) => `${a}${b}`,
      (err) => failures.push(err),
    );
    assert.equal(await guarded(1, 'x'), '1x');
    assert.deepEqual(failures, []);
  });

  it('a handler that throws or rejects: the failure goes to onFailure, which is awaited, and the command resolves undefined', async () => {
    const seen: string[] = [];
    const onFailure = async (err: unknown) => {
      await Promise.resolve();
      seen.push((err as Error).message);
    };
    assert.equal(await guard(() => Promise.reject(new Error('rejected')), onFailure)(), undefined);
    assert.equal(
      await guard(() => {
        throw new Error('thrown');
      }, onFailure)(),
      undefined,
    );
    assert.deepEqual(seen, ['rejected', 'thrown']);
  });
});
