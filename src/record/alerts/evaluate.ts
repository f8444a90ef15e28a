/**
 * Rule evaluation as Prometheus' rule manager does it (`rules/manager.go`, `rules/group.go`, `rules/alerting.go`
 * `AlertingRule.Eval`, `rules/recording.go`): every group at each multiple of its interval, its rules in order, each
 * an instant query at that time; a recording rule's result is stored under its name (with its labels) and read by
 * the rules after it; an alerting rule turns each result sample into an alert keyed by its labels (the sample's,
 * without `__name__`, plus the rule's templated labels and `alertname`): new → pending, pending for `for` → firing
 * (at once when `for` is 0), missing from a result → pending ones are dropped and firing ones resolve, unless
 * `keep_firing_for` keeps them firing since they were last seen. Each evaluation also writes the `ALERTS` series
 * (`alertstate` pending or firing, value 1; a staleness marker when an alert leaves a state), so queries can read
 * them as in Prometheus.
 *
 * Deviation: Prometheus offsets each group's evaluations by a hash of the group; kubesim evaluates every group at
 * multiples of its interval from the start of the run, so all groups of one interval evaluate together.
 */
import { Evaluator, PromQLEvalError } from '../promql/eval.ts';
import type { SeriesSet } from '../promql/storage.ts';
import { dropName, labelsKey, type Labels, type PromSeries } from '../promql/value.ts';
import type { AlertingRule, RecordingRule, RuleGroup } from './rules.ts';
import type { TemplateData } from './template.ts';

export type AlertState = 'pending' | 'firing' | 'inactive';

/** One alert (one label set of one rule) from becoming active until it resolved or the evaluation ended. */
export interface AlertRecord {
  /** The rule's name, also the `alertname` label. */
  name: string;
  group: string;
  labels: Labels;
  /** The annotations as last expanded. */
  annotations: Readonly<Record<string, string>>;
  /** Unix ms of the evaluation that first returned it (pending from then). */
  activeAtMs: number;
  firedAtMs?: number;
  resolvedAtMs?: number;
  /** The sample value at the last evaluation that returned it. */
  value: number;
  /** Its state at the end of the evaluation. */
  state: AlertState;
}

/** An evaluation that failed (Prometheus logs it and carries on with the next rule). */
export interface RuleFailure {
  group: string;
  rule: string;
  atMs: number;
  message: string;
}

export interface RuleEvaluationOptions {
  /** First and last evaluation time, Unix ms (inclusive). */
  startMs: number;
  endMs: number;
  /** `global.evaluation_interval`, ms, for groups without one. Default 60,000 (Prometheus' default 1m). */
  evaluationIntervalMs?: number;
  /** `global.external_labels`, as templates see them (`$externalLabels`). */
  externalLabels?: Readonly<Record<string, string>>;
  /** Lookback of selectors, ms. Default Prometheus' 5m. */
  lookbackDeltaMs?: number;
}

export interface RuleEvaluationResult {
  /** Every alert, in the order they became active (ties: group order, rule order, label order). */
  alerts: AlertRecord[];
  failures: RuleFailure[];
}

/** A series the evaluation appends to (recording rule outputs, ALERTS). */
interface Growing extends PromSeries {
  readonly times: number[];
  readonly values: number[];
  readonly stale: number[];
}

const DEFAULT_INTERVAL_MS = 60_000;

/** An alert still tracked by its rule, and since when it has been missing while `keep_firing_for` holds it. */
interface ActiveAlert {
  record: AlertRecord;
  keepFiringSinceMs?: number;
}

/** Evaluates the groups over `storage` from `startMs` to `endMs`; recording rules and ALERTS are added to it. */
export function evaluateRules(groups: readonly RuleGroup[], storage: SeriesSet, options: RuleEvaluationOptions): RuleEvaluationResult {
  const external = options.externalLabels ?? {};
  const written = new Map<string, Growing>();
  const write = (labels: Labels, t: number, v: number, stale = false) => {
    const key = labelsKey(labels);
    let s = written.get(key);
    if (!s) {
      s = { labels, times: [], values: [], stale: [] };
      written.set(key, s);
      storage.add(s);
    }
    if (s.times[s.times.length - 1] === t) {
      s.values[s.values.length - 1] = v;
      s.stale[s.stale.length - 1] = stale ? 1 : 0;
      return;
    }
    s.times.push(t);
    s.values.push(v);
    s.stale.push(stale ? 1 : 0);
  };
  const alerts: AlertRecord[] = [];
  const failures: RuleFailure[] = [];
  const active = groups.map((g) => g.rules.map(() => new Map<string, ActiveAlert>()));
  const intervals = groups.map((g) => g.intervalMs ?? options.evaluationIntervalMs ?? DEFAULT_INTERVAL_MS);
  // Every instant some group evaluates at, in order.
  const times = new Set<number>();
  for (const iv of new Set(intervals)) for (let t = Math.ceil(options.startMs / iv) * iv; t <= options.endMs; t += iv) times.add(t);
  for (const t of [...times].sort((a, b) => a - b)) {
    groups.forEach((g, gi) => {
      if (t % intervals[gi]! !== 0) return;
      g.rules.forEach((rule, ri) => {
        // A fresh evaluator per rule: the ones before may have written series it must see.
        const evaluator = new Evaluator(storage, options.lookbackDeltaMs !== undefined ? { lookbackDeltaMs: options.lookbackDeltaMs } : {});
        let samples: { labels: Labels; v: number }[];
        try {
          const v = evaluator.instant(rule.expr, t);
          if (v.type === 'vector') samples = v.samples;
          else if (v.type === 'scalar') samples = [{ labels: {}, v: v.v }];
          else throw new PromQLEvalError(`rule result is not a vector or scalar (got ${v.type})`);
        } catch (e) {
          if (!(e instanceof Error)) throw e;
          failures.push({ group: g.name, rule: rule.name, atMs: t, message: e.message });
          samples = [];
        }
        if (rule.kind === 'record') record(rule, samples, t, external, write);
        else alert(rule, g.name, samples, t, external, active[gi]![ri]!, alerts, write);
      });
    });
  }
  return { alerts, failures };
}

function expand(templates: Readonly<Record<string, (d: TemplateData) => string>>, data: TemplateData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(templates)) out[k] = templates[k]!(data);
  return out;
}

/** Sorted copy, so equal label sets print and key the same. */
function sorted(labels: Record<string, string>): Labels {
  const out: Record<string, string> = {};
  for (const k of Object.keys(labels).sort()) out[k] = labels[k]!;
  return out;
}

function record(rule: RecordingRule, samples: readonly { labels: Labels; v: number }[], t: number, external: Labels, write: (l: Labels, t: number, v: number) => void): void {
  for (const s of samples) {
    const extra = expand(rule.labels, { labels: s.labels, externalLabels: external, value: s.v });
    write(sorted({ ...dropName(s.labels), ...extra, __name__: rule.name }), t, s.v);
  }
}

function alert(
  rule: AlertingRule,
  group: string,
  samples: readonly { labels: Labels; v: number }[],
  t: number,
  external: Labels,
  active: Map<string, ActiveAlert>,
  all: AlertRecord[],
  write: (l: Labels, t: number, v: number, stale?: boolean) => void,
): void {
  const seen = new Set<string>();
  for (const s of samples) {
    const data: TemplateData = { labels: s.labels, externalLabels: external, value: s.v };
    const labels = sorted({ ...dropName(s.labels), ...expand(rule.labels, data), alertname: rule.name });
    const key = labelsKey(labels);
    seen.add(key);
    const annotations = expand(rule.annotations, data);
    const current = active.get(key);
    if (current) {
      current.record.value = s.v;
      current.record.annotations = annotations;
      delete current.keepFiringSinceMs;
      continue;
    }
    const fresh: AlertRecord = { name: rule.name, group, labels, annotations, activeAtMs: t, value: s.v, state: 'pending' };
    active.set(key, { record: fresh });
    all.push(fresh);
  }
  const alertsSeries = (a: AlertRecord, state: AlertState): Labels => ({ ...a.labels, __name__: 'ALERTS', alertstate: state });
  for (const [key, entry] of [...active]) {
    const a = entry.record;
    if (!seen.has(key)) {
      let keepFiring = false;
      if (a.state === 'firing' && rule.keepFiringForMs > 0) {
        entry.keepFiringSinceMs ??= t;
        keepFiring = t - entry.keepFiringSinceMs < rule.keepFiringForMs;
      }
      if (!keepFiring) {
        write(alertsSeries(a, a.state), t, Number.NaN, true);
        if (a.state === 'firing') a.resolvedAtMs = t;
        a.state = 'inactive';
        active.delete(key);
        continue;
      }
    }
    if (a.state === 'pending' && t - a.activeAtMs >= rule.forMs) {
      // Pending at an earlier evaluation: that series ends here (with `for: 0` it never began).
      if (a.activeAtMs < t) write(alertsSeries(a, 'pending'), t, Number.NaN, true);
      a.state = 'firing';
      a.firedAtMs = t;
    }
    write(alertsSeries(a, a.state), t, 1);
  }
}
