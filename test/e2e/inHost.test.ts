/**
 * The in-host suite through @vscode/test-electron's runTests. On a machine where a desktop
 * VS Code can be downloaded (CW_DESKTOP_VSCODE=1) runTests downloads and starts it; here
 * it starts scripts/code-web, which runs the same suite in the real VS Code server.
 * Each in-host test becomes a subtest, so the closing line counts them one by one.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runTests } from '@vscode/test-electron';
import type { InHostResult } from './inHost/index';
import { repoRoot } from './harness/vscodeServer';
import { makeWorkspace } from './harness/workbench';

describe('in-host suite (@vscode/test-electron runTests)', () => {
  it('runs every in-host spec in the extension host', async (t) => {
    const resultsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cw-inhost-')), 'results.json');
    const desktop = process.env.CW_DESKTOP_VSCODE === '1';
    let runError: unknown;
    try {
      await runTests({
        extensionDevelopmentPath: repoRoot,
        extensionTestsPath: path.join(repoRoot, 'out', 'test', 'e2e', 'inHost', 'index.js'),
        launchArgs: [makeWorkspace('inhost', { 'README.md': '# in-host tests\n' })],
        extensionTestsEnv: { CW_INHOST_RESULTS: resultsFile },
        ...(desktop ? {} : { vscodeExecutablePath: path.join(repoRoot, 'scripts', 'code-web') }),
      });
    } catch (err) {
      runError = err;
    }
    assert.ok(fs.existsSync(resultsFile), `the in-host runner wrote no results (${String(runError)})`);
    const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as InHostResult[];
    assert.ok(results.length > 0, 'the in-host suite ran no tests');
    for (const result of results) {
      await t.test(result.title, (sub) => {
        if (result.state === 'pending') {
          sub.skip('pending in the in-host suite');
          return;
        }
        assert.equal(result.state, 'passed', result.error);
      });
    }
    assert.equal(runError, undefined, `runTests failed: ${String(runError)}`);
  });
});
