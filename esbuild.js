// One build script, two targets: the extension host and CLI (Node, CommonJS, `vscode`
// left to the host) and the webview (browser). `--watch` rebuilds on change and prints
// the "[watch] build started/finished" lines the VS Code problem matcher waits for.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

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
      entryPoints: { extension: 'src/extension.ts', cli: 'src/cli.ts' },
      outdir: 'dist',
      platform: 'node',
      format: 'cjs',
      target: 'node18',
      // ssh2 tries optional native helpers (cpu-features, sshcrypto.node) inside try/catch and
      // falls back to JavaScript; they are not built (install scripts are off) nor bundled.
      external: ['vscode', 'cpu-features', '*.node'],
    }),
    esbuild.context({
      ...common,
      entryPoints: { webview: 'webview/preview/main.ts', stats: 'webview/stats/main.ts' },
      outdir: 'dist',
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
