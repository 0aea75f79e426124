/**
 * The pseudoterminal the build and run tasks run in (src/tasks/taskTerminal.ts), with the
 * `vscode` stand-in: the work runs once the terminal opens, in the task's folder, what it
 * writes is shown, its result is the task's exit code, and closing the terminal (terminating
 * the task) aborts its signal. The build task end to end is in e2e/buildOptions.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as TaskTerminalModule from '../../src/tasks/taskTerminal';
import { installVscodeStub } from '../support/vscodeStub';

installVscodeStub();
// eslint-disable-next-line @typescript-eslint/no-require-imports -- an import would load it before the stub
const { TaskTerminal } = require('../../src/tasks/taskTerminal') as typeof TaskTerminalModule;

type Terminal = InstanceType<typeof TaskTerminal>;

function exitCode(terminal: Terminal): Promise<number> {
  return new Promise((resolve) => terminal.onDidClose((code) => resolve(code)));
}

describe('TaskTerminal: a task resolved from tasks.json, in its own terminal', () => {
  it("runs the work once opened, in the task's folder; shows what it writes; closes with its exit code", async () => {
    const shown: string[] = [];
    const folders: string[] = [];
    const terminal = new TaskTerminal('/work/app', async (folder, write) => {
      folders.push(folder);
      write('Building app\r\n');
      return 7;
    });
    terminal.onDidWrite((text) => shown.push(text));
    const closed = exitCode(terminal);
    assert.deepEqual(folders, [], 'nothing runs before VS Code opens the terminal');
    terminal.open();
    assert.equal(await closed, 7);
    assert.deepEqual([folders, shown], [['/work/app'], ['Building app\r\n']]);
  });

  it("closing the terminal (terminating the task) aborts the work's signal; the task ends with the code the work gives", async () => {
    let signal: AbortSignal | undefined;
    const terminal = new TaskTerminal('/work/app', (_folder, _write, controller) => {
      signal = controller.signal;
      return new Promise((resolve) => controller.signal.addEventListener('abort', () => resolve(130), { once: true }));
    });
    const closed = exitCode(terminal);
    terminal.open();
    assert.equal(signal?.aborted, false);
    terminal.close();
    assert.equal(signal?.aborted, true);
    assert.equal(await closed, 130);
  });
});
