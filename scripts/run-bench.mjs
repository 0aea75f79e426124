#!/usr/bin/env node
// Runs the benchmarks (`npm run bench`): builds the extension and compiles bench/, makes sure
// an engine is up (as scripts/run-tests.mjs does), runs every out/bench/*.bench.js in turn
// and prints the Markdown each one writes. Numbers only: nothing here passes or fails on a
// target; copy the sections into bench/RESULTS.md.
//
//   node scripts/run-bench.mjs                      every bench
//   node scripts/run-bench.mjs convert              the benches whose name contains "convert"
//   node scripts/run-bench.mjs convert -- --runs 3  arguments after -- go to each bench run
//
// Each bench's Markdown is also kept in bench/.work/results/<name>-<time>.md (git-ignored).
// The engine is stopped at the end only when this script started it.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildAll, engineUp, root } from './lib/rig.mjs';
const argv = process.argv.slice(2);
const dashes = argv.indexOf('--');
const filters = (dashes >= 0 ? argv.slice(0, dashes) : argv).filter((a) => !a.startsWith('-'));
const passThrough = dashes >= 0 ? argv.slice(dashes + 1) : [];

/** Runs one bench with its stdout shown and kept; resolves with its exit code. */
function runBench(file, resultFile) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file, ...passThrough], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    const kept = fs.createWriteStream(resultFile);
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      kept.write(chunk);
    });
    child.on('close', (code, signal) => kept.end(() => resolve(code ?? (signal ? 1 : 0))));
  });
}

const started = Date.now();
let engineDown = () => undefined;
const outcomes = [];
let exitCode = 0;
try {
  console.log('building the extension and compiling the benchmarks…');
  buildAll();

  const benchDir = path.join(root, 'out', 'bench');
  const files = (fs.existsSync(benchDir) ? fs.readdirSync(benchDir) : [])
    .filter((f) => f.endsWith('.bench.js') && (filters.length === 0 || filters.some((w) => f.includes(w))))
    .sort()
    .map((f) => path.join(benchDir, f));
  if (files.length === 0) {
    throw new Error(`no benchmarks${filters.length ? ` matching ${filters.join(', ')}` : ''} in out/bench`);
  }

  engineDown = engineUp();

  const resultsDir = path.join(root, 'bench', '.work', 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  for (const file of files) {
    const name = path.basename(file, '.bench.js');
    const resultFile = path.join(resultsDir, `${name}-${stamp}.md`);
    console.log(`\n=== ${name} (${path.relative(root, file)}) ===\n`);
    const benchStarted = Date.now();
    const code = await runBench(file, resultFile);
    outcomes.push({ name, code, seconds: Math.round((Date.now() - benchStarted) / 1000), resultFile });
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
