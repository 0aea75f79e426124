#!/usr/bin/env node
// Runs the test tiers and ends with one closing line CI can read:
//   "N passed, N failed, N skipped (unit …, integration …, e2e …)"
//
//   node scripts/run-tests.mjs              all tiers
//   node scripts/run-tests.mjs unit e2e     some tiers
//
// lint         ESLint (zero warnings) and prettier --check; runs before the unit tier
//              (not when CW_TEST_ONLY narrows the files) and counts as one test
// unit         no engine, no VS Code (DOCKER_HOST is removed to prove it)
// integration  a real dockerd: the one at DOCKER_HOST / the default socket, else a private
//              one that scripts/engine.sh starts here and stops at the end
// e2e          the extension in a real VS Code (code-server's server + Debian's chromium)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { buildAll, engineUp, root, sh } from './lib/rig.mjs';
const allTiers = ['unit', 'integration', 'e2e'];
const tiers = process.argv.slice(2).filter((t) => !t.startsWith('-'));
const selected = tiers.length ? tiers : allTiers;
const lintSelected = selected.includes('lint') || (selected.includes('unit') && !process.env.CW_TEST_ONLY);
const onlyPattern = process.env.CW_TEST_ONLY ? new RegExp(process.env.CW_TEST_ONLY) : undefined;
for (const t of selected) {
  if (!allTiers.includes(t) && t !== 'lint') {
    console.error(`unknown tier ${t}; use ${allTiers.join(', ')}`);
    process.exit(2);
  }
}

function testFiles(dir) {
  const out = [];
  const walk = (d) => {
    if (!fs.existsSync(d)) return;
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.test.js') && (!onlyPattern || onlyPattern.test(p))) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

const totals = {};

/** ESLint with no warnings allowed, then Prettier's check: one test named "lint" that fails the run on any finding. */
function runLint() {
  console.log('\n=== lint: eslint, prettier --check ===');
  const bin = (name) => path.join(root, 'node_modules', '.bin', name);
  const steps = [
    [bin('eslint'), ['--max-warnings', '0', '.']],
    [bin('prettier'), ['--check', '--log-level', 'warn', '.']],
  ];
  const failed = steps.filter(([cmd, args]) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status !== 0);
  totals.lint = { passed: failed.length === 0 ? 1 : 0, failed: failed.length === 0 ? 0 : 1, skipped: 0 };
  console.log(failed.length === 0 ? '✔ lint' : `✖ lint: ${failed.map(([cmd]) => path.basename(cmd)).join(' and ')} found problems`);
}
async function runTier(tier, options) {
  const files = testFiles(path.join(root, 'out', 'test', tier));
  totals[tier] = { passed: 0, failed: 0, skipped: 0 };
  console.log(`\n=== ${tier}: ${files.length} files ===`);
  if (files.length === 0) {
    totals[tier].failed++;
    console.log(`no ${tier} tests found: that is a failure, not a pass`);
    return;
  }
  const stream = run({ files, concurrency: options.concurrency ?? 1, timeout: options.timeout });
  stream.on('test:pass', (data) => {
    if (data.details?.type === 'suite') return;
    if (data.skip || data.todo) totals[tier].skipped++;
    else totals[tier].passed++;
  });
  stream.on('test:fail', (data) => {
    if (data.details?.type === 'suite' && !isFileLevelFailure(data)) return;
    totals[tier].failed++;
  });
  await new Promise((resolve, reject) => {
    const out = stream.compose(spec);
    out.on('data', (chunk) => process.stdout.write(chunk));
    out.on('end', resolve);
    out.on('error', reject);
  });
}

// A file that crashes before its tests run reports a failure at nesting 0 without a
// failing leaf; count it so a broken file can never look green.
function isFileLevelFailure(data) {
  return data.nesting === 0 && data.details?.error?.failureType !== 'subtestsFailed';
}

const started = Date.now();
let engineDown = () => undefined;
let exitCode = 0;
try {
  if (selected.some((t) => allTiers.includes(t))) {
    console.log('building the extension and compiling the tests…');
    buildAll();
  }

  if (lintSelected) {
    runLint();
  } else if (selected.includes('unit')) {
    console.log('\nlint: not run while CW_TEST_ONLY narrows the files (node scripts/run-tests.mjs lint runs it)');
  }

  if (selected.includes('unit')) {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'unix:///nonexistent/unit-tests-must-not-use-an-engine.sock';
    await runTier('unit', { concurrency: 2, timeout: 60_000 });
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  }

  if (selected.includes('integration') || selected.includes('e2e')) {
    engineDown = engineUp();
  }

  if (selected.includes('integration')) {
    await runTier('integration', { concurrency: 1, timeout: 15 * 60_000 });
  }

  if (selected.includes('e2e')) {
    sh('bash', ['scripts/vscode-server.sh', 'install'], { stdio: ['ignore', 'inherit', 'inherit'] });
    await runTier('e2e', { concurrency: 1, timeout: 10 * 60_000 });
  }
} catch (err) {
  console.error(`\nthe test run could not complete: ${err.message}`);
  exitCode = 1;
} finally {
  engineDown();
}

const sum = (k) => Object.values(totals).reduce((n, t) => n + t[k], 0);
const perTier = Object.entries(totals)
  .map(([tier, t]) => `${tier} ${t.passed}/${t.failed}/${t.skipped}`)
  .join(', ');
const failed = sum('failed') + exitCode;
console.log(`\ntook ${Math.round((Date.now() - started) / 1000)} s; per tier passed/failed/skipped: ${perTier || 'none run'}`);
console.log(`${sum('passed')} passed, ${failed} failed, ${sum('skipped')} skipped`);
process.exit(failed > 0 ? 1 : 0);
