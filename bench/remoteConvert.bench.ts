/**
 * Convert on a remote engine vs the local one (issue 16): the fixtures (50 1080p frames,
 * 5 fps) through convertFolder(), as the extension runs it, on three engines of this one
 * machine: the shared local engine (bind mount), a second dockerd of this bench reached
 * over TCP + TLS, and the same dockerd reached over ssh (an sshd of this bench, `docker
 * system dial-stdio`). The remote ones copy the frames in and the video out through the
 * archive API; their upload and download times are reported apart. Rounds interleave the
 * ways (local, TLS, ssh, rotated each round) after one unrecorded warm-up round.
 * Target: remote wall ≤ 1.3× local wall (medians). Numbers only: nothing is asserted.
 *
 * The services are the test rig's (test/support/tlsEngine.ts, sshServer.ts): started here,
 * stopped at the end; the shared engine is only used for its own conversions and read from
 * to seed the remote engine's images.
 *
 *   DOCKER_HOST=… node out/bench/remoteConvert.bench.js [--runs 5] [--wait-load 1.5] [--wait-max 300]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEngine } from '../src/engine/createEngine';
import { DockerodeEngine } from '../src/engine/dockerodeEngine';
import type { ContainerEngine } from '../src/engine/engine';
import { closeEngineConnections } from '../src/engine/sshTransport';
import { type ConvertResult, convertFolder } from '../src/workflows/convertFolder';
import { copyFixtures } from '../test/support/convertFixtures';
import { templatesDir } from '../test/support/realEngine';
import { IMG2VID_IMAGE } from '../test/support/serviceTools';
import { SshServer } from '../test/support/sshServer';
import { TlsEngine } from '../test/support/tlsEngine';
import { loadavg, numArg, rotate, seconds, stats, waitForQuiet } from './lib/numbers';

const options = { runs: numArg('runs', 5), waitLoad: numArg('wait-load', 1.5), waitMax: numArg('wait-max', 300) };
const TARGET = 1.3;
type Way = 'local' | 'TLS' | 'ssh';
const WAYS: Way[] = ['local', 'TLS', 'ssh'];

interface Sample {
  way: Way;
  round: number;
  wallMs: number;
  uploadMs: number;
  downloadMs: number;
  rebuilt: boolean;
}

const say = (text: string) => process.stderr.write(`[remoteConvert.bench] ${text}\n`);

async function convertOnce(engine: ContainerEngine, root: string, way: Way, round: number): Promise<ConvertResult> {
  const label = `${way}-${round}`;
  const folder = copyFixtures(root, label);
  try {
    return await convertFolder(engine, { folder, output: path.join(root, label, 'mba.mp4'), fps: 5, templatesDir });
  } finally {
    fs.rmSync(path.join(root, label), { recursive: true, force: true });
  }
}

function row(way: Way, samples: Sample[], localMedian: number): string {
  const mine = samples.filter((s) => s.way === way);
  const wall = stats(mine.map((s) => s.wallMs));
  const up = stats(mine.map((s) => s.uploadMs)).median;
  const down = stats(mine.map((s) => s.downloadMs)).median;
  const ratio = wall.median / localMedian;
  const verdict = way === 'local' ? '—' : ratio <= TARGET ? `${ratio.toFixed(3)}× (met)` : `${ratio.toFixed(3)}× (not met)`;
  return `| ${way} | ${mine.length} | ${seconds(wall.median)} | ${seconds(wall.min)}–${seconds(wall.max)} | ${way === 'local' ? '—' : seconds(up)} | ${way === 'local' ? '—' : seconds(down)} | ${verdict} |`;
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-remote-bench-'));
  fs.chmodSync(root, 0o755);
  let tls: TlsEngine | undefined;
  let sshd: SshServer | undefined;
  const engines: Partial<Record<Way, ContainerEngine>> = {};
  try {
    say('starting the TLS dockerd and the sshd, loading the images into it…');
    tls = await TlsEngine.start([IMG2VID_IMAGE]);
    sshd = await SshServer.start(tls.unixHost);
    engines.local = createEngine(undefined);
    engines.TLS = tls.client();
    engines.ssh = new DockerodeEngine({ host: 'ssh://cwtest', source: 'setting' }, sshd.clientEnv());
    const load = await waitForQuiet(options.waitLoad, options.waitMax, say);
    const loadBefore = loadavg();
    const samples: Sample[] = [];
    for (let round = 0; round <= options.runs; round++) {
      for (const way of rotate(WAYS, round)) {
        const result = await convertOnce(engines[way]!, root, way, round);
        if (result.frames !== 50) throw new Error(`${way}: ${result.frames} frames, not 50`);
        const sample = {
          way,
          round,
          wallMs: result.elapsedMs,
          uploadMs: result.transfer?.uploadMs ?? 0,
          downloadMs: result.transfer?.downloadMs ?? 0,
          rebuilt: result.imageBuilt,
        };
        say(
          `round ${round}${round === 0 ? ' (warm-up)' : ''} ${way}: ${seconds(sample.wallMs)}` +
            (result.transfer ? ` (upload ${seconds(sample.uploadMs)}, download ${seconds(sample.downloadMs)})` : '') +
            (sample.rebuilt ? ' — rebuilt the image' : ''),
        );
        if (round > 0) samples.push(sample);
      }
    }
    const localMedian = stats(samples.filter((s) => s.way === 'local').map((s) => s.wallMs)).median;
    const rebuilt = samples.filter((s) => s.rebuilt).map((s) => `${s.way} round ${s.round}`);
    const lines = [
      `## Convert on a remote engine, TLS and ssh vs local (issue 16) — ${new Date().toISOString().slice(0, 16).replace('T', ', ')} UTC`,
      '',
      `Fixtures: 50 frames 1920×1080 (/work/shared/fixtures/mba), 5 fps, convertFolder() as the extension runs it. ` +
        `Same machine (${os.cpus().length} cores): the shared local dockerd (bind mount) and a second dockerd of the bench over TCP + TLS ` +
        `and over ssh (OpenSSH, dial-stdio), which copy the frames in and the video out. ${options.runs} rounds after a warm-up, ` +
        `ways interleaved and rotated. Load: ${load}; load averages at the start of the rounds ${loadBefore}, at the end ${loadavg()}.` +
        (rebuilt.length ? ` The image was rebuilt in: ${rebuilt.join(', ')}.` : ''),
      '',
      '| engine | runs | median wall | min–max | median upload | median download | remote / local (target ≤ 1.3×) |',
      '|---|---|---|---|---|---|---|',
      ...WAYS.map((way) => row(way, samples, localMedian)),
      '',
      'All runs (wall s, upload s, download s):',
      '',
      ...WAYS.map(
        (way) =>
          `- ${way}: ${samples
            .filter((s) => s.way === way)
            .map((s) =>
              way === 'local'
                ? (s.wallMs / 1000).toFixed(2)
                : `${(s.wallMs / 1000).toFixed(2)} (${(s.uploadMs / 1000).toFixed(2)}, ${(s.downloadMs / 1000).toFixed(2)})`,
            )
            .join(', ')}`,
      ),
      '',
    ];
    process.stdout.write(lines.join('\n'));
  } finally {
    if (engines.ssh) await closeEngineConnections(engines.ssh.endpoint);
    await sshd?.dispose();
    await tls?.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  say(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});
