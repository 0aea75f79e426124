/**
 * Interactive runs on the real engine (`docker run --rm -it`): python and bash in a TTY,
 * keystrokes in, the screen out, the TTY's size following resize, Ctrl+D and `exit`
 * ending it, close ending a program that would run on, and never a container left. The
 * programs are found with probePrograms, without running anything in the image.
 */
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EngineApi } from '../../src/engine/api/engineApi';
import type { ContainerEngine } from '../../src/engine/engine';
import { ContainerFiles } from '../../src/engine/files/containerFiles';
import { type InteractiveSession, startInteractive } from '../../src/engine/interactive/interactiveSession';
import { probePrograms } from '../../src/engine/interactive/programProbe';
import { containerGone, ensureNoShellImage, mineLabel, realEngineApi } from '../support/engineApi';
import { removeTestContainers, testLabels } from '../support/realEngine';

const PYTHON = 'python:3.11-slim';
const DEBIAN = 'debian:bookworm-slim';
let engine: ContainerEngine;
let api: EngineApi;

/** What the terminal has shown so far; waits for text to appear (the test's own timeout bounds it). */
class Screen {
  text = '';
  private waiters: { pattern: RegExp; from: number; resolve: (m: RegExpMatchArray) => void }[] = [];
  constructor(session: InteractiveSession) {
    session.output.on('data', (chunk: Buffer) => {
      this.text += chunk.toString('utf8');
      this.waiters = this.waiters.filter((w) => !this.settle(w));
    });
  }
  /** Resolves when `pattern` shows up after what was on the screen when asked. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray> {
    return new Promise((resolve) => {
      const waiter = { pattern, from: this.text.length, resolve };
      if (!this.settle(waiter)) this.waiters.push(waiter);
    });
  }
  private settle(w: { pattern: RegExp; from: number; resolve: (m: RegExpMatchArray) => void }): boolean {
    const match = this.text.slice(w.from).match(w.pattern);
    if (match) w.resolve(match);
    return match !== null;
  }
}

async function ownContainers(): Promise<string[]> {
  const list = await api.json<{ Id: string }[]>({
    method: 'GET',
    path: '/containers/json',
    query: { all: true, filters: { label: [mineLabel] } },
  });
  return list.map((c) => c.Id);
}

before(async () => {
  ({ engine, api } = await realEngineApi());
});

after(async () => {
  await removeTestContainers(engine);
});

describe('which programs an image has, without running it', { timeout: 120_000 }, () => {
  it('finds python, bash and sh in the python image, bash and sh in Debian, none in a shell-less image; leaves no helper', async () => {
    const python = await probePrograms(api, PYTHON, undefined, testLabels);
    assert.deepEqual(
      python.found.map((f) => f.program),
      ['python', 'bash', 'sh'],
    );
    assert.equal(python.found[0].path, '/usr/local/bin/python', 'the link on PATH, the name the image gives it');
    assert.deepEqual(python.defaultCommand, ['python3']);
    const debian = await probePrograms(api, DEBIAN, undefined, testLabels);
    // The first on PATH: /usr/bin comes before /bin (a link to usr/bin in Debian 12).
    assert.deepEqual(
      debian.found.map((f) => [f.program, f.path]),
      [
        ['bash', '/usr/bin/bash'],
        ['sh', '/usr/bin/sh'],
      ],
    );
    const none = await probePrograms(api, await ensureNoShellImage(engine), undefined, testLabels);
    assert.deepEqual(none.found, []);
    assert.deepEqual(none.defaultCommand, ['/data/tool.bin']);
    assert.deepEqual(await ownContainers(), [], 'the probe helpers are removed');
    await assert.rejects(probePrograms(api, 'cw-test/no-such-image:never'), /not on the engine/);
  });
});

describe('interactive runs', { timeout: 180_000 }, () => {
  it('python: reads `/` back from os.listdir(), Ctrl+D ends it, no container is left', async () => {
    const { found } = await probePrograms(api, PYTHON, undefined, testLabels);
    const session = await startInteractive(api, {
      run: { image: PYTHON, labels: testLabels },
      program: found[0].path,
      columns: 120,
      rows: 40,
    });
    const screen = new Screen(session);
    await screen.waitFor(/>>> $/m);
    // The listing through the archive endpoint is what python must print.
    const expected = (await new ContainerFiles(api, session.id).list('/')).map((e) => e.name).sort();
    session.input.write('import os; print(sorted(os.listdir()))\r');
    const [, printed] = await screen.waitFor(/\n(\[.*\])\r?\n/);
    assert.deepEqual(JSON.parse(printed.replace(/'/g, '"')), expected);
    assert.ok(expected.includes('usr') && expected.includes('etc'));
    session.input.write('\x04');
    assert.equal(await session.done, 0);
    assert.equal(await containerGone(api, session.id), true);
    await session.close();
  });

  it('bash in Debian: `ls /`, the TTY follows resize, `exit` ends it and the container is gone', async () => {
    const { found } = await probePrograms(api, DEBIAN, undefined, testLabels);
    const bash = found.find((f) => f.program === 'bash')!;
    const session = await startInteractive(api, { run: { image: DEBIAN, labels: testLabels }, program: bash.path, columns: 80, rows: 24 });
    const screen = new Screen(session);
    await screen.waitFor(/# $/m);
    session.input.write('ls /\r');
    await screen.waitFor(/bin[\s\S]*etc[\s\S]*usr/);
    session.input.write('stty size\r');
    await screen.waitFor(/^24 80\r?$/m);
    await session.resize(132, 40);
    session.input.write('stty size\r');
    await screen.waitFor(/^40 132\r?$/m);
    session.input.write('exit 3\r');
    assert.equal(await session.done, 3);
    assert.equal(await containerGone(api, session.id), true);
  });

  it("the image's own command when none is picked; run-form choices apply", async () => {
    const session = await startInteractive(api, {
      run: { image: PYTHON, labels: testLabels, env: { CW_GREETING: 'hello from the form' } },
    });
    const screen = new Screen(session);
    await screen.waitFor(/>>> $/m);
    session.input.write('import os; print(os.environ["CW_GREETING"].upper())\r');
    await screen.waitFor(/HELLO FROM THE FORM/);
    session.input.write('exit()\r');
    assert.equal(await session.done, 0);
  });

  it('close ends a program that would run on, and resolves once the container is gone', async () => {
    const session = await startInteractive(api, {
      run: { image: PYTHON, labels: testLabels, args: ['-c', 'import time\nwhile True: time.sleep(1)'] },
      program: 'python3',
    });
    const inspect = await api.json<{
      State: { Running: boolean };
      HostConfig: { AutoRemove: boolean };
      Config: { Tty: boolean; OpenStdin: boolean; StdinOnce: boolean };
    }>({ method: 'GET', path: `/containers/${session.id}/json` });
    assert.deepEqual(
      [inspect.State.Running, inspect.HostConfig.AutoRemove, inspect.Config.Tty, inspect.Config.OpenStdin, inspect.Config.StdinOnce],
      [true, true, true, true, true],
    );
    await session.close();
    assert.equal(await containerGone(api, session.id), true);
    assert.notEqual(await session.done, 0);
    await session.close(); // twice is fine
    assert.deepEqual(await ownContainers(), []);
  });

  it('a start that fails leaves no container', async () => {
    await assert.rejects(startInteractive(api, { run: { image: DEBIAN, labels: testLabels }, program: '/no/such/program' }));
    assert.deepEqual(await ownContainers(), []);
  });
});
