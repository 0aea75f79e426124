/**
 * One cold activation, in a fresh process: how long `require` of the built bundle takes
 * (VS Code loads the module before it calls activate) and how long activate() itself takes,
 * with the `vscode` stub. Prints one JSON line; bundle.bench.ts runs it many times.
 *
 *   node out/bench/activateProbe.js [<path of extension.js>]   (default: dist/extension.js)
 */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { installVscodeStub, stubContext } from '../test/support/vscodeStub';

const repoRoot = path.resolve(__dirname, '..', '..');

installVscodeStub();
const t0 = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, by its path, timed as VS Code loads it
const extension = require(process.argv[2] ?? path.join(repoRoot, 'dist', 'extension.js')) as { activate(context: unknown): unknown };
const t1 = performance.now();
const context = stubContext(repoRoot);
extension.activate(context);
const t2 = performance.now();
const bundleDir = path.dirname(require.resolve(process.argv[2] ?? path.join(repoRoot, 'dist', 'extension.js')));
const loaded = Object.keys(require.cache).filter((f) => f.startsWith(bundleDir + path.sep));
// The files of the build that require + activate() loaded, other than the extension bundle and its chunks:
// the parts meant for first use (esbuild.js LAZY) and the vendor bundles should not be among them.
const lateParts = loaded.map((f) => path.relative(bundleDir, f)).filter((f) => f !== 'extension.js' && !/^chunk-[^/]+\.js$/.test(f));
process.stdout.write(
  `${JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, subscriptions: (context.subscriptions as unknown[]).length, vendorLoaded: lateParts.filter((f) => f.startsWith('vendor')).length, lateParts, filesLoaded: loaded.length })}\n`,
);
// activate() started an engine check in the background; it is not part of activation.
process.exit(0);
