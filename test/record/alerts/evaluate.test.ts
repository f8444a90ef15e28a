/**
 * Rule evaluation semantics of Prometheus' rules/alerting.go, on hand-made series (1-minute samples, 1-minute
 * evaluations): pending → firing after `for`, firing at once without it, resolving, `keep_firing_for`, the ALERTS
 * series, and recording rules read by the rules after them.
 */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { evaluateRules } from '../../../src/record/alerts/evaluate.ts';
import { parseRuleGroups } from '../../../src/record/alerts/rules.ts';
import { Evaluator } from '../../../src/record/promql/eval.ts';
import { parsePromQL } from '../../../src/record/promql/parse.ts';
import { SeriesSet } from '../../../src/record/promql/storage.ts';

const MIN = 60_000;

/** One series `x{instance="a"}` with one value per minute. */
function storageOf(values: number[]): SeriesSet {
  const s = new SeriesSet();
  s.add({ labels: { __name__: 'x', instance: 'a' }, times: values.map((_, i) => i * MIN), values });
  return s;
}

function run(rules: string, values: number[], endMin = values.length - 1) {
  const parsed = parseRuleGroups(parseYaml(rules), 'rules.yaml');
  expect(parsed.problems).toEqual([]);
  const storage = storageOf(values);
  return { storage, ...evaluateRules(parsed.groups, storage, { startMs: 0, endMs: endMin * MIN }) };
}

const rule = (extra: string) => `groups:\n- name: g\n  rules:\n  - alert: High\n    expr: x > 5\n${extra}`;

describe('alerting rule evaluation', () => {
  it('is pending from the first evaluation that returns it and fires once for has passed', () => {
    const { alerts } = run(rule('    for: 3m\n'), [0, 9, 9, 9, 9, 9, 0, 0]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ name: 'High', labels: { alertname: 'High', instance: 'a' }, activeAtMs: 1 * MIN, firedAtMs: 4 * MIN, resolvedAtMs: 6 * MIN, state: 'inactive' });
  });

  it('fires at once without for, and a pending alert that goes away never fires', () => {
    expect(run(rule(''), [0, 9, 0]).alerts[0]).toMatchObject({ activeAtMs: MIN, firedAtMs: MIN, resolvedAtMs: 2 * MIN });
    const short = run(rule('    for: 5m\n'), [0, 9, 9, 0, 0]).alerts;
    expect(short).toHaveLength(1);
    expect(short[0]!.firedAtMs).toBeUndefined();
    expect(short[0]!.state).toBe('inactive');
  });

  it('keep_firing_for keeps a firing alert firing after its condition clears', () => {
    const a = run(rule('    keep_firing_for: 2m\n'), [9, 0, 0, 0, 0]).alerts[0]!;
    // Missing at 1m and 2m (less than 2m since 1m), resolved at 3m.
    expect(a).toMatchObject({ firedAtMs: 0, resolvedAtMs: 3 * MIN });
  });

  it('writes ALERTS with alertstate pending, then firing, ending each with a staleness marker', () => {
    const { storage } = run(rule('    for: 2m\n'), [0, 9, 9, 9, 0, 0]);
    const at = (t: number, q: string) => {
      const v = new Evaluator(storage).instant(parsePromQL(q), t * MIN);
      return v.type === 'vector' ? v.samples.map((s) => s.labels['alertstate']) : [];
    };
    expect([1, 2, 3, 4].map((t) => at(t, 'ALERTS{alertname="High"}'))).toEqual([['pending'], ['pending'], ['firing'], []]);
  });

  it('templates labels and annotations with the sample, and a recording rule feeds the rules after it', () => {
    const rules = `groups:
- name: g
  rules:
  - record: instance:x:doubled
    expr: x * 2
  - alert: Doubled
    expr: instance:x:doubled > 10
    labels: {severity: '{{ if false }}{{ end }}'}
`;
    expect(parseRuleGroups(parseYaml(rules), 'r.yaml').problems).toEqual([
      { path: 'groups[0].rules[1].labels.severity', message: 'template: "{{if false}}": control structures and variables are not supported' },
    ]);
    const ok = rules.replace("severity: '{{ if false }}{{ end }}'", "severity: 'page-{{ $labels.instance }}'}\n    annotations: {summary: 'doubled is {{ $value }}'");
    // Firing from 1m (6 × 2 > 10); the annotations are those of the last evaluation (7 × 2).
    const { alerts } = run(ok, [0, 6, 7]);
    expect(alerts.map((a) => [a.labels, a.annotations, a.firedAtMs])).toEqual([[{ alertname: 'Doubled', instance: 'a', severity: 'page-a' }, { summary: 'doubled is 14' }, MIN]]);
  });
});
