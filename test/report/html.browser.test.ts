/**
 * Opens a rendered report.html in headless Debian Chromium (playwright-core drives /usr/bin/chromium; nothing is
 * downloaded) and checks that every chart drew, that nothing logged an error, and leaves a screenshot in
 * /tmp/report.png. Skips only off CI when Chromium is not installed (`bash .ci/install-tools.sh` installs it).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../src/report/html.ts';
import { loadReportAssets } from '../../src/cli/report-assets.ts';
import { syntheticReport } from './fixture.ts';
import { CHROMIUM, launchChromium, openPage, skipBrowserTests } from '../support/chromium.ts';

if (skipBrowserTests) {
  console.warn(`report browser test skipped: ${CHROMIUM} not found (install it with: bash .ci/install-tools.sh)`);
}

describe.skipIf(skipBrowserTests)('report.html in Chromium', () => {
  it('draws every chart, filters events and logs no error', async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is required on CI`).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'kubesim-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderReportHtml(syntheticReport(), loadReportAssets()));
    const browser = await launchChromium();
    try {
      const { page, errors } = await openPage(browser);
      const requests: string[] = [];
      page.on('request', (req) => {
        if (!req.url().startsWith('file:') && !req.url().startsWith('data:')) requests.push(req.url());
      });
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('[data-chart] canvas');

      const charts = await page.$$eval('[data-chart]', (figs) =>
        figs.map((fig) => {
          const canvas = fig.querySelector('canvas');
          if (!canvas) return { id: fig.getAttribute('data-chart'), painted: 0, seriesPixels: 0 };
          const ctx = canvas.getContext('2d');
          const img = ctx ? ctx.getImageData(0, 0, canvas.width, canvas.height).data : new Uint8ClampedArray();
          let painted = 0;
          let seriesPixels = 0;
          for (let i = 0; i < img.length; i += 4) {
            const [r, g, b, a] = [img[i] ?? 0, img[i + 1] ?? 0, img[i + 2] ?? 0, img[i + 3] ?? 0];
            if (a > 0) painted++;
            // The first series of every chart is drawn in #2563eb; count clearly blue pixels.
            if (a > 128 && b > 180 && b - r > 80 && b - g > 40) seriesPixels++;
          }
          return { id: fig.getAttribute('data-chart'), painted, seriesPixels };
        }),
      );
      expect(charts.map((c) => c.id)).toEqual([
        'replicasets',
        'pod-phases',
        'nodes',
        'node-utilization',
        'hpa-webapi',
        'rps',
        'latency',
        'errors',
        'pending',
        'cost',
      ]);
      for (const c of charts) {
        expect(c.painted, `chart ${c.id} painted pixels`).toBeGreaterThan(1000);
        expect(c.seriesPixels, `chart ${c.id} first-series pixels`).toBeGreaterThan(50);
      }

      // The expectations and the escaped timeline text render as text, not markup.
      expect(await page.locator('.expectations li.bad').count()).toBe(1);
      expect(await page.locator('.timeline').innerText()).toContain('</script><b>');

      // Warnings are highlighted; the filter narrows the table.
      expect(await page.locator('table.events tbody tr').count()).toBe(8);
      expect(await page.locator('table.events tr.warning').count()).toBe(3);
      await page.selectOption('#event-type', 'Warning');
      expect(await page.locator('table.events tbody tr:visible').count()).toBe(3);
      await page.selectOption('#event-type', '');
      await page.fill('#event-filter', 'ScalingReplicaSet');
      expect(await page.locator('table.events tbody tr:visible').count()).toBe(2);
      await page.fill('#event-filter', '');

      await page.screenshot({ path: '/tmp/report.png', fullPage: true });
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
