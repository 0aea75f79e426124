/**
 * The in-host suite's entry (extensionTestsPath): runs the mocha specs in ./suite inside
 * the extension host, with the real `vscode` API. It is started by @vscode/test-electron's
 * runTests (test/e2e/inHost.test.ts), on desktop VS Code or on the VS Code server here.
 * Each result is also written to CW_INHOST_RESULTS so the outer runner can count them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export interface InHostResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  error?: string;
  durationMs?: number;
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false });
  const suiteDir = path.join(__dirname, 'suite');
  for (const file of fs
    .readdirSync(suiteDir)
    .filter((f) => f.endsWith('.spec.js'))
    .sort()) {
    mocha.addFile(path.join(suiteDir, file));
  }
  const results: InHostResult[] = [];
  await new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const file = process.env.CW_INHOST_RESULTS;
      if (file) {
        fs.writeFileSync(file, JSON.stringify(results, null, 2));
      }
      if (failures > 0) {
        reject(new Error(`${failures} in-host test(s) failed`));
      } else {
        resolve();
      }
    });
    runner.on('pass', (test) => {
      results.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration });
      console.log(`  ✔ ${test.fullTitle()}`);
    });
    runner.on('fail', (test, err: Error) => {
      results.push({ title: test.fullTitle(), state: 'failed', error: err.stack ?? err.message });
      console.error(`  ✘ ${test.fullTitle()}: ${err.message}`);
    });
    runner.on('pending', (test) => {
      results.push({ title: test.fullTitle(), state: 'pending' });
    });
  });
}
