/**
 * Headless Debian Chromium for the browser tests (playwright-core drives /usr/bin/chromium; nothing is
 * downloaded). The flags keep it off the network this machine does not have.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Whether Chromium is installed (`bash .ci/install-browser.sh` installs it). */
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
