/**
 * The browser playground end to end in headless Debian Chromium: build the page, open it from disk, run every
 * bundled scenario a simulated minute, scrub the flagship, read its tables, play, edit a manifest value and see the
 * result change, and reopen the share link. Skips only off CI when Chromium is missing.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlayground } from '../../scripts/playground.ts';
import { launchChromium, openPage, skipBrowserTests } from '../support/chromium.ts';

const scenarios = readdirSync(join(import.meta.dirname, '..', '..', 'scenarios')).filter((f) => f.endsWith('.yaml'));

/** Sets the scrubber to `ms` as a user dragging it would (input, then change). */
async function scrubTo(page: Page, ms: number): Promise<void> {
  await page.$eval(
    '#scrub',
    (el, value) => {
      const input = el as HTMLInputElement;
      input.value = String(value);
      input.dispatchEvent(new Event('input'));
      input.dispatchEvent(new Event('change'));
    },
    ms,
  );
}

describe.skipIf(skipBrowserTests)('the playground in Chromium', () => {
  let url = '';
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    url = pathToFileURL(await buildPlayground(mkdtempSync(join(tmpdir(), 'kubesim-playground-')))).href;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('runs every bundled scenario, with no console error', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(url);
    const names = await page.$$eval('#example option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(names.sort()).toEqual(scenarios.map((f) => f.replace(/\.yaml$/, '')).sort());
    for (const name of names) {
      await page.selectOption('#example', name);
      await page.click('#step');
      expect(await page.textContent('#clock'), name).toMatch(/^1m \//);
      expect(await page.isHidden('#errors'), name).toBe(true);
      await page.selectOption('#view', 'nodes');
      expect(await page.textContent('#output'), name).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\n\S+\s+Ready/);
      await page.selectOption('#view', 'pods');
    }
    expect(errors).toEqual([]);
  }, 240_000);

  it('scrubs, plays, describes, draws the report, and an edit changes the run; the share link keeps the edit', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${url}?example=webapi-peak`);
    // The flagship at 1 h: the HPA's three minimum replicas, Running.
    await scrubTo(page, 3_600_000);
    expect(await page.textContent('#clock')).toBe('1h / 24h');
    const pods = (await page.textContent('#output')) ?? '';
    expect(pods.match(/ Running /g)).toHaveLength(3);
    // Back in time from history: at 0 s nothing is Running yet (the scrubber moves in 15 s resolution steps).
    await scrubTo(page, 0);
    expect(await page.textContent('#clock')).toBe('0s / 24h (run at 1h)');
    expect(await page.textContent('#output')).not.toContain(' Running ');
    // Describe the HPA at 1 h.
    await scrubTo(page, 3_600_000);
    await page.selectOption('#view', 'describe');
    await page.fill('#describe', 'hpa/webapi-hpa');
    await page.dispatchEvent('#describe', 'change');
    expect(await page.textContent('#output')).toMatch(/^Name:\s+webapi-hpa$/m);
    // The report frame draws its charts from the run so far.
    const report = page.frameLocator('#report');
    await report.locator('[data-chart] canvas').first().waitFor();
    expect(await report.locator('[data-chart]').count()).toBeGreaterThanOrEqual(4);
    // Play moves simulated time on.
    await page.click('#play');
    await page.waitForFunction(() => !/^1h \//.test(document.getElementById('clock')?.textContent ?? ''));
    await page.click('#play');
    // Edit: two nodes instead of three (the scenario's pool count), run again.
    await page.click('.cm-content');
    await page.getByText('count: 3').click();
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('2');
    await page.click('#run');
    await page.selectOption('#view', 'nodes');
    await page.click('#step');
    expect(await page.isHidden('#errors')).toBe(true);
    const nodes = (await page.textContent('#output')) ?? '';
    expect(nodes.trim().split('\n')).toHaveLength(3);
    // A broken edit lists the errors with file, line and field, and runs nothing.
    await page.getByText('count: 2').click();
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('1');
    await page.click('#run');
    expect(await page.textContent('#errors')).toMatch(/^scenarios\/webapi-peak\.yaml:38:\d+: spec\.timeline\[0\]\.failNode: Invalid value: "general-2": no node named "general-2"/);
    await page.getByText('count: 1').click();
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('2');
    await page.click('#run');
    await page.click('#step');
    expect(await page.isHidden('#errors')).toBe(true);
    // The share link reopens the edited files.
    await page.click('#share');
    const shared = page.url();
    expect(shared).toMatch(/#s=[A-Za-z0-9_-]+$/);
    const second = await openPage(browser);
    await second.page.goto(shared);
    await second.page.selectOption('#view', 'nodes');
    await second.page.click('#step');
    expect(((await second.page.textContent('#output')) ?? '').trim().split('\n')).toHaveLength(3);
    expect(errors).toEqual([]);
    expect(second.errors).toEqual([]);
  }, 240_000);
});
