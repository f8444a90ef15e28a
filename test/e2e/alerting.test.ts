/**
 * Alerting end to end: the crashloop scenario's mixin alerts through `kubesim run`, load errors of rule files and
 * alert expectations, PrometheusRule manifests, and `kubesim test-rules` — checked against promtool itself when
 * Debian's prometheus package is installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFromObject } from '../../src/scenario/load.ts';
import { MemoryFileSystem } from '../../src/scenario/fs.ts';
import { formatFieldError } from '../../src/api/errors.ts';
import { ScenarioRun } from '../../src/scenario/run.ts';
import { kubesim } from '../cli/helpers.ts';
import { ALERTS_YML, TEST_YML } from '../record/alerts/fixtures.ts';

const promtool = spawnSync('promtool', ['--version']).status === 0;

const base = (extra: object) => ({
  apiVersion: 'kubesim.dev/v1alpha1',
  kind: 'Scenario',
  metadata: { name: 'alerting' },
  spec: {
    duration: '30m',
    cluster: { nodePools: [{ name: 'n', count: 1, capacity: { cpu: '4', memory: '8Gi', pods: 110 } }] },
    manifests: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1', resources: { requests: { cpu: '100m' } } }] } } },
      },
    ],
    ...extra,
  },
});

describe('alerting rules in scenarios', () => {
  it('crashloop.yaml: the mixin alerts fire as the scenario expects', async () => {
    const r = await kubesim('run', 'scenarios/crashloop.yaml', '--no-progress');
    expect(r.code).toBe(0);
    // The labels column is cut at 60 characters.
    expect(r.out.match(/^KubePodCrashLooping\s+container=worker,job=kube-state-metrics,namespace=default,p…\s+1m00s\s+16m00s\s+-$/gm)).toHaveLength(2);
    expect(r.out).toContain('✓  alert KubePodCrashLooping fires after 15m and within 17m');
    expect(r.out).toContain('✓  alert KubePodNotReady never fires');
  });

  it('a PrometheusRule manifest alerts too, and an alert expectation names a rule that exists', () => {
    const rule = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'web' },
      spec: { groups: [{ name: 'web', rules: [{ alert: 'WebUp', expr: 'kube_deployment_status_replicas_available{deployment="web"} >= 2', for: '5m', labels: { severity: 'info' } }] }] },
    };
    const obj = base({ expect: [{ alertFires: { name: 'WebUp', within: '7m' } }, { noAlert: { name: 'WebUp' } }] });
    (obj.spec.manifests as object[]).push(rule);
    const r = loadScenarioFromObject(obj);
    expect(r.errors.map(formatFieldError)).toEqual([]);
    const run = new ScenarioRun(r.scenario!).run();
    expect(run.expectations().map((e) => [e.description, e.ok])).toEqual([
      ['alert WebUp fires within 7m', true],
      ['alert WebUp never fires', false],
    ]);
    const unknown = loadScenarioFromObject(base({ expect: [{ noAlert: { name: 'Nope' } }] }));
    expect(unknown.errors.map(formatFieldError)).toEqual(['spec.expect[0].noAlert.name: Invalid value: "Nope": no alerting rule of that name: add rules under spec.alerting or PrometheusRule manifests']);
    const bad = { ...rule, spec: { groups: [{ name: 'web', rules: [{ alert: 'WebUp', expr: 'rate(x[5m]', for: 'soon' }] }] } };
    const badObj = base({});
    (badObj.spec.manifests as object[]).push(bad);
    expect(loadScenarioFromObject(badObj).errors.map((e) => e.field)).toEqual(['spec.groups[0].rules[0].expr', 'spec.groups[0].rules[0].for']);
  });

  it('rule files: every problem at its line in the rule file', () => {
    const fs = new MemoryFileSystem({
      '/s/scenario.yaml': '',
      '/s/rules.yaml': 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up ==\n  - record: bad name\n    expr: up\n',
    });
    const r = loadScenarioFromObject(base({ alerting: { ruleFiles: ['rules.yaml', 'missing.yaml'] } }), fs, { file: '/s/scenario.yaml' });
    const text = r.errors.map(formatFieldError);
    expect(text).toEqual([
      'spec.alerting.ruleFiles[1]: Invalid value: "missing.yaml": cannot read the rule file /s/missing.yaml: no such file',
      '/s/rules.yaml:5:11: groups[0].rules[0].expr: Invalid value: could not parse expression: 1:6: parse error: unexpected end of input',
      '/s/rules.yaml:6:13: groups[0].rules[1].record: Invalid value: invalid recording rule name: "bad name"',
    ]);
  });
});

describe('kubesim test-rules', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-rules-'));
  writeFileSync(join(dir, 'alerts.yml'), ALERTS_YML);
  writeFileSync(join(dir, 'test.yml'), TEST_YML);
  writeFileSync(join(dir, 'wrong.yml'), TEST_YML.replace('eval_time: 10m', 'eval_time: 4m'));

  it('passes the documentation example and the shipped mixin tests, and fails a wrong expectation (exit 1)', async () => {
    const ok = await kubesim('test-rules', join(dir, 'test.yml'), 'scenarios/rules/kubernetes-mixin.test.yaml');
    expect(ok.code).toBe(0);
    expect(ok.out.match(/^ {2}SUCCESS$/gm)).toHaveLength(2);
    const wrong = await kubesim('test-rules', join(dir, 'wrong.yml'));
    expect(wrong.code).toBe(1);
    expect(wrong.out).toMatch(/FAILED:\n\s+tests\[0\]: alertname: InstanceDown, time: 4m,/);
  });

  it.skipIf(!promtool)('agrees with promtool on the same files', () => {
    for (const [file, want] of [
      [join(dir, 'test.yml'), 0],
      [join(dir, 'wrong.yml'), 1],
      ['scenarios/rules/kubernetes-mixin.test.yaml', 0],
    ] as const) {
      expect(spawnSync('promtool', ['test', 'rules', file]).status, file).toBe(want);
    }
  });
});
