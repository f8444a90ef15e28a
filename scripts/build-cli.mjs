#!/usr/bin/env node
// Bundles the CLI with esbuild into dist/cli-bundle/ (or the folder given as the first argument); `npm install`
// runs it through the `prepare` script, `npm run build:cli` by hand. Two entry points: main.mjs, the command that
// bin/kubesim.mjs imports, and sweep-worker.mjs, a sweep's worker thread, which sweep-pool.ts finds beside the
// code that starts it. Code they share goes into chunk files, and each command module, imported lazily by the
// command registry, into its own, so `kubesim --help` compiles little more than commander.
//
// Dependencies are bundled too (loading yaml or commander as dozens of CommonJS files costs more than compiling
// them once); only the chart library's files are read from node_modules at run time, for report.html.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = resolve(process.argv[2] ?? join(root, 'dist/cli-bundle'));
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/cli/main.ts', 'sweep-worker': 'src/cli/sweep-worker.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  sourcemap: 'linked',
  // esbuild itself (report-assets.ts bundles the report's query box with it) runs its native binary from
  // node_modules: it cannot be bundled.
  external: ['esbuild'],
  // CommonJS packages inside an ES module bundle call require() for Node's built-ins: give each file one.
  banner: { js: "import { createRequire as __kubesimCreateRequire } from 'node:module'; const require = __kubesimCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
