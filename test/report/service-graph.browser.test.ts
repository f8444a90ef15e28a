/**
 * The report's service graph in headless Chromium: Online Boutique with a NetworkPolicy breaking checkout
 * (scenarios/networkpolicy-breaks-checkout.yaml) draws every Service as a box coloured by its error rate and every
 * call as an edge labelled with its rate; a graph whose data counts retries shows them. No console error.
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
import { ERROR_BANDS } from '../../src/report/service-graph.ts';
import type { ReportData } from '../../src/report/types.ts';
import { CHROMIUM, launchChromium, openPage, skipBrowserTests } from '../support/chromium.ts';

async function open(data: ReportData) {
  const file = join(mkdtempSync(join(tmpdir(), 'kubesim-graph-')), 'report.html');
  writeFileSync(file, renderReportHtml(data, loadReportAssets()));
  const browser = await launchChromium();
  const { page, errors } = await openPage(browser);
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('#service-graph svg');
  return { browser, page, errors };
}

describe.skipIf(skipBrowserTests)('the service graph in Chromium', async () => {
  const scenario = await loadScenario(join(import.meta.dirname, '..', '..', 'scenarios', 'networkpolicy-breaks-checkout.yaml'));
  const run = new ScenarioRun(scenario).run();
  const data = buildReportData(run, run.expectations());

  it('draws 11 Services and their calls, checkoutservice red, frontend orange, the rest green', async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is required on CI`).toBe(true);
    const { browser, page, errors } = await open(data);
    try {
      const nodes = await page.$$eval('#service-graph .node', (gs) =>
        gs.map((g) => ({ service: g.getAttribute('data-service'), fill: g.querySelector('rect')!.getAttribute('fill'), box: g.getBoundingClientRect().width })),
      );
      expect(nodes.map((n) => n.service).sort()).toEqual([
        'adservice', 'cartservice', 'checkoutservice', 'currencyservice', 'emailservice', 'frontend', 'paymentservice',
        'productcatalogservice', 'recommendationservice', 'redis-cart', 'shippingservice',
      ]);
      const fill = (s: string) => nodes.find((n) => n.service === s)!.fill;
      expect(fill('checkoutservice')).toBe(ERROR_BANDS[3]!.fill);
      expect(fill('frontend')).toBe(ERROR_BANDS[2]!.fill);
      expect(fill('currencyservice')).toBe(ERROR_BANDS[0]!.fill);
      expect(nodes.every((n) => n.box > 100)).toBe(true);
      const edges = await page.$$eval('#service-graph .edge', (gs) => gs.map((g) => ({ from: g.getAttribute('data-from'), to: g.getAttribute('data-to'), label: g.querySelector('text')!.textContent, length: (g.querySelector('path') as SVGPathElement).getTotalLength() })));
      // frontend 7 calls, checkoutservice 6, recommendationservice 1, cartservice 1.
      expect(edges).toHaveLength(15);
      expect(edges.every((e) => e.length > 50)).toBe(true);
      // 2.5 currency calls per page view.
      const fc = edges.find((e) => e.from === 'frontend' && e.to === 'currencyservice')!;
      expect(fc.label).toMatch(/^frontend 2\d\d\/s$/);
      expect(await page.textContent('#service-graph')).not.toContain('↻');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('shows retries when the data has them', async () => {
    const graph = data.summary.serviceGraph!;
    const withRetries: ReportData = { ...data, summary: { ...data.summary, serviceGraph: { ...graph, nodes: graph.nodes.map((n) => ({ ...n, retried: n.service === 'paymentservice' ? 1234 : 0 })) } } };
    const { browser, page, errors } = await open(withRetries);
    try {
      expect(await page.textContent('#service-graph .node[data-service="paymentservice"]')).toContain('↻ 1234');
      expect(await page.textContent('#service-graph .graph-note')).toContain('retries sent to the Service');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
