/**
 * Reads the chart library that `renderReportHtml` inlines into report.html, so the report works offline. The only
 * file-system access the report needs lives here, in the CLI.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ReportAssets } from '../report/html.ts';

/** Loads uPlot's minified IIFE build and stylesheet from the installed `uplot` package. */
export function loadReportAssets(): ReportAssets {
  const require = createRequire(import.meta.url);
  // uplot's package "exports" does not list dist/ files, so resolve the package root via its package.json.
  const pkgJson = require.resolve('uplot/package.json');
  const dist = pkgJson.slice(0, -'package.json'.length) + 'dist/';
  return {
    chartJs: readFileSync(`${dist}uPlot.iife.min.js`, 'utf8'),
    chartCss: readFileSync(`${dist}uPlot.min.css`, 'utf8'),
  };
}
