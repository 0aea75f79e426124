/**
 * What of a production build is loaded when the extension activates, read from esbuild's
 * metafile (`node esbuild.js --production --metafile=<file>`): dist/extension.js and the chunks
 * it imports, transitively. The files the sources `require` on first use (esbuild.js LAZY) and
 * the vendor bundles are not in it. Used by test/unit/bundleSplit.test.ts and the bundle bench.
 */

interface MetafileOutput {
  bytes: number;
  inputs: Record<string, { bytesInOutput: number }>;
  imports: { path: string; kind: string; external?: boolean }[];
}

export interface Metafile {
  outputs: Record<string, MetafileOutput>;
}

export interface ActivationSet {
  /** Output files as the metafile names them, the entry first. */
  files: string[];
  /** Their bytes as esbuild wrote them (before the CommonJS conversion, which adds a few). */
  bytes: number;
  /** Bytes in those files per package (`yaml`, `@grpc/grpc-js`) or `src`. */
  bytesByOrigin: Map<string, number>;
  /** What the sources `require` later: `./engine-adapter.js`, … */
  loadedOnFirstUse: string[];
}

/** The package an input file comes from (the last node_modules segment), or `src` for ours. */
export function originOf(input: string): string {
  const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return match ? match[1] : 'src';
}

export function activationSet(metafile: Metafile, entryName = 'extension.js'): ActivationSet {
  const entry = Object.keys(metafile.outputs).find((file) => file === entryName || file.endsWith(`/${entryName}`));
  if (!entry) throw new Error(`${entryName} is not an output of this build`);
  const files: string[] = [];
  const later = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (files.includes(file)) continue;
    files.push(file);
    for (const imported of metafile.outputs[file].imports) {
      if (imported.kind === 'import-statement' && !imported.external) queue.push(imported.path);
      else if (imported.kind === 'require-call' && imported.external && imported.path.startsWith('./')) later.add(imported.path);
    }
  }
  const bytesByOrigin = new Map<string, number>();
  for (const file of files) {
    for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[file].inputs)) {
      const origin = originOf(input);
      bytesByOrigin.set(origin, (bytesByOrigin.get(origin) ?? 0) + bytesInOutput);
    }
  }
  return {
    files,
    bytes: files.reduce((sum, file) => sum + metafile.outputs[file].bytes, 0),
    bytesByOrigin,
    loadedOnFirstUse: [...later].sort(),
  };
}
