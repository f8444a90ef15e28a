/**
 * Reads the chart library that `renderReportHtml` inlines into report.html, so the report works offline, and
 * bundles the query box (`src/report/query-box.ts` with the PromQL engine) for the browser. The only file-system
 * access the report needs lives here, in the CLI.
 */
import { buildSync } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ReportAssets } from '../report/html.ts';

/**
 * The repository root: two levels above this module, both as source (`src/cli/`) and in the CLI bundle
 * (`dist/cli-bundle/`).
 */
const root = fileURLToPath(new URL('../../', import.meta.url));

let queryJs: string | undefined;

/** The query box bundled for the browser (minified IIFE), built once per process by esbuild. */
export function queryBoxScript(): string {
  queryJs ??= buildSync({
    absWorkingDir: root,
    entryPoints: ['src/report/query-box.ts'],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'warning',
  }).outputFiles[0]!.text;
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
