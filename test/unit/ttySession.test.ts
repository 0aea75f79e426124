/**
 * The TTY session both container terminals use (src/terminals/ttySession.ts), with a
 * session the test holds: keys before the attach are kept and sent in order, the size the
 * terminal had last reaches the session, and after a failure a key closes the terminal.
 */
import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { RED, RESET } from '../../src/terminals/terminalText';
import { type AttachableTty, TtySession } from '../../src/terminals/ttySession';

/** A terminal that records what it was told, and a session that records what reached it. */
function rig() {
  const shown: string[] = [];
  let closes = 0;
  const tty = new TtySession({ write: (text) => shown.push(text), close: () => closes++ });
  const typed: string[] = [];
  const resizes: [number, number][] = [];
  const output = new EventEmitter();
  const session: AttachableTty = {
    input: { write: (data: string) => typed.push(data) },
    output: { on: (event, listener) => output.on(event, listener) },
    resize: async (columns, rows) => {
      resizes.push([columns, rows]);
    },
  };
  return { tty, session, shown, typed, resizes, output, closes: () => closes };
}

describe('TtySession: a VS Code terminal in front of a container TTY', () => {
  it('keeps the keys typed before the session is attached and sends them, in order, on attach; later keys go straight in', () => {
    const { tty, session, typed } = rig();
    tty.open(undefined);
    tty.handleInput('print(');
    tty.handleInput('1)\r');
    assert.deepEqual(typed, [], 'nothing is sent before there is a session');
    tty.attach(session);
    assert.deepEqual(typed, ['print(', '1)\r']);
    tty.handleInput('\x04');
    assert.deepEqual(typed, ['print(', '1)\r', '\x04']);
  });

  it('shows the output, decoding a UTF-8 character split across chunks, and strings as they are', () => {
    const { tty, session, shown, output } = rig();
    tty.attach(session);
    const euro = Buffer.from('€\r\n', 'utf8');
    output.emit('data', euro.subarray(0, 1));
    output.emit('data', euro.subarray(1));
    output.emit('data', 'plain');
    assert.equal(shown.join(''), '€\r\nplain');
  });

  it('gives the session the size the terminal had last: opened at one size, resized before the attach', () => {
    const { tty, session, resizes } = rig();
    tty.open({ columns: 80, rows: 24 });
    assert.deepEqual(tty.size, { columns: 80, rows: 24 }, 'the session is created at the size the terminal opened at');
    tty.setDimensions({ columns: 120, rows: 40 });
    assert.deepEqual(resizes, [], 'no session to resize yet');
    assert.deepEqual(tty.size, { columns: 120, rows: 40 });
    tty.attach(session);
    assert.deepEqual(resizes, [[120, 40]]);
  });

  it('resizes the attached session with the terminal, and does not resize when no size was ever given', () => {
    const { tty, session, resizes } = rig();
    tty.open(undefined);
    tty.attach(session);
    assert.deepEqual(resizes, [], 'VS Code had not told a size');
    tty.setDimensions({ columns: 100, rows: 30 });
    tty.setDimensions({ columns: 90, rows: 20 });
    assert.deepEqual(resizes, [
      [100, 30],
      [90, 20],
    ]);
  });

  it('after a failure says why in red and closes the terminal on the next key, sending nothing', () => {
    const { tty, shown, typed, closes } = rig();
    tty.open({ columns: 80, rows: 24 });
    tty.handleInput('ls\r');
    tty.fail('Could not open a shell in web: no such container');
    assert.deepEqual(shown, [
      `${RED}Could not open a shell in web: no such container${RESET}\r\n\r\nPress any key to close this terminal.\r\n`,
    ]);
    assert.equal(closes(), 0, 'the terminal stays so the reason can be read');
    tty.handleInput('x');
    assert.equal(closes(), 1);
    assert.deepEqual(typed, []);
  });

  it('a failure after the session ran (the engine switched) starts on a new line and stops sending keys to the session', () => {
    const { tty, session, shown, typed, closes } = rig();
    tty.attach(session);
    tty.fail('The shell in web ended: the window switched engines.', { onNewLine: true });
    assert.ok(shown[0]?.startsWith(`\r\n${RED}The shell in web ended`), shown[0]);
    tty.handleInput('y');
    assert.deepEqual([typed, closes()], [[], 1]);
  });
});
