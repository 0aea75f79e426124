// One build script, two targets: the extension host and CLI (Node, CommonJS, `vscode`
// left to the host) and the webview (browser). `--watch` rebuilds on change and prints
// the "[watch] build started/finished" lines the VS Code problem matcher waits for.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// For bench/bundle.bench.ts: build elsewhere than dist/, and the engine client inside the
// extension bundle as it was before the split, to compare the two side by side.
const outdirArg = process.argv.find((a) => a.startsWith('--outdir='));
const outdir = outdirArg ? outdirArg.slice('--outdir='.length) : 'dist';
const oneBundle = process.argv.includes('--one-bundle');

/** @type {import('esbuild').Plugin} */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

// The engine client's libraries (dockerode with docker-modem, ssh2, grpc-js and protobufjs;
// tar-fs for build contexts) are ~85 % of the code and are needed only once the engine is
// first used. They go into bundles of their own under dist/vendor/, which the extension
// and CLI bundles `require` at that point (engine/createEngine.ts loads the adapter
// lazily), so activating the extension does not parse them.
const VENDOR = { dockerode: 'vendor/dockerode', 'tar-fs': 'vendor/tar-fs' };

/** @type {import('esbuild').Plugin} */
const vendorOutside = {
  name: 'vendor-outside',
  setup(build) {
    const names = Object.keys(VENDOR).map((n) => n.replace(/[-/]/g, '\\$&'));
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) => ({ path: `./${VENDOR[args.path]}.js`, external: true }));
  },
};

const nodeTarget = {
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  // ssh2 tries optional native helpers (cpu-features, sshcrypto.node) inside try/catch and
  // falls back to JavaScript; they are not built (install scripts are off) nor bundled.
  external: ['vscode', 'cpu-features', '*.node'],
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  plugins: watch ? [problemMatcher] : [],
};

async function main() {
  const contexts = await Promise.all([
    esbuild.context({
      ...common,
      ...nodeTarget,
      entryPoints: { extension: 'src/extension.ts', cli: 'src/cli.ts' },
      outdir,
      plugins: oneBundle ? common.plugins : [...common.plugins, vendorOutside],
    }),
    esbuild.context({
      ...common,
      ...nodeTarget,
      // Each library as its own CommonJS module: module.exports is the library's.
      entryPoints: Object.fromEntries(Object.entries(VENDOR).map(([name, out]) => [out, require.resolve(name)])),
      outdir,
    }),
    esbuild.context({
      ...common,
      entryPoints: { webview: 'webview/preview/main.ts', stats: 'webview/stats/main.ts' },
      outdir,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
    }),
  ]);
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
