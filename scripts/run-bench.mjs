#!/usr/bin/env node
// Runs the benchmarks (`npm run bench`): builds the extension and compiles bench/, makes sure
// an engine is up (as scripts/run-tests.mjs does), packages the .vsix (its size is a figure the
// bundle bench reports), runs every out/bench/*.bench.js in turn, then the click-to-playing e2e
// spec (a real VS Code: its breakdown lines are the figure), and prints the Markdown of each.
// Numbers only: nothing here passes or fails on a target; copy the sections into bench/RESULTS.md.
//
//   node scripts/run-bench.mjs                      every bench
//   node scripts/run-bench.mjs convert              the benches whose name contains "convert"
//   node scripts/run-bench.mjs clickToPlaying       the click-to-playing e2e alone
//   node scripts/run-bench.mjs convert -- --runs 3  arguments after -- go to each bench run
//
// Each bench's Markdown is also kept in bench/.work/results/<name>-<time>.md (git-ignored).
// The engine is stopped at the end only when this script started it.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildAll, engineUp, root, sh } from './lib/rig.mjs';
const argv = process.argv.slice(2);
const dashes = argv.indexOf('--');
const filters = (dashes >= 0 ? argv.slice(0, dashes) : argv).filter((a) => !a.startsWith('-'));
const passThrough = dashes >= 0 ? argv.slice(dashes + 1) : [];

/**
 * Runs one step with its stdout shown; keeps the lines `keep` returns (all, for a bench: its
 * stdout is its Markdown) in `resultFile`; resolves with its exit code.
 */
function runStep(command, args, resultFile, { env = process.env, keep = (line) => line } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env });
    const kept = fs.createWriteStream(resultFile);
    let partial = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop();
      for (const line of lines) {
        const k = keep(line);
        if (k !== undefined) kept.write(`${k}\n`);
      }
    });
    child.on('close', (code, signal) => {
      const k = partial ? keep(partial) : undefined;
      if (k !== undefined) kept.write(`${k}\n`);
      kept.end(() => resolve(code ?? (signal ? 1 : 0)));
    });
  });
}

const CLICK_TO_PLAYING = 'clickToPlaying';
const wanted = (name) => filters.length === 0 || filters.some((w) => name.includes(w));

const started = Date.now();
let engineDown = () => undefined;
const outcomes = [];
let exitCode = 0;
try {
  console.log('building the extension and compiling the benchmarks…');
  buildAll();

  const benchDir = path.join(root, 'out', 'bench');
  const files = (fs.existsSync(benchDir) ? fs.readdirSync(benchDir) : [])
    .filter((f) => f.endsWith('.bench.js') && wanted(f))
    .sort()
    .map((f) => path.join(benchDir, f));
  const withClick = wanted(CLICK_TO_PLAYING);
  if (files.length === 0 && !withClick) {
    throw new Error(`no benchmarks${filters.length ? ` matching ${filters.join(', ')}` : ''} in out/bench`);
  }

  engineDown = engineUp();

  const resultsDir = path.join(root, 'bench', '.work', 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  if (files.some((f) => f.includes('bundle'))) {
    // The bundle bench reports the size of the .vsix `npm run package` last wrote: write it now.
    console.log('\npackaging the .vsix…');
    sh('npm', ['run', 'package', '--silent']);
  }
  for (const file of files) {
    const name = path.basename(file, '.bench.js');
    const resultFile = path.join(resultsDir, `${name}-${stamp}.md`);
    console.log(`\n=== ${name} (${path.relative(root, file)}) ===\n`);
    const benchStarted = Date.now();
    const code = await runStep(process.execPath, [file, ...passThrough], resultFile);
    outcomes.push({ name, code, seconds: Math.round((Date.now() - benchStarted) / 1000), resultFile });
    if (code !== 0) exitCode = 1;
  }
  if (withClick) {
    // Click to playing is measured where a person sees it: the e2e spec in a real VS Code prints
    // one breakdown line a run and their medians (lines starting "# "); those are its Markdown.
    console.log(`\n=== ${CLICK_TO_PLAYING} (test/e2e/clickToPlaying.test.ts, a real VS Code) ===\n`);
    sh('bash', ['scripts/vscode-server.sh', 'install']);
    sh('bash', ['-c', 'source scripts/lib/test-packages.sh && test_packages']);
    const resultFile = path.join(resultsDir, `${CLICK_TO_PLAYING}-${stamp}.md`);
    const benchStarted = Date.now();
    const load = () =>
      os
        .loadavg()
        .map((n) => n.toFixed(2))
        .join(', ');
    const loadBefore = load();
    const code = await runStep(process.execPath, ['scripts/run-tests.mjs', 'e2e'], resultFile, {
      env: { ...process.env, CW_TEST_ONLY: 'e2e/clickToPlaying' },
      keep: (line) => (line.startsWith('# ') ? `- ${line.slice(2)}` : undefined),
    });
    fs.appendFileSync(resultFile, `- load average at the start: ${loadBefore}; at the end: ${load()}\n`);
    outcomes.push({ name: CLICK_TO_PLAYING, code, seconds: Math.round((Date.now() - benchStarted) / 1000), resultFile });
    if (code !== 0) exitCode = 1;
  }
} catch (err) {
  console.error(`\nthe benchmark run could not complete: ${err.message}`);
  exitCode = 1;
} finally {
  engineDown();
}

console.log(`\ntook ${Math.round((Date.now() - started) / 1000)} s`);
for (const o of outcomes) {
  console.log(
    `${o.name}: ${o.code === 0 ? 'done' : `failed (exit ${o.code})`} in ${o.seconds} s; Markdown kept in ${path.relative(root, o.resultFile)}`,
  );
}
process.exit(exitCode);
