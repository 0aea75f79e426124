import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RESET, toTerminalText } from '../../src/terminals/terminalText';

describe('toTerminalText', () => {
  it('every line end becomes \\r\\n, once', () => {
    assert.equal(toTerminalText('a\nb\r\nc\n'), 'a\r\nb\r\nc\r\n');
    assert.equal(toTerminalText('no newline'), 'no newline');
    assert.equal(RESET, '\x1b[0m');
  });
});
