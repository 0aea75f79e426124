/**
 * Benchmarks of the sidebar (issues 6 and 12), printed as a Markdown section for
 * bench/RESULTS.md. Numbers only: no target is asserted.
 *
 * 1. Listing into rows: N containers (created, not started) and N images (one `docker
 *    load`, lib/manyImages.ts) are added to the engine with a label of this run, then,
 *    several times, each view's way from the engine to its rows through the real code: the
 *    model's refresh() (the engine's list) and the tree provider's getChildren() (grouping,
 *    presentation, tree items; `vscode` stubbed). Removed at the end, also on failure.
 * 2. A container started outside the extension (Debian's docker CLI, `docker run -d`)
 *    until its row is in the visible Containers tree: the real event hub, refresh manager
 *    (a reload on the first event), model and tree provider, the views reported visible. Timed from the
 *    engine's own "start" event; with the N containers and images still there.
 * (activate() and the bundle's size: bundle.bench.ts.)
 *
 *   DOCKER_HOST=… node out/bench/containers.bench.js [--containers 1000] [--images 1000] [--runs 20] [--latency-runs 7]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type Docker from 'dockerode';
import { loadavg, ms1, numArg, stats } from './lib/numbers';
import { loadManyImages, removeImagesLabelled } from './lib/manyImages';
import { installVscodeStub } from '../test/support/vscodeStub';
import type * as CreateEngineModule from '../src/engine/createEngine';
import type * as EngineMonitorModule from '../src/engine/engineMonitor';
import type * as EventHubModule from '../src/engine/eventHub';
import type * as SidebarModelsModule from '../src/views/sidebarModels';
import type * as ContainersTreeModule from '../src/views/containersTree';
import type { ContainerNode } from '../src/views/containersTree';
import type * as ImagesTreeModule from '../src/views/imagesTree';
import type * as ContainerFilesRegistryModule from '../src/files/containerFilesRegistry';
import type * as DockerodeOptionsModule from '../src/engine/dockerodeOptions';

installVscodeStub();

/* eslint-disable @typescript-eslint/no-require-imports -- loaded after the stub is in place */
const { createEngine } = require('../src/engine/createEngine') as typeof CreateEngineModule;
const { EngineMonitor } = require('../src/engine/engineMonitor') as typeof EngineMonitorModule;
const { EngineEventHub } = require('../src/engine/eventHub') as typeof EventHubModule;
const { createSidebarModels } = require('../src/views/sidebarModels') as typeof SidebarModelsModule;
const { ContainersTreeProvider, ContainerGroupNode } = require('../src/views/containersTree') as typeof ContainersTreeModule;
const { ImagesTreeProvider } = require('../src/views/imagesTree') as typeof ImagesTreeModule;
const { ContainerFilesRegistry } = require('../src/files/containerFilesRegistry') as typeof ContainerFilesRegistryModule;
const { toDockerodeOptions } = require('../src/engine/dockerodeOptions') as typeof DockerodeOptionsModule;
const DockerClass = require('dockerode') as typeof Docker;
/* eslint-enable @typescript-eslint/no-require-imports */

const BENCH_LABEL = 'dev.container-workflows.bench-run';
const runId = `${process.pid}-${Date.now()}`;
const DOCKER_CLI = '/usr/bin/docker';
const say = (text: string) => process.stderr.write(`[containers.bench] ${text}\n`);

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) {
    await Promise.all(items.slice(i, i + size).map(work));
  }
}

function sidebar() {
  const monitor = new EngineMonitor(() => createEngine(undefined));
  const events = new EngineEventHub(() => monitor.engine);
  const models = createSidebarModels(monitor, events);
  const containersTree = new ContainersTreeProvider(models.containers, () => 'all', new ContainerFilesRegistry(() => monitor.engine.api));
  const imagesTree = new ImagesTreeProvider(models.images, () => false);
  return {
    monitor,
    events,
    models,
    containersTree,
    imagesTree,
    dispose() {
      containersTree.dispose();
      imagesTree.dispose();
      models.dispose();
      monitor.dispose();
    },
  };
}

type Sidebar = ReturnType<typeof sidebar>;

/** Every row of the Containers tree, groups opened. */
async function containerRows(side: Sidebar): Promise<InstanceType<typeof ContainerNode>[]> {
  const groups = await side.containersTree.getChildren();
  const rows: InstanceType<typeof ContainerNode>[] = [];
  for (const group of groups) {
    if (group instanceof ContainerGroupNode)
      rows.push(...((await side.containersTree.getChildren(group)) as InstanceType<typeof ContainerNode>[]));
  }
  return rows;
}

async function benchList(side: Sidebar, docker: Docker, runs: number): Promise<string[]> {
  const samples = {
    cRaw: [] as number[],
    cList: [] as number[],
    cRows: [] as number[],
    iRaw: [] as number[],
    iList: [] as number[],
    iRows: [] as number[],
  };
  let containerCount = 0;
  let imageCount = 0;
  for (let run = -2; run < runs; run++) {
    const t0 = performance.now();
    await side.models.containers.refresh();
    const t1 = performance.now();
    const rows = await containerRows(side);
    const t2 = performance.now();
    await side.models.images.refresh();
    const t3 = performance.now();
    const images = await side.imagesTree.getChildren();
    const t4 = performance.now();
    // The engine's own answer, without the extension: the same requests through dockerode.
    await docker.listContainers({ all: true });
    const t5 = performance.now();
    await docker.listImages();
    const t6 = performance.now();
    if (run < 0) continue; // warm-up: JIT and the engine's caches
    samples.cRaw.push(t5 - t4);
    samples.iRaw.push(t6 - t5);
    samples.cList.push(t1 - t0);
    samples.cRows.push(t2 - t1);
    samples.iList.push(t3 - t2);
    samples.iRows.push(t4 - t3);
    containerCount = rows.length;
    imageCount = images.length;
  }
  // A run whose reload could not be told apart (another refresh overlapped it) has NaN steps: left out.
  const row = (label: string, values: number[], bold = false) => {
    const s = stats(values.filter(Number.isFinite));
    const b = bold ? '**' : '';
    return `| ${label} | ${b}${ms1(s.median)}${b} | ${ms1(s.p90)} | ${ms1(s.min)} | ${ms1(s.max)} |`;
  };
  const sum = (a: number[], b: number[]) => a.map((v, i) => v + b[i]);
  return [
    `The Containers view made ${containerCount} rows and the Images view ${imageCount} (others on the engine included).`,
    '',
    `| step (${runs} runs after 2 warm-ups) | median | p90 | min | max |`,
    '|---|---|---|---|---|',
    row("containers: the engine's answer alone (dockerode `listContainers({ all: true })`, for comparison)", samples.cRaw),
    row('containers: model refresh (`listContainers({ all: true })`)', samples.cList),
    row('containers: rows (grouping, presentation, tree items)', samples.cRows),
    row(`**containers total** (target ≤ 150 ms)`, sum(samples.cList, samples.cRows), true),
    row("images: the engine's answer alone (dockerode `listImages()`, for comparison)", samples.iRaw),
    row('images: model refresh (`listImages`)', samples.iList),
    row('images: rows', samples.iRows),
    row(`**images total** (target ≤ 150 ms)`, sum(samples.iList, samples.iRows), true),
  ];
}

/** From the engine's "start" event of a container started with the docker CLI to its row in the visible tree. */
async function benchAppears(side: Sidebar, docker: Docker, runs: number): Promise<string[]> {
  const refreshes: { started: number; ended: number }[] = [];
  const model = side.models.containers;
  const refresh = model.refresh.bind(model);
  model.refresh = async () => {
    const entry = { started: Date.now(), ended: 0 };
    refreshes.push(entry);
    await refresh();
    entry.ended = Date.now();
  };
  const starts = new Map<string, number>();
  const seenByHub = new Map<string, number>();
  // A second subscriber of the same hub (one stream): when the event reached the extension.
  const subscription = side.events.subscribe((event) => {
    if (event.type === 'container' && event.action === 'start') seenByHub.set(event.id, Date.now());
  });
  const engineEvents = await docker.getEvents({
    filters: { type: ['container'], event: ['start'], label: [`${BENCH_LABEL}=${runId}`] },
  });
  engineEvents.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      const e = JSON.parse(line) as { id: string; timeNano: number };
      starts.set(e.id, e.timeNano / 1e6);
    }
  });
  side.models.refresher.setVisible('containers', true);
  side.models.refresher.setVisible('images', true);
  await new Promise((r) => setTimeout(r, 1500)); // the first loads and the stream are up
  const rows: Record<string, number[]> = { hub: [], debounce: [], list: [], rows: [], total: [] };
  try {
    for (let run = -1; run < runs; run++) {
      const appeared = new Promise<{ id: string; at: number }>((resolve) => {
        const sub = side.containersTree.onDidChangeTreeData(async () => {
          const found = (await containerRows(side)).find(
            (r) => r.view.container.labels[BENCH_LABEL] === runId && r.view.container.state === 'running',
          );
          if (found) {
            sub.dispose();
            resolve({ id: found.view.container.id, at: Date.now() });
          }
        });
      });
      const started = spawnSync(DOCKER_CLI, ['run', '-d', '--label', `${BENCH_LABEL}=${runId}`, 'debian:bookworm-slim', 'sleep', '60'], {
        encoding: 'utf8',
      });
      if (started.status !== 0) throw new Error(`docker run failed: ${started.stderr}`);
      const { id, at } = await appeared;
      const start = starts.get(id) ?? NaN;
      const hub = seenByHub.get(id) ?? NaN;
      const refreshed = refreshes.find((r) => r.started >= hub && r.ended <= at) ?? { started: NaN, ended: NaN };
      if (run >= 0) {
        rows.hub.push(hub - start);
        rows.debounce.push(refreshed.started - hub);
        rows.list.push(refreshed.ended - refreshed.started);
        rows.rows.push(at - refreshed.ended);
        rows.total.push(at - start);
      }
      spawnSync(DOCKER_CLI, ['rm', '-f', id], { stdio: 'ignore' });
      await new Promise((r) => setTimeout(r, 1500)); // the removal's own refresh is over
      say(`appears: run ${run + 1} of ${runs}: ${Math.round(at - start)} ms, load ${loadavg()}`);
    }
  } finally {
    subscription.dispose();
    (engineEvents as unknown as { destroy(): void }).destroy();
    side.models.refresher.setVisible('containers', false);
    side.models.refresher.setVisible('images', false);
  }
  // A run whose reload could not be told apart (another refresh overlapped it) has NaN steps: left out.
  const row = (label: string, values: number[], bold = false) => {
    const s = stats(values.filter(Number.isFinite));
    const b = bold ? '**' : '';
    return `| ${label} | ${b}${ms1(s.median)}${b} | ${ms1(s.min)} | ${ms1(s.max)} |`;
  };
  return [
    `| step (${runs} runs after 1 warm-up) | median | min | max |`,
    '|---|---|---|---|',
    row("engine's start event → the event hub has it", rows.hub),
    row('→ the refresh manager starts the reload (at once on a first event)', rows.debounce),
    row('→ the model has the list (`listContainers`)', rows.list),
    row('→ the row is in the tree (change event, getChildren)', rows.rows),
    row('**start → row visible** (target ≤ 500 ms)', rows.total, true),
  ];
}

async function main(): Promise<void> {
  const count = numArg('containers', 1000);
  const imageCount = numArg('images', 1000);
  const runs = numArg('runs', 20);
  const latencyRuns = numArg('latency-runs', 7);
  const engine = createEngine(undefined);
  const version = await engine.version();
  const docker = new DockerClass(toDockerodeOptions(engine.endpoint, (p) => fs.readFileSync(p), process.env));
  const label = `${BENCH_LABEL}=${runId}`;
  const side = sidebar();
  const lines = [`## Sidebar (issues 6 and 12) — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`, ''];
  try {
    const made = performance.now();
    await inBatches([...Array(count).keys()], 16, (i) =>
      engine.create({ image: 'debian:bookworm-slim', name: `cw-bench-${runId}-${i}`, args: ['true'], labels: { [BENCH_LABEL]: runId } }),
    );
    await loadManyImages(docker, imageCount, `cw-bench/many-${process.pid}`, { [BENCH_LABEL]: runId });
    say(`${count} containers and ${imageCount} images made in ${((performance.now() - made) / 1000).toFixed(1)} s`);
    lines.push(
      `Engine: Docker ${version.version} at ${engine.endpoint.host}; ${count} containers (created, not started) and ${imageCount} images (one \`docker load\`) added for the run. Load average at the start: ${loadavg()}.`,
      '',
      `### Listing ${count} containers and ${imageCount} images into rows`,
      '',
      ...(await benchList(side, docker, runs)),
      '',
      '### A container started outside the extension, until its row shows',
      '',
      ...(await benchAppears(side, docker, latencyRuns)),
      '',
    );
  } finally {
    side.dispose();
    const mine = await engine.listContainers({ all: true, label });
    await inBatches(mine, 16, (c) => engine.remove(c.id, { force: true }));
    await removeImagesLabelled(docker, label).catch((err: Error) => say(`could not prune the images: ${err.message}`));
  }
  lines.push(`Load average at the end: ${loadavg()}.`, '');
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
