/**
 * Benchmarks of the Containers sidebar (issue 6), printed as a Markdown section for
 * bench/RESULTS.md. Numbers only: no target is asserted.
 *
 * 1. Listing 300 containers into tree items. 300 containers are created (not started) on
 *    the test engine with a label of this run, then, several times: the engine's list
 *    (all containers, as the view asks), grouping and presentation (groupContainers), and
 *    the tree items themselves (ContainerGroupNode / ContainerNode with a stubbed `vscode`).
 *    The containers are removed at the end, also on failure.
 * 2. activate(): bench/activateProbe.js in fresh processes; `require` of dist/extension.js
 *    and the activate() call, timed apart.
 *
 *   DOCKER_HOST=… node out/bench/containers.bench.js [--containers 300] [--runs 20]
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type * as CreateEngineModule from '../src/engine/createEngine';
import type * as ContainerPresentationModule from '../src/views/containerPresentation';
import type * as ContainersTreeModule from '../src/views/containersTree';
import { installVscodeStub } from './vscodeStub';

installVscodeStub();

/* eslint-disable @typescript-eslint/no-require-imports -- loaded after the stub is in place */
const { createEngine } = require('../src/engine/createEngine') as typeof CreateEngineModule;
const { groupContainers } = require('../src/views/containerPresentation') as typeof ContainerPresentationModule;
const { ContainerGroupNode } = require('../src/views/containersTree') as typeof ContainersTreeModule;
/* eslint-enable @typescript-eslint/no-require-imports */

const BENCH_LABEL = 'dev.container-workflows.bench-run';
const runId = `${process.pid}-${Date.now()}`;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function stats(values: number[]): { median: number; p90: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p90: at(0.9), min: sorted[0], max: sorted[sorted.length - 1] };
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) {
    await Promise.all(items.slice(i, i + size).map(work));
  }
}

async function benchList(count: number, runs: number): Promise<string[]> {
  const engine = createEngine(undefined);
  const version = await engine.version();
  const label = `${BENCH_LABEL}=${runId}`;
  const created = performance.now();
  try {
    await inBatches([...Array(count).keys()], 16, (i) =>
      engine.create({ image: 'debian:bookworm-slim', name: `cw-bench-${runId}-${i}`, args: ['true'], labels: { [BENCH_LABEL]: runId } }),
    );
    const createSeconds = (performance.now() - created) / 1000;
    const list: number[] = [];
    const map: number[] = [];
    const total: number[] = [];
    let listed = 0;
    let rows = 0;
    for (let run = -2; run < runs; run++) {
      const t0 = performance.now();
      const containers = await engine.listContainers({ all: true });
      const t1 = performance.now();
      const groups = groupContainers(containers, 'all').map((g) => new ContainerGroupNode(g));
      const t2 = performance.now();
      if (run < 0) continue; // warm-up: JIT and the engine's caches
      list.push(t1 - t0);
      map.push(t2 - t1);
      total.push(t2 - t0);
      listed = containers.length;
      rows = groups.reduce((n, g) => n + g.children.length, 0);
    }
    const mine = (await engine.listContainers({ all: true, label })).length;
    const [l, m, t] = [stats(list), stats(map), stats(total)];
    return [
      `Engine: Docker ${version.version} at ${engine.endpoint.host}; ${mine} containers created (not started) for the run in ${createSeconds.toFixed(1)} s; the view's list returned ${listed} containers (others on the engine included) and made ${rows} rows.`,
      '',
      `| step (${runs} runs after 2 warm-ups) | median | p90 | min | max |`,
      '|---|---|---|---|---|',
      `| engine list (\`listContainers({ all: true })\`) | ${ms(l.median)} | ${ms(l.p90)} | ${ms(l.min)} | ${ms(l.max)} |`,
      `| grouping + presentation + tree items | ${ms(m.median)} | ${ms(m.p90)} | ${ms(m.min)} | ${ms(m.max)} |`,
      `| **total** (target < 150 ms) | **${ms(t.median)}** | ${ms(t.p90)} | ${ms(t.min)} | ${ms(t.max)} |`,
    ];
  } finally {
    const mine = await engine.listContainers({ all: true, label });
    await inBatches(mine, 16, (c) => engine.remove(c.id, { force: true }));
  }
}

function benchActivate(runs: number): string[] {
  const probe = path.join(__dirname, 'activateProbe.js');
  const samples: { requireMs: number; activateMs: number }[] = [];
  for (let i = -1; i < runs; i++) {
    const out = execFileSync(process.execPath, [probe], { encoding: 'utf8' });
    if (i >= 0) samples.push(JSON.parse(out.trim().split('\n').pop()!) as { requireMs: number; activateMs: number });
  }
  const r = stats(samples.map((s) => s.requireMs));
  const a = stats(samples.map((s) => s.activateMs));
  const t = stats(samples.map((s) => s.requireMs + s.activateMs));
  return [
    `Each sample is a fresh \`node\` process (${process.version}) with the \`vscode\` stub of bench/vscodeStub.ts; ${runs} samples after 1 warm-up (disk cache).`,
    '',
    '| step | median | p90 | min | max |',
    '|---|---|---|---|---|',
    `| \`require('dist/extension.js')\` (module load) | ${ms(r.median)} | ${ms(r.p90)} | ${ms(r.min)} | ${ms(r.max)} |`,
    `| \`activate(context)\` call (target < 30 ms) | **${ms(a.median)}** | ${ms(a.p90)} | ${ms(a.min)} | ${ms(a.max)} |`,
    `| both | ${ms(t.median)} | ${ms(t.p90)} | ${ms(t.min)} | ${ms(t.max)} |`,
  ];
}

async function main(): Promise<void> {
  const count = arg('containers', 300);
  const runs = arg('runs', 20);
  const lines = [
    `## Containers sidebar (issue 6) — ${new Date().toISOString().slice(0, 10)}`,
    '',
    `### Listing ${count} containers into tree items`,
    '',
    ...(await benchList(count, runs)),
    '',
    '### activate()',
    '',
    ...benchActivate(runs),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
