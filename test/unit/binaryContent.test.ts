import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { looksBinary } from '../../src/engine/files/binaryContent';

describe('looksBinary', () => {
  it('takes UTF-8 text as text, also cut in the middle of a character past the sample', () => {
    assert.equal(looksBinary(Buffer.from('hello\nwörld ✓\n')), false);
    assert.equal(looksBinary(Buffer.alloc(0)), false);
    const long = Buffer.from('é'.repeat(5000)); // 10000 bytes: the sample ends inside a character
    assert.equal(looksBinary(long), false);
  });

  it('takes a NUL byte or bytes that are not UTF-8 as binary', () => {
    assert.equal(looksBinary(Buffer.from('\x7fELF\x02\x01\x01\0\0\0', 'latin1')), true);
    assert.equal(looksBinary(Buffer.from([0xff, 0xfe, 0x41])), true);
    assert.equal(looksBinary(Buffer.from('caf\xe9', 'latin1')), true, 'Latin-1 is not UTF-8');
  });
});
