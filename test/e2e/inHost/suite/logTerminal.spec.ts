/**
 * The log terminal's pseudoterminal, in the extension host with the real engine: attach
 * before start misses nothing even from a --rm container; following survives a restart.
 */
import * as assert from 'node:assert/strict';
import { createEngine } from '../../../../src/engine/createEngine';
import type { ContainerEngine } from '../../../../src/engine/engine';
import { EngineEventHub } from '../../../../src/engine/eventHub';
import { ContainerLogPty } from '../../../../src/terminals/containerLogTerminal';

const label = { 'dev.container-workflows.test-run': `inhost-${process.pid}` };

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('container log terminal', () => {
  let engine: ContainerEngine;
  let hub: EngineEventHub;

  before(() => {
    engine = createEngine(undefined);
    hub = new EngineEventHub(() => engine);
  });

  after(async () => {
    hub.dispose();
    for (const c of await engine.listContainers({ all: true, label: `dev.container-workflows.test-run=inhost-${process.pid}` })) {
      await engine.remove(c.id, { force: true });
    }
  });

  it('attaches before start: all output of a --rm container, stderr in red, then says it was removed', async () => {
    const id = await engine.create({
      image: 'debian:bookworm-slim',
      args: ['sh', '-c', 'echo first line; echo to stderr >&2; echo last line'],
      autoRemove: true,
      labels: label,
    });
    const pty = new ContainerLogPty(() => engine, hub, id, 'rm-test', 'attach');
    let text = '';
    pty.onDidWrite((t) => (text += t));
    pty.open();
    await pty.ready;
    await engine.start(id);
    await until('the removal note', () => text.includes('was removed'));
    assert.match(text, /first line\r\n/);
    assert.ok(text.includes('\x1b[31mto stderr\r\n\x1b[0m'), 'stderr in red');
    assert.match(text, /last line/);
    pty.close();
  });

  it('keeps following across a restart of the container', async () => {
    const id = await engine.run({
      image: 'debian:bookworm-slim',
      args: ['sh', '-c', 'echo "run at $(date +%s%N)"; sleep 60'],
      labels: label,
    });
    const pty = new ContainerLogPty(() => engine, hub, id, 'restart-test', 'follow');
    let text = '';
    pty.onDidWrite((t) => (text += t));
    pty.open();
    await until('the first run', () => (text.match(/run at \d+/g) ?? []).length === 1);
    await engine.restart(id);
    await until('the second run', () => (text.match(/run at \d+/g) ?? []).length === 2, 40_000);
    assert.match(text, /started again/);
    const runs = text.match(/run at \d+/g)!;
    assert.notEqual(runs[0], runs[1], 'the second line comes from the new run, not a replay');
    pty.close();
  });
});
