/**
 * Pull and push of a big image through the extension's engine layer
 * (ContainerEngine.pull/push, src/engine/dockerodeTransfer.ts) against the docker CLI, same engine, same kind of
 * registry (Debian's docker-registry on 127.0.0.1, test/support/registry.ts). Printed as a
 * Markdown section for bench/RESULTS.md; no target is asserted (issue 13's is ≤ 1.1× wall).
 *
 * Every run starts two empty registries, so each push really uploads every layer (a
 * registry that has the blobs answers "Layer already exists"); each pull starts with the
 * image removed locally, so it really downloads. Which side goes first alternates by run
 * (A B, B A, …). The image is built with the classic builder: BuildKit's cache keeps a
 * removed image's layers, and a pull then finds them "already exists" and downloads
 * nothing. Every pull is checked to have downloaded the payload layer (ours from the
 * engine's progress, the CLI's from its own output), so neither side can be free.
 * Everything is removed at the end: the images by this run's label, the registries.
 *
 *   DOCKER_HOST=… node out/bench/registry.bench.js [--mb 250] [--runs 5]
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEngine } from '../src/engine/createEngine';
import type { ContainerEngine } from '../src/engine/engine';
import type { TransferSnapshot } from '../src/engine/registry/transferProgress';
import type { ImageTransfer } from '../src/engine/registry/transferTypes';
import { TestRegistry } from '../test/support/registry';

const BENCH_LABEL = 'dev.container-workflows.bench-run';
const runId = `${process.pid}-${Date.now()}`;
const USER = 'bench';
const PASSWORD = `bench-${runId}`;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The docker CLI, with a config of its own holding the bench user's auth for `registry`; resolves with its stdout. */
function dockerCli(args: string[], configDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DOCKER_CONFIG: configDir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`docker ${args.join(' ')} failed (${code}): ${stderr.trim()}`)),
    );
  });
}

/** A pull that found every layer already there measured nothing: it must have downloaded the payload's. */
function requireDownloaded(side: string, downloaded: number, existing: number): void {
  if (downloaded < 1) {
    throw new Error(`the ${side} pull downloaded no layer (${existing} already there): a removed image's layers were kept`);
  }
}

/** Counts the CLI's "Pull complete" and "Already exists" lines (its plain, non-terminal output). */
function cliPullLayers(stdout: string): { downloaded: number; existing: number } {
  const count = (word: string) => stdout.split('\n').filter((line) => line.endsWith(`: ${word}`)).length;
  return { downloaded: count('Pull complete'), existing: count('Already exists') };
}

function writeCliConfig(dir: string, registries: string[]): void {
  const auth = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths: Object.fromEntries(registries.map((r) => [r, { auth }])) }), {
    mode: 0o600,
  });
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** Removes every local name of the image, so the next pull downloads all of its own layers. */
async function removeLocally(engine: ContainerEngine, id: string): Promise<void> {
  await engine.removeImage(id, { force: true });
  if (await engine.inspectImage(id)) {
    throw new Error(`the image ${id} is still there after its removal`);
  }
}

async function buildBig(engine: ContainerEngine, scratch: string, megabytes: number): Promise<string> {
  const dir = fs.mkdtempSync(path.join(scratch, 'image-'));
  fs.writeFileSync(
    path.join(dir, 'Dockerfile'),
    `FROM debian:bookworm-slim\nRUN echo ${runId} > /bench && head -c ${megabytes}M /dev/urandom > /payload\n`,
  );
  const tag = `cw-bench-registry:${runId}`;
  await engine.build(
    { contextDir: dir, dockerfile: 'Dockerfile', tag, labels: { [BENCH_LABEL]: runId }, builder: 'classic' },
    () => undefined,
  );
  return tag;
}

interface Sample {
  ours: number;
  cli: number;
}

async function oneRun(
  engine: ContainerEngine,
  transfer: ImageTransfer,
  source: string,
  configDir: string,
  oursFirst: boolean,
): Promise<{ push: Sample; pull: Sample }> {
  const forOurs = await TestRegistry.start({ users: { [USER]: PASSWORD } });
  const forCli = await TestRegistry.start({ users: { [USER]: PASSWORD } });
  try {
    writeCliConfig(configDir, [forCli.address]);
    const oursRef = `${forOurs.address}/bench/big:1`;
    const cliRef = `${forCli.address}/bench/big:1`;
    await transfer.tag(source, oursRef);
    await transfer.tag(source, cliRef);
    const credential = { registry: forOurs.address, username: USER, secret: PASSWORD };
    const pushOurs = () => timed(() => transfer.push(oursRef, { credential }));
    const pushCli = () => timed(() => dockerCli(['push', cliRef], configDir));
    const push = oursFirst ? { ours: await pushOurs(), cli: await pushCli() } : { cli: await pushCli(), ours: await pushOurs() };

    const id = (await engine.inspectImage(source))!.id;
    const pullOurs = async () => {
      await removeLocally(engine, id);
      let snapshot: TransferSnapshot | undefined;
      const ms = await timed(async () => (snapshot = (await transfer.pull(oursRef, { credential })).snapshot));
      requireDownloaded('extension', snapshot!.layersDone - snapshot!.layersExisting, snapshot!.layersExisting);
      return ms;
    };
    const pullCli = async () => {
      await removeLocally(engine, id);
      let stdout = '';
      const ms = await timed(async () => (stdout = await dockerCli(['pull', cliRef], configDir)));
      const layers = cliPullLayers(stdout);
      requireDownloaded('docker CLI', layers.downloaded, layers.existing);
      return ms;
    };
    const pull = oursFirst ? { ours: await pullOurs(), cli: await pullCli() } : { cli: await pullCli(), ours: await pullOurs() };
    // The image is back under the name the last pull gave it; the next run pushes it as `source` again.
    await transfer.tag(oursFirst ? cliRef : oursRef, source);
    return { push, pull };
  } finally {
    await forOurs.remove();
    await forCli.remove();
  }
}

async function main(): Promise<void> {
  const megabytes = arg('mb', 250);
  const runs = arg('runs', 5);
  const engine = createEngine(undefined);
  const version = await engine.version();
  // The engine's own pull/push/tag (ContainerEngine extends ImageTransfer): what the commands call.
  const transfer: ImageTransfer = engine;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-bench-registry-'));
  const configDir = fs.mkdtempSync(path.join(scratch, 'docker-config-'));
  const samples: { push: Sample; pull: Sample }[] = [];
  const loadBefore = os.loadavg()[0];
  const buildCache = await dockerCli(['system', 'df', '--format', '{{.Type}}: {{.Size}}'], configDir);
  try {
    const source = await buildBig(engine, scratch, megabytes);
    for (let run = 0; run < runs; run++) {
      samples.push(await oneRun(engine, transfer, source, configDir, run % 2 === 0));
    }
  } finally {
    for (const image of await engine.listImages({ includeDangling: true, label: `${BENCH_LABEL}=${runId}` })) {
      await engine.removeImage(image.id, { force: true }).catch(() => undefined);
    }
    fs.rmSync(scratch, { recursive: true, force: true });
  }

  const row = (what: 'push' | 'pull') => {
    const ours = median(samples.map((s) => s[what].ours));
    const cli = median(samples.map((s) => s[what].cli));
    return `| ${what} | ${seconds(ours)} | ${seconds(cli)} | ${(ours / cli).toFixed(2)}× |`;
  };
  console.log(`## Registry pull and push (issue 13) — ${new Date().toISOString().slice(0, 10)}\n`);
  console.log(
    `Engine: Docker ${version.version} at ${engine.endpoint.host}; image: debian:bookworm-slim + ${megabytes} MB of random data; docker-registry on 127.0.0.1 with basic auth, an empty one per side and run; ${runs} runs, sides alternating (A B, B A, …); every pull checked to have downloaded the payload layer. Load (1 min) ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after; \`docker system df\` before: ${buildCache.trim().split('\n').join(', ')}.\n`,
  );
  console.log('| step (median) | extension engine layer | docker CLI | ratio (target ≤ 1.1×) |');
  console.log('|---|---|---|---|');
  console.log(row('push'));
  console.log(row('pull'));
  console.log('');
  for (const [i, s] of samples.entries()) {
    console.log(
      `- run ${i + 1}: push ${seconds(s.push.ours)} vs ${seconds(s.push.cli)}, pull ${seconds(s.pull.ours)} vs ${seconds(s.pull.cli)}`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
