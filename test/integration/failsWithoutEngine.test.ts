/**
 * The rig must never turn a missing engine into a green run. This runs a real integration
 * file with DOCKER_HOST pointing at a socket nobody listens on and checks that it fails,
 * loudly, with the reason, and that nothing in it was skipped instead.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';

describe('integration tests without an engine', () => {
  it('fail with the reason instead of passing or skipping', () => {
    const file = path.join(__dirname, 'engine.test.js');
    // Without NODE_TEST_CONTEXT, or the inner runner would report to this one instead.
    const { NODE_TEST_CONTEXT: _inner, ...env } = process.env;
    const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', file], {
      encoding: 'utf8',
      env: { ...env, DOCKER_HOST: 'unix:///nonexistent/no-engine-here.sock' },
      timeout: 120_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    assert.notEqual(run.status, 0, 'the run failed');
    assert.match(
      output,
      /Integration tests need a real container engine, and none answers at unix:\/\/\/nonexistent\/no-engine-here\.sock/,
    );
    assert.match(output, /# fail [1-9]/);
    assert.match(output, /# pass 0/);
    assert.match(output, /# skipped 0/);
  });
});
