/**
 * The run task on the real engine: a tasks.json definition through runConfigFromTask and
 * toRunRequest to executeRunTask, which the task's pseudoterminal calls with its write and
 * its close (the signal). What the terminal would show is what `write` collected.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ContainerEngine, RunRequest } from '../../src/engine/engine';
import { type RunTaskDefinition, runConfigFromTask } from '../../src/tasks/runTaskDefinition';
import { TERMINATED_EXIT_CODE, executeRunTask } from '../../src/tasks/runTaskExecution';
import { toRunRequest } from '../../src/workflows/runConfig';
import { statPath } from '../../src/workflows/runValidation';
import { RED } from '../../src/terminals/terminalText';
import { buildFolder, realEngine, removeTestContainers, templatesDir, testLabels, testRunId } from '../support/realEngine';

const GREET_TAG = 'cw-test-runtask-greet-args:latest';
const WAITER_TAG = 'cw-test-runtask-waiter:latest';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-run-task-'));

/** The request the task sends, with this test's labels added for cleanup. */
function requestOf(definition: Partial<RunTaskDefinition>): RunRequest {
  const config = runConfigFromTask(definition, root, statPath);
  assert.ok(!('problem' in config), JSON.stringify(config));
  const request = toRunRequest(config);
  return { ...request, labels: { ...request.labels, ...testLabels } };
}

describe('run task on the real engine', { timeout: 300_000 }, () => {
  let engine: ContainerEngine;

  before(async () => {
    engine = await realEngine();
    await buildFolder(engine, path.join(templatesDir, 'greet-args'), GREET_TAG);
    // Waits until it is stopped, and says so first (SIGTERM ends it: python as PID 1 ignores it otherwise).
    const waiter = path.join(root, 'waiter');
    fs.mkdirSync(waiter);
    fs.writeFileSync(
      path.join(waiter, 'Dockerfile'),
      [
        'FROM python:3.11-slim',
        'ENV PYTHONUNBUFFERED=1',
        `CMD ["python", "-c", "import signal, sys, time; signal.signal(signal.SIGTERM, lambda *_: sys.exit(0)); print('waiting to be stopped'); time.sleep(3600)"]`,
      ].join('\n'),
    );
    await buildFolder(engine, waiter, WAITER_TAG);
  });

  after(async () => {
    if (engine) {
      await removeTestContainers(engine);
      for (const tag of [GREET_TAG, WAITER_TAG]) await engine.removeImage(tag, { force: true }).catch(() => undefined);
    }
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("the greeting reaches the terminal, the task ends with the container's exit code 0, and the container is removed", async () => {
    const name = `cw-test-runtask-greet-${testRunId}`;
    let terminal = '';
    const request = requestOf({ image: GREET_TAG, args: ['hello earthling ', '2'], name });
    const code = await executeRunTask(engine, request, (text) => (terminal += text), new AbortController().signal);
    assert.equal(code, 0, terminal);
    assert.match(terminal, /hello earthling hello earthling/);
    assert.match(terminal, /exited with code 0\./);
    assert.equal(await engine.inspectContainer(name), undefined, 'autoRemove is on by default');
  });

  it('a container that exits non-zero makes that the exit code, its stderr in red; autoRemove false keeps it', async () => {
    const name = `cw-test-runtask-fail-${testRunId}`;
    let terminal = '';
    const request = requestOf({ image: GREET_TAG, args: ['only one argument'], name, autoRemove: false });
    const code = await executeRunTask(engine, request, (text) => (terminal += text), new AbortController().signal);
    assert.equal(code, 2, terminal);
    assert.ok(terminal.includes(`${RED}error: expected 2 arguments`), terminal);
    assert.match(terminal, /exited with code 2\./);
    const kept = await engine.inspectContainer(name);
    assert.equal(kept?.state, 'exited');
  });

  it('terminating the task while the container runs stops and removes it', async () => {
    const name = `cw-test-runtask-wait-${testRunId}`;
    const controller = new AbortController();
    let terminal = '';
    const code = await executeRunTask(
      engine,
      requestOf({ image: WAITER_TAG, name }),
      (text) => {
        terminal += text;
        // Terminate as soon as the container shows it is running, as a person closing the task would.
        if (terminal.includes('waiting to be stopped')) controller.abort();
      },
      controller.signal,
    );
    assert.equal(code, TERMINATED_EXIT_CODE, terminal);
    assert.match(terminal, /Stopping /);
    assert.equal(await engine.inspectContainer(name), undefined, 'the terminated container is gone');
  });

  it('an image that does not exist fails the task with the reason', async () => {
    let terminal = '';
    const request = requestOf({ image: `cw-test-runtask-missing-${process.pid}:nope` });
    const code = await executeRunTask(engine, request, (text) => (terminal += text), new AbortController().signal);
    assert.equal(code, 1);
    assert.match(terminal, /Could not run cw-test-runtask-missing-/);
  });
});
