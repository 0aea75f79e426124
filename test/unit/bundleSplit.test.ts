/**
 * The production build keeps the heavy code out of what VS Code loads at activation (issue 12):
 * dist/extension.js and the chunks it imports carry none of the engine client, the build
 * session, the ssh transport, the compose YAML parser or the Dockerfile parser; those load on
 * first use from the files esbuild.js LAZY and VENDOR name. Built here into a temporary folder
 * and read from esbuild's metafile, then activated over the vscode stub in a fresh process.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type ActivationSet, type Metafile, activationSet, originOf } from '../support/bundleParts';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
/** Libraries that only the engine, a build, ssh, compose checks, registries or container files need. */
const HEAVY = [
  '@grpc/grpc-js',
  '@grpc/proto-loader',
  'protobufjs',
  'ssh2',
  'yaml',
  'dockerfile-ast',
  'dockerode',
  'docker-modem',
  'tar-stream',
  'tar-fs',
];
/** The budget for what the extension host parses at activation. */
const ACTIVATION_BUDGET_BYTES = 150 * 1024;

describe('the production bundle', () => {
  let outdir = '';
  let metafile: Metafile;
  let atActivation: ActivationSet;

  before(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-bundle-'));
    const metafilePath = path.join(outdir, 'meta.json');
    execFileSync(process.execPath, ['esbuild.js', '--production', `--outdir=${outdir}`, `--metafile=${metafilePath}`], {
      cwd: repoRoot,
      stdio: 'pipe',
    });
    metafile = JSON.parse(fs.readFileSync(metafilePath, 'utf8')) as Metafile;
    atActivation = activationSet(metafile);
  });

  after(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it('loads none of the heavy libraries at activation, and every one of them is still in the build', () => {
    const atStart = [...atActivation.bytesByOrigin.keys()].filter((origin) => HEAVY.includes(origin));
    assert.deepEqual(atStart, [], `bundled into dist/extension.js or a chunk it imports: ${atStart.join(', ')}`);
    const everywhere = new Set(Object.values(metafile.outputs).flatMap((output) => Object.keys(output.inputs).map(originOf)));
    for (const library of ['@grpc/grpc-js', 'protobufjs', 'ssh2', 'yaml', 'dockerfile-ast', 'tar-stream']) {
      assert.ok(everywhere.has(library), `${library} is in one of the files loaded on first use`);
    }
  });

  it('keeps what activation loads within the budget, and names the files loaded on first use', () => {
    const onDisk = atActivation.files.reduce((sum, file) => sum + fs.statSync(path.resolve(repoRoot, file)).size, 0);
    assert.ok(onDisk <= ACTIVATION_BUDGET_BYTES, `extension.js and its chunks are ${onDisk} bytes (budget ${ACTIVATION_BUDGET_BYTES})`);
    assert.deepEqual(atActivation.loadedOnFirstUse, [
      './build-task.js',
      './command-table.js',
      './compose-problems.js',
      './container-files.js',
      './engine-adapter.js',
      './registry-client.js',
      './run-conversion.js',
      './volume-browser.js',
    ]);
    for (const later of atActivation.loadedOnFirstUse) assert.ok(fs.existsSync(path.join(outdir, later)), `${later} is written`);
  });

  it('puts what activation loads into a few files (esbuild.js SHARES_ACTIVATION), and keeps the CLI out of them', () => {
    // Each file is a require of its own (~0.2 ms in a fresh Node): the extension's code is one chunk, not one per set of entries sharing it.
    assert.ok(atActivation.files.length <= 6, `activation loads ${atActivation.files.length} files: ${atActivation.files.join(', ')}`);
    // The CLI and the engine adapter (which the CLI loads) run without VS Code: nothing they load may import it.
    for (const entry of ['cli.js', 'engine-adapter.js']) {
      const reached = activationSet(metafile, entry).files;
      const withVscode = reached.filter((file) => metafile.outputs[file].imports.some((imported) => imported.path === 'vscode'));
      assert.deepEqual(withVscode, [], `${entry} loads files that import vscode`);
    }
  });

  it('activates over the vscode stub without loading any of the files meant for first use', () => {
    const probe = path.join(repoRoot, 'out', 'bench', 'activateProbe.js');
    const line = execFileSync(process.execPath, [probe, path.join(outdir, 'extension.js')], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!;
    const result = JSON.parse(line) as { lateParts: string[]; subscriptions: number; filesLoaded: number };
    assert.deepEqual(result.lateParts, []);
    assert.ok(result.subscriptions > 50, 'activate() registered the commands and views');
    assert.equal(result.filesLoaded, atActivation.files.length, 'it loads exactly the extension bundle and its chunks');
  });

  it('the CLI bundle still answers', () => {
    const help = execFileSync(process.execPath, [path.join(outdir, 'cli.js'), '--help'], { encoding: 'utf8' });
    assert.match(help, /container-workflows convert <folder>/);
  });
});
