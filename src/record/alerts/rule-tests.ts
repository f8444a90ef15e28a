/**
 * Unit tests of rule files in `promtool test rules` format (cmd/promtool/unittest.go): `rule_files`,
 * `evaluation_interval` (default 1m), and `tests`, each with `interval` (default 1m), `input_series` in expanding
 * notation, optional `external_labels`, `alert_rule_test` (the alerts firing at `eval_time` for `alertname`, compared
 * by labels, with `alertname` added, and annotations, in any order) and `promql_expr_test` (an instant query at
 * `eval_time` against the input and the recorded series, compared with `exp_samples` in any order). Rules are
 * evaluated from 0 every evaluation interval up to the largest `eval_time`, as promtool does.
 */
import { parse as parseYaml } from 'yaml';
import { Evaluator } from '../promql/eval.ts';
import { expandValues, parseSeriesDescription } from '../promql/notation.ts';
import { parseDurationMs, parsePromQL } from '../promql/parse.ts';
import { SeriesSet } from '../promql/storage.ts';
import { formatLabels, type Labels } from '../promql/value.ts';
import { evaluateRules, type AlertRecord } from './evaluate.ts';
import { isObject, parseRuleGroups, type RuleGroup } from './rules.ts';

/** The outcome of one test group or one check in it. */
export interface RuleTestResult {
  /** `tests[0]` or its `name`. */
  test: string;
  /** Each failed check, described as promtool does (expected vs got). */
  failures: string[];
}

export interface RuleTestRun {
  /** Problems that stop the tests (unreadable rule files, bad fields), with their field paths. */
  errors: string[];
  results: RuleTestResult[];
}

function durationOf(v: unknown, fallbackMs: number, path: string, errors: string[]): number {
  if (v === undefined) return fallbackMs;
  const ms = typeof v === 'string' ? parseDurationMs(v) : NaN;
  if (Number.isNaN(ms)) errors.push(`${path}: not a valid duration string: ${JSON.stringify(v)}`);
  return Number.isNaN(ms) ? fallbackMs : ms;
}

function stringMap(v: unknown): Record<string, string> {
  if (!isObject(v)) return {};
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
}

/** `{labels} {annotations}` as the failure text prints an alert (formatLabels sorts the names). */
function alertText(a: { labels: Labels; annotations: Readonly<Record<string, string>> }): string {
  return `Labels:${formatLabels(a.labels)} Annotations:${formatLabels(a.annotations)}`;
}

/**
 * Runs a test file's text. `readRuleFile(path)` returns a rule file named in `rule_files` (relative to the test
 * file, as promtool resolves them) or throws.
 */
export function runRuleTests(text: string, file: string, readRuleFile: (path: string) => string): RuleTestRun {
  const errors: string[] = [];
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    return { errors: [`${file}: ${(e as Error).message}`], results: [] };
  }
  if (!isObject(doc)) return { errors: [`${file}: expected a map with rule_files and tests`], results: [] };
  const groups: RuleGroup[] = [];
  const ruleFiles = Array.isArray(doc['rule_files']) ? (doc['rule_files'] as unknown[]) : [];
  ruleFiles.forEach((p, i) => {
    let ruleText: string;
    try {
      ruleText = readRuleFile(String(p));
    } catch (e) {
      errors.push(`${file}: rule_files[${i}]: ${(e as Error).message}`);
      return;
    }
    const parsed = parseRuleGroups(parseYaml(ruleText), String(p));
    for (const prob of parsed.problems) errors.push(`${String(p)}: ${prob.path}: ${prob.message}`);
    groups.push(...parsed.groups);
  });
  const evalIntervalMs = durationOf(doc['evaluation_interval'], 60_000, `${file}: evaluation_interval`, errors);
  const tests = Array.isArray(doc['tests']) ? (doc['tests'] as unknown[]) : [];
  if (tests.length === 0) errors.push(`${file}: tests: expected a list of tests`);
  if (errors.length > 0) return { errors, results: [] };
  const results = tests.map((t, i) => runTest(t, `tests[${i}]`, groups, evalIntervalMs));
  return { errors, results };
}

function runTest(raw: unknown, path: string, groups: readonly RuleGroup[], evalIntervalMs: number): RuleTestResult {
  const t = isObject(raw) ? raw : {};
  const name = typeof t['name'] === 'string' ? `${path} (${t['name']})` : path;
  const failures: string[] = [];
  const intervalMs = durationOf(t['interval'], 60_000, `${path}.interval`, failures);
  const storage = new SeriesSet();
  const inputs = Array.isArray(t['input_series']) ? (t['input_series'] as unknown[]) : [];
  inputs.forEach((s, i) => {
    const entry = isObject(s) ? s : {};
    try {
      const labels = parseSeriesDescription(String(entry['series'] ?? ''));
      const times: number[] = [];
      const values: number[] = [];
      const stale: number[] = [];
      expandValues(String(entry['values'] ?? '')).forEach((p, k) => {
        if (p === undefined) return;
        times.push(k * intervalMs);
        values.push(p === 'stale' ? NaN : p);
        stale.push(p === 'stale' ? 1 : 0);
      });
      storage.add({ labels, times, values, stale });
    } catch (e) {
      failures.push(`${path}.input_series[${i}]: ${(e as Error).message}`);
    }
  });
  const alertTests = Array.isArray(t['alert_rule_test']) ? (t['alert_rule_test'] as unknown[]).map((x) => (isObject(x) ? x : {})) : [];
  const exprTests = Array.isArray(t['promql_expr_test']) ? (t['promql_expr_test'] as unknown[]).map((x) => (isObject(x) ? x : {})) : [];
  const evalTime = (x: Record<string, unknown>, p: string) => durationOf(x['eval_time'], 0, `${p}.eval_time`, failures);
  const maxEval = Math.max(0, ...alertTests.map((x, i) => evalTime(x, `${path}.alert_rule_test[${i}]`)), ...exprTests.map((x, i) => evalTime(x, `${path}.promql_expr_test[${i}]`)));
  if (failures.length > 0) return { test: name, failures };
  const { alerts, failures: evalFailures } = evaluateRules(groups, storage, { startMs: 0, endMs: maxEval, evaluationIntervalMs: evalIntervalMs, externalLabels: stringMap(t['external_labels']) });
  for (const f of evalFailures) failures.push(`${f.group}/${f.rule} at ${f.atMs / 1000}s: ${f.message}`);
  alertTests.forEach((x, i) => {
    const at = evalTime(x, `${path}.alert_rule_test[${i}]`);
    const alertname = String(x['alertname'] ?? '');
    // The alerts firing after the last evaluation at or before eval_time.
    const lastEval = Math.floor(at / evalIntervalMs) * evalIntervalMs;
    const firing = (a: AlertRecord) => a.name === alertname && a.firedAtMs !== undefined && a.firedAtMs <= lastEval && (a.resolvedAtMs === undefined || a.resolvedAtMs > lastEval);
    const got = alerts.filter(firing).map((a) => alertText(a));
    const exp = (Array.isArray(x['exp_alerts']) ? (x['exp_alerts'] as unknown[]) : []).map((e) => {
      const o = isObject(e) ? e : {};
      return alertText({ labels: { ...stringMap(o['exp_labels']), alertname }, annotations: stringMap(o['exp_annotations']) });
    });
    if ([...got].sort().join('\n') !== [...exp].sort().join('\n')) {
      failures.push(`alertname: ${alertname}, time: ${x['eval_time']},\n        exp:[${exp.join(', ')}],\n        got:[${got.join(', ')}]`);
    }
  });
  exprTests.forEach((x, i) => {
    const at = evalTime(x, `${path}.promql_expr_test[${i}]`);
    const expr = String(x['expr'] ?? '');
    let got: string[];
    try {
      const v = new Evaluator(storage).instant(parsePromQL(expr), at);
      const samples = v.type === 'vector' ? v.samples : v.type === 'scalar' ? [{ labels: {}, v: v.v }] : [];
      got = samples.map((s) => `${formatLabels(s.labels)} ${s.v}`);
    } catch (e) {
      failures.push(`expr: ${JSON.stringify(expr)}, time: ${x['eval_time']}, err: ${(e as Error).message}`);
      return;
    }
    const exp = (Array.isArray(x['exp_samples']) ? (x['exp_samples'] as unknown[]) : []).map((e) => {
      const o = isObject(e) ? e : {};
      const labels = o['labels'] === undefined ? {} : parseSeriesDescription(String(o['labels']));
      return `${formatLabels(labels)} ${Number(o['value'])}`;
    });
    const key = (list: string[]) => [...list].sort().join('\n');
    if (key(got) !== key(exp)) failures.push(`expr: ${JSON.stringify(expr)}, time: ${x['eval_time']},\n        exp: ${JSON.stringify(exp)}\n        got: ${JSON.stringify(got)}`);
  });
  return { test: name, failures };
}
