/**
 * The sweep worker as one plain-JavaScript script, bundled from the TypeScript sources with esbuild when the CLI
 * runs from them (through tsx). Worker threads that loaded the sources through tsx's loader ran the flagship
 * 1.5–2× slower than this thread did (measured for issue 13); tsx compiles every module with esbuild's `keepNames`
 * (named functions and classes wrapped in `__name` calls) behind loader hooks, a bundle has neither. It is built
 * once per process, kept in memory, and every worker evaluates it.
 */
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
