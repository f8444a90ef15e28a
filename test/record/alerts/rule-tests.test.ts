import { describe, expect, it } from 'vitest';
import { runRuleTests } from '../../../src/record/alerts/rule-tests.ts';
import { ALERTS_YML, TEST_YML } from './fixtures.ts';

const read = (files: Record<string, string>) => (p: string) => {
  const text = files[p];
  if (text === undefined) throw new Error(`open ${p}: no such file or directory`);
  return text;
};

describe('promtool test rules format (the example of Prometheus unit_testing_rules.md)', () => {
  it('passes as upstream wrote it', () => {
    const r = runRuleTests(TEST_YML, 'test.yml', read({ 'alerts.yml': ALERTS_YML }));
    expect(r.errors).toEqual([]);
    expect(r.results).toEqual([{ test: 'tests[0]', failures: [] }]);
  });

  it('fails with expected and got when an expectation is wrong', () => {
    // At 10m AnotherInstanceDown (for: 10m) has only just become active for localhost:9100 … and is firing for 9090.
    const wrongTime = TEST_YML.replace('eval_time: 10m', 'eval_time: 4m');
    const r = runRuleTests(wrongTime, 'test.yml', read({ 'alerts.yml': ALERTS_YML }));
    expect(r.results[0]!.failures).toHaveLength(1);
    expect(r.results[0]!.failures[0]).toMatch(/^alertname: InstanceDown, time: 4m,\n\s+exp:\[Labels:\{alertname="InstanceDown", instance="localhost:9090", job="prometheus", severity="page"\}.*\],\n\s+got:\[\]$/);
    const wrongValue = TEST_YML.replace('value: 50\n                # Sample 2.', 'value: 51\n                # Sample 2.');
    expect(runRuleTests(wrongValue, 'test.yml', read({ 'alerts.yml': ALERTS_YML })).results[0]!.failures[0]).toMatch(/^expr: "go_goroutines > 5", time: 4m,/);
  });

  it('reports rule file problems with their field paths, and runs nothing', () => {
    const bad = ALERTS_YML.replace('expr: up == 0\n    for: 5m', 'expr: up ==\n    for: 5 minutes');
    const r = runRuleTests(TEST_YML, 'test.yml', read({ 'alerts.yml': bad }));
    expect(r.results).toEqual([]);
    expect(r.errors).toEqual([
      expect.stringMatching(/^alerts\.yml: groups\[0\]\.rules\[0\]\.expr: could not parse expression: /),
      'alerts.yml: groups[0].rules[0].for: not a valid duration string: "5 minutes" (expected e.g. 30s, 5m, 1h30m)',
    ]);
    const missing = runRuleTests(TEST_YML, 'test.yml', read({}));
    expect(missing.errors).toEqual(['test.yml: rule_files[0]: open alerts.yml: no such file or directory']);
  });
});
