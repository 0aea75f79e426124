import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completionLine, headerLine, logLine, statusLine, warningLine } from '../../src/engine/build/plainProgress';

describe('plain progress lines', () => {
  it('writes steps the way docker build --progress=plain does', () => {
    assert.equal(headerLine(5, '[build 2/3] RUN make'), '#5 [build 2/3] RUN make');
    assert.equal(logLine(5, 0.4123, 'cc -o app main.c'), '#5 0.412 cc -o app main.c');
    assert.equal(logLine(5, undefined, 'no time known'), '#5 no time known');
    assert.equal(completionLine(5, 'done', 1.26), '#5 DONE 1.3s');
    assert.equal(completionLine(5, 'cached', undefined), '#5 CACHED');
    assert.equal(completionLine(5, 'error', 0.2, 'exit code: 3'), '#5 ERROR: exit code: 3');
  });

  it('writes a finished sub-task with its amount in decimal units', () => {
    assert.equal(statusLine(1, 'transferring context', 2350, 0), '#1 transferring context 2.35kB done');
    assert.equal(statusLine(1, 'transferring dockerfile', 37, 0), '#1 transferring dockerfile 37B done');
    assert.equal(statusLine(7, 'exporting layers', 0, 0), '#7 exporting layers done');
    assert.equal(statusLine(3, 'sha256:ab', 5_000_000, 10_000_000), '#3 sha256:ab 5.00MB / 10.00MB done');
  });

  it('writes warnings with or without their step', () => {
    assert.equal(warningLine(2, 'x'), '#2 WARNING: x');
    assert.equal(warningLine(undefined, 'x'), 'WARNING: x');
  });
});
