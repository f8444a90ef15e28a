/**
 * `kubesim run --watch`: the frame renderer on its own, and the command under a pseudo-terminal (util-linux
 * `script`), whose run must be the same run as without `--watch`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWatchSpeed, renderWatchFrame } from '../../src/cli/watch.ts';
import { loadScenario } from '../../src/scenario/api.ts';
import { ScenarioRun } from '../../src/scenario/run.ts';
import { kubesim } from './helpers.ts';

const FLAGSHIP = 'scenarios/webapi-peak.yaml';
const SCRIPT = '/usr/bin/script';

describe('kubesim run --watch', () => {
  it.each([
    ['600x', 600],
    ['36000', 36000],
    ['1.5x', 1.5],
    ['max', 'max'],
    [undefined, 600],
  ] as const)('parses --speed %s', (text, speed) => {
    expect(parseWatchSpeed(text)).toBe(speed);
  });

  it.each(['0x', 'fast', '-3x', '600xx'])('rejects --speed %s', (text) => {
    expect(() => parseWatchSpeed(text)).toThrow(/--speed: expected a factor such as 600x, or max/);
  });

  it('draws the key figures and tables of the instant, cut to the terminal', async () => {
    const run = new ScenarioRun(await loadScenario(FLAGSHIP)).run(14 * 3_600_000 + 15 * 60_000);
    const frame = renderWatchFrame(run, 24 * 3_600_000, 600, { rows: 30, cols: 100 });
    const lines = frame.split('\n');
    expect(lines[0]).toMatch(/^kubesim {2}webapi-peak {2}14h15m \/ 24h {2}\[#{14}\.{10}\] {2}600×$/);
    expect(lines[1]).toMatch(/^nodes 2\/3 Ready {3}pods \d+ Running, \d+ Pending {3}cost \$\d+\.\d\d$/);
    expect(frame).toMatch(/^webapi-service\s+\d+\.\d\s+\d+\.\d\d\s+\d+ms$/m);
    expect(frame).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/m);
    expect(frame).toMatch(/^webapi-hpa\s+Deployment\/webapi-deployment/m);
    expect(frame).toMatch(/^… \d+ more$/m);
    expect(lines.length).toBeLessThanOrEqual(29);
    expect(lines.every((l) => l.length <= 100)).toBe(true);
  });

  it('needs a terminal', async () => {
    const r = await kubesim('run', FLAGSHIP, '--watch', '--until', '1m');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--watch redraws a terminal, and stdout is not one/);
  });

  it.skipIf(!existsSync(SCRIPT))('plays the run back under a pseudo-terminal, and it is the run without --watch', () => {
    const cmd = `node bin/kubesim.mjs run ${FLAGSHIP} --until 30m --watch --speed max`;
    const watched = spawnSync(SCRIPT, ['-qfec', cmd, '/dev/null'], { encoding: 'utf8', env: { ...process.env, COLUMNS: '120', LINES: '40' } }).stdout;
    const frames = watched.split('\x1b[H\x1b[2J');
    // One frame per simulated minute at max speed, then the summary after the last.
    expect(frames.length - 1).toBe(30);
    expect(frames.at(-1)).toMatch(/^kubesim {2}webapi-peak {2}30m \/ 30m /);
    expect(watched).toContain('\x1b[?25l');
    expect(watched).toContain('\x1b[?25h');
    // Exit 1 either way: at 30 m the flagship's rollout has not happened, so that expectation fails.
    const plain = spawnSync('node', ['bin/kubesim.mjs', 'run', FLAGSHIP, '--until', '30m', '--json'], { encoding: 'utf8' }).stdout;
    const hash = (JSON.parse(plain.slice(plain.indexOf('{'))) as { traceHash: string }).traceHash;
    expect(watched).toContain(`trace ${hash}`);
  });
});
