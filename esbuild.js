// One build script, two targets: the extension host and CLI (Node, CommonJS, `vscode`
// left to the host) and the webview (browser). `--watch` rebuilds on change and prints
// the "[watch] build started/finished" lines the VS Code problem matcher waits for.
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// For bench/bundle.bench.ts: build elsewhere than dist/, and the engine client inside the
// extension bundle as it was before the split, to compare the two side by side.
const outdirArg = process.argv.find((a) => a.startsWith('--outdir='));
const outdir = outdirArg ? outdirArg.slice('--outdir='.length) : 'dist';
const oneBundle = process.argv.includes('--one-bundle');
// For test/unit/bundleSplit.test.ts and the bundle bench: the node build's metafile.
const metafileArg = process.argv.find((a) => a.startsWith('--metafile='));

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
// tar-fs for volume copies) are ~85 % of the code and are needed only once the engine is
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

// Our own modules that are needed only on first use of what they do: each is an entry point
// of its own (dist/<name>.js), and a `require('./that/module')` of it in the sources becomes a
// `require('./<name>.js')` of that file, so the extension bundle does not carry it nor load it at
// activation. Code they share with the extension goes into dist/chunk-*.js files loaded once
// by both (one copy of every module, so module state and `instanceof` hold across them).
// Everything sits flat in dist/, so the same relative path works from any of them.
const LAZY = {
  'engine-adapter': 'src/engine/dockerodeEngine.ts',
  'command-table': 'src/commands/commandTable.ts',
  'compose-problems': 'src/compose/composeProblems.ts',
  'registry-client': 'src/engine/registry/registryClient.ts',
  'container-files': 'src/engine/files/containerFiles.ts',
  'run-conversion': 'src/commands/img2vid/runConversion.ts',
  'build-task': 'src/tasks/buildTaskRun.ts',
  'volume-browser': 'src/engine/volumes/volumeBrowser.ts',
};
const sourcesDir = path.resolve('src') + path.sep;
const lazyByPath = new Map(Object.entries(LAZY).map(([name, file]) => [path.resolve(file).replace(/\.ts$/, ''), name]));

// Each LAZY module is loaded only by the extension, after activation: everything the extension
// loads is loaded by then. Its entry says so (it imports src/extension.ts besides being the
// module), so esbuild puts all of the code activation needs into one chunk instead of one
// chunk per set of entries sharing it (19 files at activation, each ~0.2 ms of require).
// Not engine-adapter: the CLI loads it too, and the CLI must not reach the extension's code
// (test/unit/bundleSplit.test.ts fails if anything the CLI loads imports vscode).
const SHARES_ACTIVATION = Object.keys(LAZY).filter((name) => name !== 'engine-adapter');
const extensionEntry = path.resolve('src/extension.ts');

/** @type {import('esbuild').Plugin} */
const lazyEntries = {
  name: 'lazy-entries',
  setup(build) {
    build.onResolve({ filter: /^lazy-entry:/ }, (args) => ({ path: args.path.slice('lazy-entry:'.length), namespace: 'lazy-entry' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-entry' }, (args) => ({
      contents: `import ${JSON.stringify(extensionEntry)};\nexport * from ${JSON.stringify(path.resolve(LAZY[args.path]))};\n`,
      resolveDir: path.resolve('.'),
      loader: 'ts',
    }));
  },
};

/** @type {import('esbuild').Plugin} */
const lazyOutside = {
  name: 'lazy-outside',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const name = lazyByPath.get(path.resolve(args.resolveDir, args.path).replace(/\.ts$/, ''));
      // A static import (from another module loaded on first use) is bundled as usual: esbuild
      // puts the module into a chunk both load. test/unit/bundleSplit.test.ts checks that none
      // of it is reached from the extension's activation.
      if (args.kind !== 'require-call' || !args.importer.startsWith(sourcesDir)) return undefined;
      // A require() of our own module would be bundled in place, loaded late but carried by
      // the extension all the same: name it in LAZY.
      if (!name) return { errors: [{ text: `require('${args.path}'): a module loaded on first use must be named in esbuild.js LAZY` }] };
      return { path: `./${name}.js`, external: true };
    });
  },
};

// esbuild splits shared code into chunks only for ES modules; VS Code 1.96 loads CommonJS.
// So the node build is written as ES modules in memory and each file is turned into CommonJS
// here (import/export become require/module.exports; source maps are carried through).
/** @type {import('esbuild').Plugin} */
const writeAsCommonJs = {
  name: 'write-as-commonjs',
  setup(build) {
    build.onEnd(async (result) => {
      if (result.errors.length || !result.outputFiles) return;
      if (metafileArg && result.metafile) fs.writeFileSync(metafileArg.slice('--metafile='.length), JSON.stringify(result.metafile));
      for (const file of result.outputFiles) {
        if (!file.path.endsWith('.js')) continue;
        const converted = await esbuild.transform(file.text, {
          format: 'cjs',
          loader: 'js',
          target: 'node18',
          platform: 'node',
          minify: production,
          sourcemap: production ? false : 'external',
          sourcefile: file.path,
          supported: { 'dynamic-import': false },
        });
        fs.mkdirSync(path.dirname(file.path), { recursive: true });
        const mapName = `${path.basename(file.path)}.map`;
        fs.writeFileSync(file.path, production ? converted.code : `${converted.code}//# sourceMappingURL=${mapName}\n`);
        if (!production) fs.writeFileSync(`${file.path}.map`, converted.map);
      }
      // Chunk names carry a hash: the chunks of earlier builds would pile up (and be packaged).
      const written = new Set(result.outputFiles.map((file) => path.basename(file.path)));
      const dir = path.resolve(outdir);
      for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
        if (/^chunk-.*\.js(\.map)?$/.test(name) && !written.has(name.replace(/\.map$/, ''))) fs.rmSync(path.join(dir, name));
      }
    });
  },
};

const nodeTarget = {
  platform: 'node',
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
      entryPoints: {
        extension: 'src/extension.ts',
        cli: 'src/cli.ts',
        ...(oneBundle
          ? {}
          : Object.fromEntries(
              Object.entries(LAZY).map(([name, file]) => [name, SHARES_ACTIVATION.includes(name) ? `lazy-entry:${name}` : file]),
            )),
      },
      outdir,
      format: 'esm',
      splitting: !oneBundle,
      chunkNames: 'chunk-[hash]',
      write: false,
      metafile: Boolean(metafileArg),
      // Inline while in memory, so writeAsCommonJs carries them into the CommonJS files' maps.
      sourcemap: production ? false : 'inline',
      plugins: [...common.plugins, ...(oneBundle ? [] : [lazyEntries, vendorOutside, lazyOutside]), writeAsCommonJs],
    }),
    esbuild.context({
      ...common,
      ...nodeTarget,
      // Each library as its own CommonJS module: module.exports is the library's.
      format: 'cjs',
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
