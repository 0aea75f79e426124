/**
 * The shell terminal (src/terminals/shellTerminal.ts) through its Pseudoterminal surface,
 * with the `vscode` stand-in and the fake engine, whose exec echoes its input back as a TTY
 * does: keys typed while the exec is being created reach the shell, it is created at the
 * terminal's size, and a failure (no such container, the window switched engines) is said
 * and the next key closes the terminal. The real engine's exec is in integration/engine.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as ShellTerminalModule from '../../src/terminals/shellTerminal';
import { FakeEngine } from '../support/fakeEngine';
import { installVscodeStub } from '../support/vscodeStub';

installVscodeStub();
// Loaded after the stub is in place: the module imports `vscode` as it loads.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ContainerShellPty, SHELL_COMMAND } = require('../../src/terminals/shellTerminal') as typeof ShellTerminalModule;

type Pty = InstanceType<typeof ContainerShellPty>;

/** Resolves once everything the terminal has shown matches `pattern`. */
function shows(pty: Pty, pattern: RegExp): Promise<string> {
  let shown = '';
  return new Promise((resolve) => {
    pty.onDidWrite((text) => {
      shown += text;
      if (pattern.test(shown)) resolve(shown);
    });
  });
}

function closes(pty: Pty): Promise<number | void> {
  return new Promise((resolve) => pty.onDidClose((code) => resolve(code)));
}

describe('ContainerShellPty: a shell in a container, in a terminal', () => {
  it('sends the keys typed before the shell was up, and creates the exec at the terminal size it had last', async () => {
    const engine = new FakeEngine();
    const id = await engine.run({ image: 'alpine', name: 'web' });
    const pty = new ContainerShellPty(() => engine, id, 'web');
    const echoed = shows(pty, /echo hi\r/);
    pty.open({ columns: 80, rows: 24 });
    pty.handleInput('echo hi\r');
    assert.match(await echoed, /echo hi\r/);
    const exec = engine.calls.find((c) => c.method === 'exec');
    assert.deepEqual(exec?.args.slice(0, 3), [id, SHELL_COMMAND, { tty: true, columns: 80, rows: 24 }]);
    pty.dispose();
  });

  it('a container that is not there: says so, and the next key closes the terminal', async () => {
    const engine = new FakeEngine();
    const pty = new ContainerShellPty(() => engine, 'gone', 'web');
    const said = shows(pty, /Press any key to close this terminal/);
    const closed = closes(pty);
    pty.open(undefined);
    assert.match(await said, /Could not open a shell in web: .*No such container: gone/);
    pty.handleInput('x');
    assert.equal(await closed, undefined);
  });

  it('the window switched engines: the shell ends, the terminal says why, and the next key closes it', async () => {
    const engine = new FakeEngine();
    const id = await engine.run({ image: 'alpine', name: 'web' });
    const lifetime = new AbortController();
    const pty = new ContainerShellPty(() => engine, id, 'web', undefined, lifetime.signal);
    const up = shows(pty, /ready/);
    pty.open({ columns: 80, rows: 24 });
    pty.handleInput('ready');
    await up;
    const said = shows(pty, /Press any key/);
    const closed = closes(pty);
    lifetime.abort();
    assert.match(await said, /^\r\n.*The shell in web was on the old engine/);
    pty.handleInput('x');
    assert.equal(await closed, undefined);
  });
});
