import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidNameError, assertValidName, nameProblem } from '../../src/engine/objectNames';

describe("nameProblem: the engine's rule for volume and network names", () => {
  it('takes names the engine takes', () => {
    for (const name of ['ab', 'data', 'my_volume.v2-3', '0cache', 'A1']) assert.equal(nameProblem('volume', name), undefined, name);
  });

  it('says what is wrong and the rule', () => {
    const rule = /\[a-zA-Z0-9\]\[a-zA-Z0-9_\.-\]\+/;
    const cases: [string, RegExp][] = [
      ['', /Give the network a name/],
      ['x', /too short/],
      ['-ab', /must start with a letter or digit/],
      ['.hidden', /must start with a letter or digit/],
      ['a b', /characters the engine refuses \(" "\)/],
      ['tab\there/x', /\("\\t", "\/"\)/],
      ['café', /\("é"\)/],
    ];
    for (const [name, expected] of cases) {
      const problem = nameProblem('network', name) ?? '';
      assert.match(problem, expected, name);
      assert.match(problem, rule, name);
    }
  });

  it('throws InvalidNameError with the kind and name', () => {
    assert.throws(
      () => assertValidName('network', 'a b'),
      (err: unknown) =>
        err instanceof InvalidNameError && err.kind === 'network' && err.objectName === 'a b' && /network name "a b"/.test(err.message),
    );
    assert.doesNotThrow(() => assertValidName('volume', 'ok'));
  });
});
