/**
 * The flagship scenario's real report, end to end: run scenarios/webapi-peak.yaml, render report.html, open it in
 * headless Debian Chromium and check that the charts draw and nothing logs an error. Skips only off CI when
 * Chromium is not installed (`bash .ci/install-tools.sh` installs it).
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/api.ts';
import { ScenarioRun } from '../../src/scenario/run.ts';
import { buildReportData } from '../../src/scenario/report-data.ts';
import { renderReportHtml } from '../../src/report/html.ts';
import { loadReportAssets } from '../../src/cli/report-assets.ts';
import { CHROMIUM, launchChromium, openPage, skipBrowserTests } from '../support/chromium.ts';


describe.skipIf(skipBrowserTests)('the flagship report in Chromium', () => {
  it('draws the rollout staircase, HPA, traffic and cost charts with no console error', async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is required on CI`).toBe(true);
    const scenario = await loadScenario(join(import.meta.dirname, '..', '..', 'scenarios', 'webapi-peak.yaml'));
    const run = new ScenarioRun(scenario).run();
    const data = buildReportData(run, run.expectations());
    const file = join(mkdtempSync(join(tmpdir(), 'kubesim-flagship-')), 'report.html');
    writeFileSync(file, renderReportHtml(data, loadReportAssets()));
    const browser = await launchChromium();
    try {
      const { page, errors } = await openPage(browser);
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('[data-chart] canvas');
      const drawn = await page.$$eval('[data-chart]', (figs) =>
        figs.map((fig) => {
          const canvas = fig.querySelector('canvas');
          const ctx = canvas?.getContext('2d');
          if (!canvas || !ctx) return 0;
          const img = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
          let painted = 0;
          for (let i = 3; i < img.length; i += 4) if ((img[i] ?? 0) > 0) painted++;
          return painted;
        }),
      );
      expect(errors).toEqual([]);
      expect(drawn.length).toBeGreaterThanOrEqual(8);
      expect(drawn.every((p) => p > 1000)).toBe(true);
      expect(await page.textContent('body')).toContain('all 5 expectations met');
    } finally {
      await browser.close();
    }
  });
});
