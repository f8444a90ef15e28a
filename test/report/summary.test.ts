import { describe, expect, it } from 'vitest';
import { renderSummary } from '../../src/report/summary.ts';
import { escapeJsonForScript, formatClock, renderReportHtml } from '../../src/report/html.ts';
import { syntheticReport } from './fixture.ts';

describe('renderSummary', () => {
  it('prints aligned plain text without colour', () => {
    expect(renderSummary(syntheticReport(), { color: false })).toMatchInlineSnapshot(`
      "webapi-peak  seed 42  simulated 2:00
      The webapi through a traffic peak, a node failure at 0:50 and a rollout to v2 at 1:10.

      SERVICE         AVAILABILITY  OBJECTIVE     P99    OBJECTIVE     REQUESTS  ERRORS
      webapi-service  99.931%       99.900%    ✓  412ms  300ms      ✗  1512000   1043

      WORKLOAD           PEAK REPLICAS  MIN AVAILABLE
      deployment/webapi  10             2

      max pending  1m34s (webapi-85f4b-x2k9q)
      nodes        3 at start, 4 at peak, 3 at end
      cost         $1.37
      restarts     2
      evictions    3

      expectations: 1 of 4 failed
        ✓  slo webapi-service availability ≥ 99.9%  availability 99.931%
        ✗  slo webapi-service latencyP99 ≤ 300ms    p99 412ms > 300ms (during 0:50–0:53)
        ✓  maxPendingTime ≤ 2m                      longest pending 1m34s (webapi-85f4b-x2k9q)
        ✓  rolloutCompletes webapi within 15m       completed in 5m10s

      trace sha256:3f9a1c0e7b2d4a6f
      "
    `);
  });
  it('colours verdicts only when asked', () => {
    const plain = renderSummary(syntheticReport(), { color: false });
    const coloured = renderSummary(syntheticReport(), { color: true });
    expect(plain).not.toContain('\u001b[');
    expect(coloured).toContain('\u001b[31m✗\u001b[0m');
    // Stripping the escapes gives back the plain layout: colour never shifts the columns.
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
  });
});

describe('renderReportHtml', () => {
  const html = renderReportHtml(syntheticReport(), { chartJs: 'var uPlot = {}; "</script>";' });
  it('keeps the embedded JSON and inlined script from closing the script element', () => {
    expect(html.match(/<\/script>/g)?.length).toBe(3); // the JSON, the library and the client script
    const json = /<script type="application\/json" id="report-data">([^]*?)<\/script>/.exec(html)?.[1] ?? '';
    const payload = JSON.parse(json) as { timeline: { description: string }[] };
    expect(payload.timeline[1]?.description).toContain('</script><b>');
  });
  it('escapes JSON for a script element', () => {
    expect(escapeJsonForScript('{"a":"</script><!--\u2028"}')).toBe('{"a":"\\u003c/script>\\u003c!--\\u2028"}');
  });
  it('only draws charts for series present', () => {
    const data = syntheticReport();
    data.series = data.series.filter((s) => s.name === 'http_requests_per_second');
    const page = renderReportHtml(data, { chartJs: '' });
    expect(page.match(/<figure class="chart" data-chart="/g)?.length).toBe(1);
    expect(page).toContain('data-chart="rps"');
  });
  it('formats simulated time as h:mm', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(70 * 60_000)).toBe('1:10');
    expect(formatClock(26 * 3600_000 + 5_000)).toBe('26:00:05');
  });
});
