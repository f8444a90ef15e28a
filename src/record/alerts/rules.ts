/**
 * Prometheus rule files (`groups: [{name, interval, rules: [...]}]`, as `promtool check rules` reads them) and the
 * `spec` of a prometheus-operator `PrometheusRule` (monitoring.coreos.com/v1), read into checked rule groups:
 * every expression parsed by the PromQL parser and every label and annotation template compiled, so a bad rule is
 * an error naming its field path when the scenario loads, never during the run. Validation follows
 * `rulefmt.RuleGroups.Validate`: unique group names, `record` xor `alert`, a non-empty `expr`, `for` and
 * `keep_firing_for` only on alerts, valid metric and label names.
 */
import type { Expr } from '../promql/ast.ts';
import { parseDurationMs, parsePromQL, PromQLError } from '../promql/parse.ts';
import { compileTemplate, TemplateError, type Template } from './template.ts';

/** One problem in a rule file: the field path (`groups[0].rules[2].expr`) and what is wrong. */
export interface RuleProblem {
  path: string;
  message: string;
}

export interface AlertingRule {
  kind: 'alert';
  name: string;
  exprText: string;
  expr: Expr;
  /** `for`, ms. */
  forMs: number;
  /** `keep_firing_for`, ms. */
  keepFiringForMs: number;
  labels: Readonly<Record<string, Template>>;
  annotations: Readonly<Record<string, Template>>;
}

export interface RecordingRule {
  kind: 'record';
  name: string;
  exprText: string;
  expr: Expr;
  labels: Readonly<Record<string, Template>>;
}

export type Rule = AlertingRule | RecordingRule;

export interface RuleGroup {
  name: string;
  /** The group's `interval`, ms, or undefined for the global evaluation interval. */
  intervalMs: number | undefined;
  rules: Rule[];
  /** Where the group came from (a file path or `PrometheusRule/<ns>/<name>`), for messages. */
  source: string;
}

/** `groups[0].rules[2].expr` → `['groups', 0, 'rules', 2, 'expr']`, for positions in the source. */
export function splitRulePath(path: string): (string | number)[] {
  return path
    .split(/\.|(?=\[)/)
    .filter((s) => s !== '')
    .map((s) => (/^\[\d+\]$/.test(s) ? Number(s.slice(1, -1)) : s));
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A YAML mapping (not a list, not null). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A Prometheus duration (`30s`, `1h30m`, `1d`), ms; undefined and problem noted when malformed. */
function duration(v: unknown, path: string, problems: RuleProblem[]): number | undefined {
  if (v === undefined) return undefined;
  const ms = typeof v === 'string' ? parseDurationMs(v) : NaN;
  if (Number.isNaN(ms)) {
    problems.push({ path, message: `not a valid duration string: ${JSON.stringify(v)} (expected e.g. 30s, 5m, 1h30m)` });
    return undefined;
  }
  return ms;
}

function templates(v: unknown, path: string, problems: RuleProblem[], checkNames: boolean): Record<string, Template> {
  const out: Record<string, Template> = {};
  if (v === undefined) return out;
  if (!isObject(v)) {
    problems.push({ path, message: 'expected a map of names to strings' });
    return out;
  }
  for (const [k, text] of Object.entries(v)) {
    if (checkNames && !LABEL_NAME.test(k)) problems.push({ path: `${path}.${k}`, message: `invalid label name: ${JSON.stringify(k)}` });
    if (typeof text !== 'string') {
      problems.push({ path: `${path}.${k}`, message: 'expected a string' });
      continue;
    }
    try {
      out[k] = compileTemplate(text);
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      problems.push({ path: `${path}.${k}`, message: `template: ${e.message}` });
    }
  }
  return out;
}

function rule(raw: unknown, path: string, problems: RuleProblem[]): Rule | undefined {
  if (!isObject(raw)) {
    problems.push({ path, message: 'expected a rule (a map with record or alert, and expr)' });
    return undefined;
  }
  const known = new Set(['record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations']);
  for (const k of Object.keys(raw)) if (!known.has(k)) problems.push({ path: `${path}.${k}`, message: `field ${k} not found in type rulefmt.Rule` });
  const { record, alert } = raw;
  if ((record === undefined) === (alert === undefined)) {
    problems.push({ path, message: 'one of record or alert must be set' });
    return undefined;
  }
  const exprText = raw['expr'];
  if (typeof exprText !== 'string' && typeof exprText !== 'number') {
    problems.push({ path: `${path}.expr`, message: 'field expr must be set in rule' });
    return undefined;
  }
  let expr: Expr | undefined;
  try {
    expr = parsePromQL(String(exprText));
  } catch (e) {
    if (!(e instanceof PromQLError)) throw e;
    problems.push({ path: `${path}.expr`, message: `could not parse expression: ${e.message}` });
  }
  // Everything else is checked too, so one load lists every problem of the rule.
  const labels = templates(raw['labels'], `${path}.labels`, problems, true);
  if (record !== undefined) {
    if (typeof record !== 'string' || !METRIC_NAME.test(record)) problems.push({ path: `${path}.record`, message: `invalid recording rule name: ${JSON.stringify(record)}` });
    for (const k of ['for', 'keep_firing_for', 'annotations']) if (raw[k] !== undefined) problems.push({ path: `${path}.${k}`, message: `invalid field '${k}' in recording rule` });
    return expr && { kind: 'record', name: String(record), exprText: String(exprText), expr, labels };
  }
  if (typeof alert !== 'string' || alert === '') problems.push({ path: `${path}.alert`, message: 'invalid alert name' });
  const forMs = duration(raw['for'], `${path}.for`, problems) ?? 0;
  const keepFiringForMs = duration(raw['keep_firing_for'], `${path}.keep_firing_for`, problems) ?? 0;
  const annotations = templates(raw['annotations'], `${path}.annotations`, problems, false);
  return expr && { kind: 'alert', name: String(alert), exprText: String(exprText), expr, forMs, keepFiringForMs, labels, annotations };
}

/**
 * The rule groups of a parsed rule file or PrometheusRule `spec` (`{groups: [...]}`); `prefix` starts every field
 * path (`spec` for a PrometheusRule). Problems are collected, never thrown.
 */
export function parseRuleGroups(doc: unknown, source: string, prefix = ''): { groups: RuleGroup[]; problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  const at = (p: string) => (prefix ? `${prefix}.${p}` : p);
  if (!isObject(doc) || !Array.isArray(doc['groups'])) {
    return { groups: [], problems: [{ path: at('groups'), message: 'expected a list of rule groups' }] };
  }
  const groups: RuleGroup[] = [];
  const names = new Set<string>();
  doc['groups'].forEach((g: unknown, i) => {
    const path = at(`groups[${i}]`);
    if (!isObject(g)) {
      problems.push({ path, message: 'expected a rule group (name, interval, rules)' });
      return;
    }
    const name = g['name'];
    if (typeof name !== 'string' || name === '') problems.push({ path: `${path}.name`, message: 'Groupname must not be empty' });
    else if (names.has(name)) problems.push({ path: `${path}.name`, message: `${JSON.stringify(name)}: repeated in the same file` });
    else names.add(name);
    const rules = Array.isArray(g['rules']) ? g['rules'] : [];
    if (!Array.isArray(g['rules'])) problems.push({ path: `${path}.rules`, message: 'expected a list of rules' });
    groups.push({
      name: String(name ?? ''),
      intervalMs: duration(g['interval'], `${path}.interval`, problems),
      rules: rules.map((r: unknown, j) => rule(r, `${path}.rules[${j}]`, problems)).filter((r): r is Rule => r !== undefined),
      source,
    });
  });
  return { groups, problems };
}
