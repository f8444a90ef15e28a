/**
 * The report's "Workloads and storage at the end" section on real runs, opened in headless Debian Chromium:
 * volume-expansion.yaml's StatefulSet, claims (data-postgres-0 grown to 20Gi), volumes and classes, and
 * cronjob-burst.yaml's CronJob and Jobs, as `kubectl get -A` prints them, with no console error. Skips only off CI
 * when Chromium is not installed (`bash .ci/install-tools.sh` installs it).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/api.ts';
import { ScenarioRun } from '../../src/scenario/run.ts';
import { buildReportData } from '../../src/scenario/report-data.ts';
import { renderReportHtml } from '../../src/report/html.ts';
import { loadReportAssets } from '../../src/cli/report-assets.ts';
import { launchChromium, openPage, skipBrowserTests } from '../support/chromium.ts';

async function tablesOf(scenarioFile: string): Promise<{ tables: Record<string, string[][]>; errors: string[] }> {
  const scenario = await loadScenario(join(import.meta.dirname, '..', '..', 'scenarios', scenarioFile));
  const run = new ScenarioRun(scenario).run();
  const file = join(mkdtempSync(join(tmpdir(), 'kubesim-objects-')), 'report.html');
  writeFileSync(file, renderReportHtml(buildReportData(run, run.expectations()), loadReportAssets()));
  const browser = await launchChromium();
  try {
    const { page, errors } = await openPage(browser);
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('#objects table.objects');
    const tables = await page.$$eval('#objects table.objects', (ts) =>
      Object.fromEntries(ts.map((t) => [t.getAttribute('data-resource') ?? '', Array.from(t.querySelectorAll('tr'), (tr) => Array.from(tr.children, (c) => c.textContent ?? ''))])),
    );
    return { tables, errors };
  } finally {
    await browser.close();
  }
}

describe.skipIf(skipBrowserTests)('workload and storage tables in report.html', () => {
  it('volume-expansion: the StatefulSet, its grown claim, the volumes and both classes', async () => {
    const { tables, errors } = await tablesOf('volume-expansion.yaml');
    expect(errors).toEqual([]);
    expect(Object.keys(tables)).toEqual(['statefulsets', 'persistentvolumeclaims', 'persistentvolumes', 'storageclasses']);
    expect(tables['statefulsets']).toEqual([['NAMESPACE', 'NAME', 'READY', 'AGE'], ['default', 'postgres', '1/1', '30m']]);
    const claims = tables['persistentvolumeclaims']!;
    expect(claims[0]).toEqual(['NAMESPACE', 'NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE']);
    expect(claims.slice(1).map((r) => [r[1], r[2], r[4], r[6]])).toEqual([
      ['data-postgres-0', 'Bound', '20Gi', 'standard-rwo'],
      ['reports', 'Bound', '100Gi', 'fixed-hdd'],
    ]);
    expect(tables['persistentvolumes']!.slice(1).map((r) => [r[1], r[5]]).sort()).toEqual([['100Gi', 'default/reports'], ['20Gi', 'default/data-postgres-0']]);
    expect(tables['storageclasses']!.slice(1).map((r) => [r[0], r[4]])).toEqual([['fixed-hdd', 'false'], ['standard-rwo (default)', 'true']]);
  }, 60_000);

  it('cronjob-burst: the CronJob and the Jobs it created', async () => {
    const { tables, errors } = await tablesOf('cronjob-burst.yaml');
    expect(errors).toEqual([]);
    expect(tables['cronjobs']![0]).toEqual(['NAMESPACE', 'NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE']);
    expect(tables['cronjobs']!.length).toBeGreaterThan(1);
    expect(tables['jobs']![0]).toEqual(['NAMESPACE', 'NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE']);
    expect(tables['jobs']!.slice(1).every((r) => ['Complete', 'Running', 'Failed', 'Suspended'].includes(r[2]!))).toBe(true);
  }, 60_000);
});
