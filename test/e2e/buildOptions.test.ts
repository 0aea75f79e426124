/**
 * Builds the way a person makes them in a real VS Code: Build Image… with a target stage
 * and a build argument picked in the options form (the image shows in the Images view and
 * has the argument's value), a failing RUN marked on its line in the Problems panel and
 * cleared by Build Again once it is fixed, and a build task from tasks.json with its output
 * in the task's terminal.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ContainerEngine } from '../../src/engine/engine';
import { realEngine, runToCompletion } from '../support/realEngine';
import {
  makeWorkspace,
  openActivityBarContainer,
  openWorkbench,
  pick,
  poll,
  runCommand,
  screenshot,
  terminalText,
  typeIntoQuickInput,
  viewPane,
  type Workbench,
} from './harness/workbench';
import { startVSCodeServer, type VSCodeServer } from './harness/vscodeServer';

const stagesDockerfile = [
  'FROM debian:bookworm-slim AS base',
  'ARG GREETING=default',
  'RUN echo "$GREETING" > /greeting',
  'FROM base AS broken',
  'RUN exit 7',
  'FROM base',
].join('\n');
const failingDockerfile = ['FROM debian:bookworm-slim', 'RUN echo fine', 'RUN echo "about to fail" && exit 3', ''].join('\n');

describe('builds with options, Problems and tasks in a real VS Code', () => {
  let server: VSCodeServer;
  let workbench: Workbench;
  let workspace: string;
  let engine: ContainerEngine;
  const repository = `cw-e2e-build-options-${process.pid}`;
  const tag = `${repository}:stage`;
  const brokenTag = `cw-e2e-build-broken-${process.pid}:1`;
  const taskTag = `cw-e2e-build-task-${process.pid}:1`;

  before(async () => {
    engine = await realEngine();
    workspace = makeWorkspace('build-options', {
      'stages/Dockerfile': stagesDockerfile,
      'broken/Dockerfile': failingDockerfile,
      '.vscode/tasks.json': JSON.stringify({
        version: '2.0.0',
        tasks: [
          {
            label: 'build the task image',
            type: 'containerWorkflows.build',
            context: 'stages',
            tag: taskTag,
            target: 'base',
            args: { GREETING: 'from-the-task' },
            problemMatcher: [],
            group: { kind: 'build', isDefault: true },
          },
        ],
      }),
    });
    server = await startVSCodeServer();
    workbench = await openWorkbench(server, { folder: workspace });
  });

  after(async () => {
    await workbench?.close();
    await server?.stop();
    for (const image of [tag, brokenTag, taskTag]) await engine.removeImage(image, { force: true }).catch(() => undefined);
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('Build Image… with a target stage and a build argument: the image has the value and shows in the Images view', async () => {
    const page = workbench.page;
    await runCommand(page, 'Container Workflows: Build Image…');
    await pick(page, 'stages/Dockerfile');
    await typeIntoQuickInput(page, 'Tag for the image', tag);
    await pick(page, 'Target stage');
    await pick(page, 'base', /^base/);
    await pick(page, 'ARG GREETING');
    await typeIntoQuickInput(page, 'Value of the build argument GREETING', 'from-e2e');
    await pick(page, 'Build');
    await poll('the built image', () => engine.inspectImage(tag), 300_000, 1000);
    const ran = await runToCompletion(engine, { image: tag, args: ['cat', '/greeting'] });
    assert.equal(ran.stdout.trim(), 'from-e2e');

    await openActivityBarContainer(page, 'Container Workflows');
    const row = viewPane(page, 'Images').locator('.monaco-list-row', { hasText: repository }).first();
    await poll('the image in the Images view', () => row.count().then((n) => n > 0), 60_000);
    await screenshot(page, 'build-options-image');
  });

  it('a failing RUN shows a Problem on its line; fixed and built again, the Problem goes', async () => {
    const page = workbench.page;
    await runCommand(page, 'Container Workflows: Build Image…');
    await pick(page, 'broken/Dockerfile');
    await typeIntoQuickInput(page, 'Tag for the image', brokenTag);
    await pick(page, 'Build');
    // The Problems panel: the build's output channel is in front of it.
    await runCommand(page, 'Focus Problems (Errors, Warnings, Infos)');
    const problems = page.locator('.markers-panel .monaco-list-row');
    const problem = await poll(
      'the failing step in the Problems panel',
      async () => (await problems.allInnerTexts()).find((t) => /exit code: 3|non-zero code: 3/.test(t)),
      300_000,
      1000,
    );
    assert.match(problem, /Ln 3\b/, problem);
    await screenshot(page, 'build-problem');

    fs.writeFileSync(path.join(workspace, 'broken', 'Dockerfile'), failingDockerfile.replace('exit 3', 'true'));
    await runCommand(page, 'Container Workflows: Build Again');
    await poll('the fixed image', () => engine.inspectImage(brokenTag), 300_000, 1000);
    await poll('the Problem to go', async () => !(await problems.allInnerTexts()).some((t) => /code: 3/.test(t)), 30_000);
  });

  it('a build task from tasks.json runs and its output shows in the terminal', async () => {
    const page = workbench.page;
    // The default build task runs without a picker.
    await runCommand(page, 'Tasks: Run Build Task');
    const text = await poll(
      'the task output',
      async () => {
        const t = await terminalText(page);
        return /Built cw-e2e-build-task/.test(t) ? t : undefined;
      },
      300_000,
      1000,
    );
    // The terminal shows its last rows: the target stage's step with the task's argument, and the tag.
    assert.match(text, /\[base 2\/2\] RUN echo "from-the-task"/);
    assert.match(text, /Successfully tagged cw-e2e-build-task/);
    const ran = await runToCompletion(engine, { image: taskTag, args: ['cat', '/greeting'] });
    assert.equal(ran.stdout.trim(), 'from-the-task');
    await screenshot(page, 'build-task');
  });
});
