/**
 * What listing a container's folder through the archive endpoint costs (issue 15), printed
 * as Markdown for docs/container-files.md. Numbers only: no target is asserted.
 *
 * For each image a container is created (never started); for each folder: the bytes of the
 * tar the engine sends, its entries, the time to index it (headers only, bodies skipped),
 * and where in the stream the folder's last own entry came (how much stopping "once past
 * the first level" could save). Then one path's stat (HEAD), a subfolder from the index,
 * and the program probe.
 *
 *   DOCKER_HOST=… node out/bench/containerFiles.bench.js [--runs 3]
 */
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { PassThrough } from 'node:stream';
import Docker from 'dockerode';
import { extract } from 'tar-stream';
import type { EngineApi } from '../src/engine/api/engineApi';
import { dockerodeApi } from '../src/engine/api/dockerodeApi';
import { readEndpointInputs, resolveEndpoint } from '../src/engine/connection';
import { toDockerodeOptions } from '../src/engine/dockerodeOptions';
import { openArchive, statPath } from '../src/engine/files/archiveClient';
import { ContainerFiles } from '../src/engine/files/containerFiles';
import { createHelperContainer, removeHelperContainer } from '../src/engine/helperContainer';
import { probePrograms } from '../src/engine/interactive/programProbe';

const runs = (() => {
  const i = process.argv.indexOf('--runs');
  return i > 0 ? Number(process.argv[i + 1]) : 3;
})();
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (v: number) => `${v.toFixed(v < 10 ? 1 : 0)} ms`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Bytes and entries of a folder's tar, and the byte offset of its last own (first-level) entry. */
async function shape(api: EngineApi, id: string, dir: string): Promise<{ bytes: number; entries: number; lastOwnAt: number }> {
  const archive = await openArchive(api, id, dir, { contentsOnly: true });
  let bytes = 0;
  let entries = 0;
  let lastOwnAt = 0;
  const counter = new PassThrough();
  counter.on('data', (chunk: Buffer) => (bytes += chunk.length));
  const parser = extract();
  parser.on('entry', (header, stream, next) => {
    entries++;
    if (header.name.replace(/^\.\//, '').replace(/\/$/, '').split('/').length === 1) lastOwnAt = bytes;
    stream.on('end', () => next());
    stream.resume();
  });
  await new Promise<void>((resolve, reject) => {
    parser.on('finish', () => resolve());
    parser.on('error', reject);
    archive.body.pipe(counter).pipe(parser);
  });
  return { bytes, entries, lastOwnAt };
}

async function main(): Promise<void> {
  const endpoint = resolveEndpoint(readEndpointInputs(undefined, process.env));
  const api = dockerodeApi(new Docker(toDockerodeOptions(endpoint, (p) => fs.readFileSync(p), process.env)), endpoint);
  const out: string[] = [
    '### Listing a folder through the archive endpoint',
    '',
    `${runs} runs each (median), after one warm-up; a created, never started container.`,
    '',
  ];
  out.push(
    '| image | folder | tar sent | entries | own entries | index it (headers only) | last own entry at |',
    '|---|---|---|---|---|---|---|',
  );
  const extras: string[] = [];
  for (const image of ['debian:bookworm-slim', 'python:3.11-slim']) {
    const id = await createHelperContainer(api, {
      image,
      purpose: 'program-probe',
      labels: { 'dev.container-workflows.bench-run': String(process.pid) },
    });
    try {
      for (const dir of ['/etc', '/usr/bin', '/usr', '/']) {
        const s = await shape(api, id, dir);
        const times: number[] = [];
        let own = 0;
        for (let r = 0; r < runs; r++) {
          const files = new ContainerFiles(api, id);
          const t = performance.now();
          own = (await files.list(dir)).length;
          times.push(performance.now() - t);
        }
        out.push(
          `| ${image} | ${dir} | ${mb(s.bytes)} | ${s.entries} | ${own} | ${ms(median(times))} | ${Math.round((100 * s.lastOwnAt) / s.bytes)} % of the stream |`,
        );
      }
      const stats: number[] = [];
      for (let r = 0; r < 20; r++) {
        const t = performance.now();
        await statPath(api, id, '/usr/bin/bash');
        stats.push(performance.now() - t);
      }
      const files = new ContainerFiles(api, id);
      await files.list('/usr');
      const t = performance.now();
      await files.list('/usr/share/doc');
      const fromIndex = performance.now() - t;
      const probes: number[] = [];
      for (let r = 0; r < runs; r++) {
        const p = performance.now();
        await probePrograms(api, image);
        probes.push(performance.now() - p);
      }
      extras.push(
        `- ${image}: one path's stat (HEAD) ${ms(median(stats))} (median of 20); /usr/share/doc from the index of /usr ${ms(fromIndex)}; the program probe (helper, up to 24 stats, removal) ${ms(median(probes))}.`,
      );
    } finally {
      await removeHelperContainer(api, id);
    }
  }
  out.push('', ...extras);
  console.log(out.join('\n'));
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
