/**
 * The production bundle (issue 12): sizes, and how long VS Code's `require` of
 * dist/extension.js takes, the engine client split out (dist/vendor/, loaded on first
 * engine use) against the same sources built as one bundle, side by side, interleaved
 * (A B A B …) in fresh processes (bench/activateProbe.js). Numbers only: no target is
 * asserted. The .vsix is the one `npm run package` last wrote, if any.
 *
 *   node out/bench/bundle.bench.js [--runs 21]
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Metafile, activationSet } from '../test/support/bundleParts';
import { loadavg, ms1, numArg, stats } from './lib/numbers';

const repoRoot = path.resolve(__dirname, '..', '..');
const work = path.join(repoRoot, 'bench', '.work', 'bundle');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const sizeOf = (file: string) => fs.statSync(file).size;

interface Probe {
  requireMs: number;
  activateMs: number;
  vendorLoaded: number;
}

function build(name: string, extra: string[]): string {
  const outdir = path.join(work, name);
  fs.rmSync(outdir, { recursive: true, force: true });
  execFileSync(process.execPath, ['esbuild.js', '--production', `--outdir=${outdir}`, ...extra], { cwd: repoRoot, stdio: 'inherit' });
  return outdir;
}

function probe(bundle: string): Probe {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'activateProbe.js'), bundle], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as Probe;
}

function main(): void {
  const runs = numArg('runs', 21);
  const loadBefore = loadavg();
  const metafilePath = path.join(work, 'split-meta.json');
  fs.mkdirSync(work, { recursive: true });
  const ways = { split: build('split', [`--metafile=${metafilePath}`]), 'one bundle': build('one', ['--one-bundle']) };
  const atActivation = activationSet(JSON.parse(fs.readFileSync(metafilePath, 'utf8')) as Metafile);
  const activationFiles = atActivation.files.map((f) => path.basename(f));
  const activationBytes = activationFiles.reduce((sum, f) => sum + sizeOf(path.join(ways.split, f)), 0);
  const lateParts = atActivation.loadedOnFirstUse.map((f) => f.replace(/^\.\//, ''));
  const samples: Record<string, Probe[]> = { split: [], 'one bundle': [] };
  for (let round = -1; round < runs; round++) {
    const order = round % 2 ? (['split', 'one bundle'] as const) : (['one bundle', 'split'] as const);
    for (const way of order) {
      const result = probe(path.join(ways[way], 'extension.js'));
      if (round >= 0) samples[way].push(result);
    }
  }
  const split = ways.split;
  const vendor = fs.readdirSync(path.join(split, 'vendor')).filter((f) => f.endsWith('.js'));
  const vsix = path.join(repoRoot, 'dist', 'container-workflows.vsix');
  const lines = [
    `## Bundle (issue 12) — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Production builds (\`node esbuild.js --production\`) of this checkout into bench/.work/bundle/; node ${process.version}; the \`vscode\` stub of test/support/vscodeStub.ts; ${runs} rounds after 1 warm-up, the two builds interleaved. Load average at the start: ${loadBefore}; at the end: ${loadavg()}.`,
    '',
    '| file | split | one bundle |',
    '|---|---|---|',
    `| extension.js | ${kb(sizeOf(path.join(split, 'extension.js')))} | ${kb(sizeOf(path.join(ways['one bundle'], 'extension.js')))} |`,
    `| what activation loads: extension.js + the ${activationFiles.length - 1} chunks it imports (target ≤ 150 KB) | **${kb(activationBytes)}** | ${kb(sizeOf(path.join(ways['one bundle'], 'extension.js')))} |`,
    ...lateParts.map((f) => `| ${f} (on first use) | ${kb(sizeOf(path.join(split, f)))} | (inside) |`),
    `| cli.js | ${kb(sizeOf(path.join(split, 'cli.js')))} | ${kb(sizeOf(path.join(ways['one bundle'], 'cli.js')))} |`,
    ...vendor.map((f) => `| vendor/${f} (on first engine use) | ${kb(sizeOf(path.join(split, 'vendor', f)))} | (inside) |`),
    `| webview.js | ${kb(sizeOf(path.join(split, 'webview.js')))} | ${kb(sizeOf(path.join(ways['one bundle'], 'webview.js')))} |`,
    '',
    fs.existsSync(vsix)
      ? `The .vsix \`npm run package\` last wrote (${fs.statSync(vsix).mtime.toISOString().slice(0, 16).replace('T', ' ')} UTC): ${kb(sizeOf(vsix))}.`
      : 'No .vsix in dist/ (run `npm run package`, or the vsix e2e test, for its size).',
    '',
    '| step | split: median | p90 | min | one bundle: median | p90 | min |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const [label, key] of [
    ['`require(extension.js)` (module load; target ≤ 25 ms)', 'requireMs'],
    ['`activate(context)` call', 'activateMs'],
  ] as const) {
    const a = stats(samples.split.map((s) => s[key]));
    const b = stats(samples['one bundle'].map((s) => s[key]));
    lines.push(`| ${label} | **${ms1(a.median)}** | ${ms1(a.p90)} | ${ms1(a.min)} | ${ms1(b.median)} | ${ms1(b.p90)} | ${ms1(b.min)} |`);
  }
  const vendorAtActivation = Math.max(...samples.split.map((s) => s.vendorLoaded));
  lines.push(
    '',
    `Engine client loaded by require + activate() of the split build: ${vendorAtActivation === 0 ? 'no (it loads when activate()’s background engine check first runs)' : `yes, ${vendorAtActivation} file(s)`}.`,
    '',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
