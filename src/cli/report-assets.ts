/**
 * Reads the chart library that `renderReportHtml` inlines into report.html, so the report works offline, and
 * bundles the query box (`src/report/query-box.ts` with the PromQL engine) for the browser. The only file-system
 * access the report needs lives here, in the CLI.
 */
import type * as Esbuild from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReportAssets } from '../report/html.ts';

/** The query box's entry, relative to the package root. */
const QUERY_BOX_ENTRY = 'src/report/query-box.ts';

/**
 * The package root: the nearest folder above this module that holds the query box's source (two levels up both
 * from `src/cli/` and from the CLI bundle in `dist/cli-bundle/`).
 */
function packageRoot(): string {
  let dir = fileURLToPath(new URL('.', import.meta.url));
  for (let i = 0; i < 5 && !existsSync(join(dir, QUERY_BOX_ENTRY)); i++) dir = dirname(dir);
  return dir;
}

let queryJs: string | undefined;

/** esbuild's options for a page script: one minified IIFE for the browser, returned in memory. */
export function browserBundleOptions(absWorkingDir: string, entry: string) {
  return {
    absWorkingDir,
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'warning',
  } as const satisfies Esbuild.BuildOptions;
}

/**
 * The query box bundled for the browser (minified IIFE), built once per process by esbuild, which is loaded only
 * then (commands that write no report do not pay for it).
 */
export function queryBoxScript(): string {
  if (queryJs !== undefined) return queryJs;
  const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof Esbuild;
  queryJs = buildSync(browserBundleOptions(packageRoot(), QUERY_BOX_ENTRY)).outputFiles[0]!.text;
  return queryJs;
}

/** Loads uPlot's minified IIFE build and stylesheet from the installed `uplot` package, and the query box. */
export function loadReportAssets(): ReportAssets {
  const require = createRequire(import.meta.url);
  // uplot's package "exports" does not list dist/ files, so resolve the package root via its package.json.
  const pkgJson = require.resolve('uplot/package.json');
  const dist = pkgJson.slice(0, -'package.json'.length) + 'dist/';
  return {
    chartJs: readFileSync(`${dist}uPlot.iife.min.js`, 'utf8'),
    chartCss: readFileSync(`${dist}uPlot.min.css`, 'utf8'),
    queryJs: queryBoxScript(),
  };
}
