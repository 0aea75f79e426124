/**
 * The runner with real child processes (node scripts standing in for the compose CLI):
 * output as it comes, exit codes, and a cancel that reaches everything the CLI started.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import type { ComposeInvocation } from '../../src/compose/composeCommands';
import { ComposeSpawnError, runCompose } from '../../src/compose/composeProcess';
import { CancelledError } from '../../src/engine/errors';
import { eventually } from '../support/hostProcesses';

const node = (script: string, env: Record<string, string> = {}): ComposeInvocation => ({
  program: process.execPath,
  args: ['-e', script],
  env: { PATH: process.env.PATH ?? '', ...env },
  cwd: process.cwd(),
  display: 'node -e …',
});

/** Gone, or a zombie waiting to be reaped: either way it runs no more. */
function isGone(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? true;
  } catch {
    return true;
  }
}

describe('running compose', () => {
  it('passes output on as it comes and resolves with the exit code and both streams', async () => {
    const chunks: string[] = [];
    const result = await runCompose(
      node('process.stdout.write("up\\n"); process.stderr.write("warn: é\\n"); process.exitCode = 0', { CW_X: '1' }),
      {
        onOutput: (text, stream) => chunks.push(`${stream}:${text}`),
      },
    );
    assert.deepEqual(result, { exitCode: 0, stdout: 'up\n', stderr: 'warn: é\n' });
    assert.deepEqual(chunks.sort(), ['stderr:warn: é\n', 'stdout:up\n']);
  });

  it('gives the environment and folder it is told, nothing else', async () => {
    const inv = {
      ...node('console.log(JSON.stringify([process.cwd(), process.env.DOCKER_HOST ?? null, process.env.CW_ONLY]))', { CW_ONLY: 'yes' }),
      cwd: '/',
    };
    const result = await runCompose(inv);
    assert.deepEqual(JSON.parse(result.stdout), ['/', null, 'yes']);
  });

  it('a failing command resolves with its code and what it said, for the caller to explain', async () => {
    const result = await runCompose(node('console.error("ERROR: for web  Cannot start service web"); process.exit(1)'));
    assert.equal(result.exitCode, 1);
    assert.match(result.stderr, /Cannot start service web/);
  });

  it('keeps only the end of a long output', async () => {
    const result = await runCompose(node('for (let i = 0; i < 20000; i++) console.log("line " + i)'));
    assert.ok(result.stdout.length <= 64 * 1024);
    assert.ok(result.stdout.endsWith('line 19999\n'));
  });

  it('cancel: SIGINT to the group, and what the CLI started goes too', async () => {
    // The "CLI" starts a child that ignores SIGINT (as docker-compose 1.29's ssh child does)
    // and keeps the output pipe open, prints its pid, and stops itself on SIGINT.
    const script = `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, ['-e', 'process.on("SIGINT", () => {}); setInterval(() => {}, 1000)'], { stdio: ['ignore', 'inherit', 'inherit'] });
      process.on('SIGINT', () => process.exit(130));
      console.log('grandchild ' + child.pid);
      setInterval(() => {}, 1000);`;
    const controller = new AbortController();
    let grandchild = 0;
    const run = runCompose(node(script), {
      signal: controller.signal,
      onOutput: (text) => {
        const m = /grandchild (\d+)/.exec(text);
        if (m) {
          grandchild = Number(m[1]);
          controller.abort();
        }
      },
    });
    await assert.rejects(run, CancelledError);
    assert.ok(grandchild > 0);
    // SIGKILLed, its pipes close as it begins to exit, so the run can settle a moment before the kernel has
    // finished tearing it down: wait for that (it is killed already or never goes), never for longer than 5 s.
    await eventually(() => isGone(grandchild), 5000);
    assert.ok(isGone(grandchild), `the CLI's own child ${grandchild} was stopped with it`);
  });

  it('cancel: a CLI that ignores SIGINT is killed after the grace period', async () => {
    const controller = new AbortController();
    const run = runCompose(node('process.on("SIGINT", () => console.log("ignored")); console.log("ready"); setInterval(() => {}, 1000)'), {
      signal: controller.signal,
      graceMs: 100,
      onOutput: (text) => {
        if (text.includes('ready')) controller.abort();
      },
    });
    await assert.rejects(run, CancelledError);
  });

  it('an aborted signal starts nothing; a program that is not there says so', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      runCompose(node('require("fs").writeFileSync("/tmp/should-not-exist-cw", "x")'), { signal: controller.signal }),
      CancelledError,
    );
    assert.equal(fs.existsSync('/tmp/should-not-exist-cw'), false);
    await assert.rejects(runCompose({ ...node(''), program: '/nonexistent/docker-compose' }), (err: unknown) => {
      assert.ok(err instanceof ComposeSpawnError);
      assert.equal(err.message, '/nonexistent/docker-compose was not found on PATH.');
      return true;
    });
  });
});
