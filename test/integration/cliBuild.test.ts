/**
 * `container-workflows build`, built (dist/cli.js), on the real engine: run as a child
 * process with pipes, as a script, a CI job or a VS Code task would run it.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildRoot, containersRunning, contextWith, removeImages, tagFor } from '../support/buildEngine';
import { eventually, processesWith } from '../support/hostProcesses';
import { CLI_PATH, type StderrLineHandler, runCli } from '../support/cliProcess';
import { TEST_RUN_LABEL, realEngine, testRunId } from '../support/realEngine';

const cli = CLI_PATH;
const tags: string[] = [];

/** `container-workflows build …`, run in `cwd`. */
const runBuild = (args: string[], cwd: string, onStderrLine?: StderrLineHandler) => runCli(['build', ...args], cwd, onStderrLine);

const label = ['--label', `${TEST_RUN_LABEL}=${testRunId}`];
/** `<file>:<line>: <message>`, what a problem matcher reads. */
const problemLine = /^(\S+):(\d+): (.+)$/;

describe('container-workflows build (dist/cli.js)', { timeout: 180_000 }, () => {
  before(async () => {
    await realEngine();
    assert.ok(fs.existsSync(cli), `${cli} is built`);
  });

  after(async () => {
    await removeImages(tags);
    fs.rmSync(buildRoot, { recursive: true, force: true });
  });

  it('builds with BuildKit, shows progress on stderr and ends stdout with the image id', async () => {
    const context = contextWith(
      ['FROM debian:bookworm-slim AS base', 'ARG WHO=nobody', 'RUN echo "built for $WHO"', 'FROM base AS unused', 'RUN exit 1'].join('\n'),
    );
    const tag = tagFor('cli-ok');
    tags.push(tag);
    const run = await runBuild(
      [path.basename(context), '-t', tag, '--target', 'base', '--build-arg', 'WHO=the cli test', '--no-cache', ...label],
      path.dirname(context),
    );
    assert.equal(run.code, 0, run.stderr);
    const stdoutLines = run.stdout.trim().split('\n');
    const image = await (await realEngine()).inspectImage(tag);
    assert.equal(stdoutLines[stdoutLines.length - 1], image?.id);
    assert.match(run.stderr, /^Building with BuildKit: /);
    assert.match(run.stderr, /\n#\d+ \[base 2\/2\] RUN echo "built for the cli test"\n#\d+ \d+\.\d{3} built for the cli test\n/);
    assert.match(run.stderr, new RegExp(`Built ${tag.replace(/[/.]/g, '\\$&')} with BuildKit\\.\\n$`));
    assert.equal(image?.labels[TEST_RUN_LABEL], testRunId);
  });

  for (const builder of ['buildkit', 'classic'] as const) {
    it(`reports a failing step as <Dockerfile>:<line>: <message> and exits 1 (${builder})`, async () => {
      const context = contextWith(
        ['FROM debian:bookworm-slim', 'RUN echo fine', 'RUN echo "cli failure output" \\', '  && exit 7'].join('\n'),
      );
      const run = await runBuild(['.', '--builder', builder, '--no-cache', ...label], context);
      assert.equal(run.code, 1, run.stderr);
      assert.equal(run.stdout, '', 'no image id on stdout');
      const problems = run.stderr.split('\n').flatMap((l) => {
        const m = problemLine.exec(l);
        return m ? [{ file: m[1], line: Number(m[2]), message: m[3] }] : [];
      });
      assert.equal(problems.length, 1, run.stderr);
      assert.deepEqual([problems[0].file, problems[0].line], ['Dockerfile', 3]);
      assert.match(problems[0].message, /7/);
      assert.match(run.stderr, /\n {4}cli failure output\n$/, "the step's last output follows, indented");
    });
  }

  it('says what is wrong before building: a target the Dockerfile lacks, a bad option', async () => {
    const context = contextWith('FROM debian:bookworm-slim AS only\n');
    const wrongTarget = await runBuild(['.', '--target', 'missing'], context);
    assert.equal(wrongTarget.code, 1);
    assert.equal(wrongTarget.stderr, 'Dockerfile:1: there is no stage named "missing"; the named stages are only\n');
    const usage = await runBuild(['.', '--squash'], context);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /^unknown option --squash\n\nUsage: container-workflows build <context>/);
  });

  it('Ctrl+C stops the build, exits 130 and leaves no build container or process', async () => {
    const marker = `cw-cli-cancel-${testRunId}`;
    const context = contextWith(`FROM debian:bookworm-slim\nRUN echo started-${marker} && sleep 600\n`);
    let interrupted = false;
    const run = await runBuild(['.', '--no-cache', ...label], context, (line, kill) => {
      if (!interrupted && line.includes(`started-${marker}`) && !line.includes('RUN echo')) {
        interrupted = true;
        void eventually(() => processesWith(marker).length > 0, 10_000).then(() => kill('SIGINT'));
      }
    });
    assert.ok(interrupted, `the step started:\n${run.stderr}`);
    assert.equal(run.code, 130, run.stderr);
    assert.match(run.stderr, /Cancelling the build…\nCancelled: the build was stopped\.\n$/);
    assert.ok(await eventually(() => processesWith(marker).length === 0), "the step's process is gone");
    assert.deepEqual(await containersRunning(marker), []);
  });
});
