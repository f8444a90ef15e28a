/**
 * The report's query box in headless Chromium: a real run's report (the short webapi scenario), a query typed into
 * the box answers what `kubesim query` answers for the same run (the same engine over the packed series), a range
 * chart draws, a bad query shows its position, and nothing logs an error. Leaves a screenshot in /tmp/report-query.png.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadReportAssets } from '../../src/cli/report-assets.ts';
import { nodeFileSystem } from '../../src/cli/node-fs.ts';
import { formatLabels } from '../../src/record/promql/value.ts';
import { renderReportHtml } from '../../src/report/html.ts';
import { formatSampleValue } from '../../src/report/promql.ts';
import { packQueryData } from '../../src/report/query-data.ts';
import { prometheusOf, queryInstant } from '../../src/runtime/prometheus.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { buildReportData } from '../../src/scenario/report-data.ts';
import { ScenarioRun } from '../../src/scenario/run.ts';
import { SHORT } from '../cli/helpers.ts';
import { launchChromium, openPage, skipBrowserTests } from '../support/chromium.ts';

describe.skipIf(skipBrowserTests)('report.html query box in Chromium', () => {
  it('answers a typed query as kubesim query does, charts it, and shows a parse error with its position', async () => {
    const run = new ScenarioRun(loadScenarioFile(SHORT, nodeFileSystem).scenario!).run();
    const sim = run.sim;
    const data = buildReportData(run, run.expectations());
    const query = packQueryData(prometheusOf(sim), { epochMs: sim.clock.epochMs, endMs: sim.nowMs, resolutionMs: sim.resolutionMs });
    const dir = mkdtempSync(join(tmpdir(), 'kubesim-report-query-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderReportHtml(data, loadReportAssets(), query));
    const browser = await launchChromium();
    try {
      const { page, errors } = await openPage(browser);
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('#query-examples button');
      expect(await page.locator('#query-examples button').count()).toBeGreaterThanOrEqual(4);

      const q = 'sum by (code) (rate(http_requests_total[5m]))';
      await page.fill('#query-input', q);
      await page.press('#query-input', 'Enter');
      await page.waitForSelector('#query-result table');
      const rows = await page.$$eval('#query-result tr', (trs) => trs.slice(1).map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
      const v = queryInstant(sim, q);
      if (v.type !== 'vector') throw new Error('expected a vector');
      expect(rows).toEqual(v.samples.map((s) => [formatLabels(s.labels), formatSampleValue(s.v)]));
      expect(rows.length).toBeGreaterThan(1);
      expect(await page.locator('#query-chart canvas').count()).toBe(1);

      // An example button runs its query: the histogram's p99 over the run.
      await page.click('#query-examples button:has-text("histogram_quantile")');
      await page.waitForFunction(() => document.querySelector('#query-result td')?.textContent === '{}');
      const p99 = Number(await page.locator('#query-result td').nth(1).textContent());
      const cli = queryInstant(sim, 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))');
      expect(cli.type === 'vector' && cli.samples[0]!.v).toBe(p99);
      await page.screenshot({ path: '/tmp/report-query.png', clip: (await page.locator('#query').boundingBox())! });

      await page.fill('#query-input', 'sum(rate(x[5m])');
      await page.click('#query-form button');
      await expect.poll(() => page.locator('#query-error').isVisible()).toBe(true);
      expect(await page.locator('#query-error').textContent()).toBe('1:16: parse error: unexpected end of input\n  sum(rate(x[5m])\n                 ^');
      expect(await page.locator('#query-chart canvas').count()).toBe(0);

      await page.fill('#query-input', 'kube_pod_info * on() kube_pod_info');
      await page.click('#query-form button');
      await expect.poll(() => page.locator('#query-error').textContent()).toMatch(/^query failed: found duplicate series/);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
