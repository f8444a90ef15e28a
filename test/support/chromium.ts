/**
 * Headless Debian Chromium for the browser tests (playwright-core drives /usr/bin/chromium; nothing is
 * downloaded). The flags keep it off the network this machine does not have.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Whether Chromium is installed (`bash .ci/install-tools.sh` installs it). */
export const chromiumAvailable = existsSync(CHROMIUM);

/** Browser tests skip only off CI when Chromium is missing; on CI they must run. */
export const skipBrowserTests = !chromiumAvailable && !process.env['CI'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A new page (1400×1000) collecting the console errors and uncaught exceptions it reports. */
export async function openPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return { page, errors };
}
