/**
 * "Build Image" on a folder of 20,000 small files whose .dockerignore leaves out most of
 * them (issue 12), printed as a Markdown section for bench/RESULTS.md. Numbers only.
 *
 * Two such folders, as projects have them: one that names what to leave out
 * (`node_modules`, `*.log`), one that names what to send (`*`, then `!src`, `!Dockerfile`:
 * the bundled templates' style). In each, 19,800 files under node_modules/ (100 folders of
 * 198) and 200 under src/. Ways, side by side, the order rotated every round, after one
 * unrecorded round (the first build makes the cached layers, so every measured build is
 * the same cache hit and the difference is the context):
 * - ours: createEngine() + engine.build(), as the Build Image command calls it (same
 *   labels, the builder it chooses: BuildKit where the engine has it), which packs the
 *   context with src/engine/buildContext.ts;
 * - docker: `docker build` of Debian's docker CLI on the same engine, with the builder ours
 *   chose (DOCKER_BUILDKIT=1 or 0; the first, unrecorded round runs ours first to know it).
 * Also: packing alone (our tar stream read to its end, nothing sent), and what each sends.
 *
 *   DOCKER_HOST=… node out/bench/buildContext.bench.js [--runs 7] [--files 20000]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { packBuildContext } from '../src/engine/buildContext';
import { createEngine } from '../src/engine/createEngine';
import { CONTEXT_LABEL, OWNER_LABEL, OWNER_VALUE, type BuilderKind } from '../src/engine/engine';
import { loadavg, millis, numArg, rotate, stats } from './lib/numbers';

const DOCKER_CLI = '/usr/bin/docker';
const say = (text: string) => process.stderr.write(`[buildContext.bench] ${text}\n`);

interface Layout {
  key: string;
  label: string;
  dockerignore: string;
}

const LAYOUTS: Layout[] = [
  { key: 'exclude', label: '`.dockerignore` names what to leave out (`node_modules`, `*.log`)', dockerignore: 'node_modules\n*.log\n' },
  { key: 'allow', label: '`.dockerignore` names what to send (`*`, `!src`, `!Dockerfile`)', dockerignore: '*\n!src\n!Dockerfile\n' },
];

/** The folder: 200 files under src/, the rest under node_modules/ in folders of 198. */
function makeContext(root: string, layout: Layout, files: number): string {
  const dir = path.join(root, layout.key);
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM debian:bookworm-slim\nCOPY src /src\n');
  fs.writeFileSync(path.join(dir, '.dockerignore'), layout.dockerignore);
  for (let i = 0; i < 200; i++) fs.writeFileSync(path.join(dir, 'src', `module${i}.js`), `export const n = ${i};\n`);
  for (let i = 0; i < files - 200; i++) {
    const folder = path.join(dir, 'node_modules', `package${Math.floor(i / 198)}`);
    if (i % 198 === 0) fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, `file${i % 198}.js`), `module.exports = ${i};\n`);
  }
  return dir;
}

async function packedBytes(dir: string): Promise<{ bytes: number; ms: number }> {
  const started = performance.now();
  let bytes = 0;
  for await (const chunk of packBuildContext(dir, 'Dockerfile')) bytes += (chunk as Buffer).length;
  return { bytes, ms: performance.now() - started };
}

async function main(): Promise<void> {
  const runs = numArg('runs', 7);
  const files = numArg('files', 20000);
  const engine = createEngine(undefined);
  const version = await engine.version();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-bench-context-'));
  const tags: string[] = [];
  let oursBuilder: BuilderKind | undefined;
  const lines = [
    `## Build context (issue 12) — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Docker ${version.version} at ${engine.endpoint.host}; ${spawnSync(DOCKER_CLI, ['--version'], { encoding: 'utf8' }).stdout.trim()} (Debian's CLI), BUILDER on both sides (the one ours chose); ${files} files a folder; ${runs} rounds after one unrecorded round. Load average at the start: ${loadavg()}.`,
    '',
    '| folder | ours: engine.build() | docker build | ours vs docker (target ≤ 1.2x) | packing alone (ours) | ours sends | docker sends |',
    '|---|---|---|---|---|---|---|',
  ];
  try {
    for (const layout of LAYOUTS) {
      const dir = makeContext(root, layout, files);
      const tag = `cw-bench/context-${layout.key}:latest`;
      tags.push(tag);
      const labels = { [OWNER_LABEL]: OWNER_VALUE, [CONTEXT_LABEL]: dir };
      const ways = {
        ours: async () => {
          const started = performance.now();
          await engine.build({ contextDir: dir, dockerfile: 'Dockerfile', tag, labels }, (event) => {
            if (event.kind === 'builder') oursBuilder = event.builder;
          });
          return performance.now() - started;
        },
        docker: async () => {
          const started = performance.now();
          const labelArgs = Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
          if (!oursBuilder) throw new Error('ours did not say which builder it used');
          const buildkit = oursBuilder === 'buildkit';
          const run = spawnSync(
            DOCKER_CLI,
            ['build', ...(buildkit ? ['--progress=plain'] : []), '-t', tag, ...labelArgs, '-f', 'Dockerfile', '.'],
            {
              cwd: dir,
              encoding: 'utf8',
              env: { ...process.env, DOCKER_BUILDKIT: buildkit ? '1' : '0' },
            },
          );
          if (run.status !== 0) throw new Error(`docker build failed:\n${run.stderr}`);
          const sent = buildkit
            ? [...run.stderr.matchAll(/transferring context: (\S+)/g)].pop() // the last: the first is .dockerignore's
            : /Sending build context to Docker daemon\s+(\S+)/.exec(run.stdout);
          dockerSent = sent?.[1] ?? '?';
          return performance.now() - started;
        },
      };
      let dockerSent = '?';
      const samples: Record<string, number[]> = { ours: [], docker: [] };
      for (let round = -1; round < runs; round++) {
        for (const way of rotate(['ours', 'docker'] as const, Math.max(round, 0))) {
          const ms = await ways[way]();
          if (round >= 0) samples[way].push(ms);
        }
        say(`${layout.key}: round ${round + 1} of ${runs}, load ${loadavg()}`);
      }
      const packs = [];
      for (let i = 0; i < 5; i++) packs.push(await packedBytes(dir));
      const ours = stats(samples.ours).median;
      const docker = stats(samples.docker).median;
      const ratio = ours / docker;
      lines.push(
        `| ${layout.label} | ${millis(ours)} (min ${millis(stats(samples.ours).min)}) | ${millis(docker)} (min ${millis(stats(samples.docker).min)}) | **${ratio.toFixed(2)}x**: ${ratio <= 1.2 ? 'met' : 'not met'} | ${millis(stats(packs.map((p) => p.ms)).median)} | ${(packs[0].bytes / 1024).toFixed(1)} kB | ${dockerSent} |`,
      );
    }
  } finally {
    for (const tag of tags) await engine.removeImage(tag, { force: true }).catch(() => undefined);
    fs.rmSync(root, { recursive: true, force: true });
  }
  lines[2] = lines[2].replace('BUILDER', oursBuilder === 'buildkit' ? 'BuildKit' : 'the classic builder');
  lines.push('', `Load average at the end: ${loadavg()}.`, '');
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
