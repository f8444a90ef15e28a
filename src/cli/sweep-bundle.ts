/**
 * The sweep worker as one plain-JavaScript script, bundled from the TypeScript sources with esbuild when the CLI
 * runs from them (through tsx). Worker threads that loaded the sources through tsx's loader ran the flagship
 * 1.5–2× slower than this thread did (measured for issue 13); tsx compiles every module with esbuild's `keepNames`
 * (named functions and classes wrapped in `__name` calls) behind loader hooks, a bundle has neither. It is built
 * once per process, kept in memory, and every worker evaluates it.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The bundled worker script (CommonJS, for a worker's `eval`), or the reason none could be built. */
export type WorkerBundle = { code: string } | { error: string };

let built: WorkerBundle | undefined;

/**
 * Bundles `sweep-worker.ts` and everything it imports (packages included) into one CommonJS script. Only from the
 * sources: a built CLI has its own `sweep-worker.js` beside it.
 */
export function sweepWorkerBundle(): WorkerBundle {
  if (built) return built;
  const entry = fileURLToPath(new URL('./sweep-worker.ts', import.meta.url));
  try {
    const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
    const out = esbuild.buildSync({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: `node${process.versions.node.split('.')[0]}`,
      write: false,
      logLevel: 'silent',
      // Hashes and names of the simulation never depend on function names, so none are kept.
      keepNames: false,
    });
    const file = out.outputFiles[0];
    built = file ? { code: file.text } : { error: 'esbuild wrote no output' };
  } catch (e) {
    built = { error: e instanceof Error ? e.message : String(e) };
  }
  return built;
}

/** Whether some file or folder under `dir` changed after `builtMs` (the test bin/kubesim.mjs makes of the CLI bundle). */
function changedSince(dir: string, builtMs: number): boolean {
  if (statSync(dir).mtimeMs > builtMs) return true;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory() ? changedSince(path, builtMs) : statSync(path).mtimeMs > builtMs) return true;
  }
  return false;
}

/**
 * The worker entry of the prebuilt CLI bundle (`dist/cli-bundle/sweep-worker.mjs`, built by `npm ci` or `npm run
 * build:cli`) when no file under `sources` (default `src/`) is newer than it, else undefined. Building the in-memory
 * bundle costs a serial second or more before the first run (1.2 s measured on the shared 2-core machine), which
 * every sweep from the sources (the benchmarks, vitest) paid; a fresh prebuilt worker is the same code.
 */
export function prebuiltSweepWorker(
  worker: URL = new URL('../../dist/cli-bundle/sweep-worker.mjs', import.meta.url),
  sources: URL = new URL('..', import.meta.url),
): URL | undefined {
  const path = fileURLToPath(worker);
  if (process.env['KUBESIM_FROM_SOURCE'] === '1' || !existsSync(path)) return undefined;
  return changedSince(fileURLToPath(sources).replace(/\/$/, ''), statSync(path).mtimeMs) ? undefined : worker;
}
