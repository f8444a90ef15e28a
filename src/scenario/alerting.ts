/**
 * `spec.alerting`: the Prometheus alerting and recording rules a scenario evaluates over its simulated metrics —
 * rule files (`ruleFiles`, paths or globs relative to the scenario file, in Prometheus' rule file format), every
 * `PrometheusRule` object among the manifests, `evaluationInterval` (Prometheus' `global.evaluation_interval`,
 * default 1m) and `externalLabels`. A problem in a rule file is reported with that file's line and the rule's field
 * path, all problems at once.
 */
import { LineCounter, parseDocument } from 'yaml';
import { fieldError, type FieldError } from '../api/errors.ts';
import type { LoadedObject } from '../api/load.ts';
import { parseRuleGroups, splitRulePath, type RuleGroup } from '../record/alerts/rules.ts';
import type { FieldPath } from '../api/path.ts';
import type { Checker } from './check.ts';
import { hasGlobMagic, type FileSystem } from './fs.ts';

/** The rules a scenario evaluates. */
export interface AlertingSpec {
  groups: RuleGroup[];
  /** Default 60,000 (1m). */
  evaluationIntervalMs: number;
  externalLabels: Readonly<Record<string, string>>;
  /** Rule files read, in order. */
  ruleFiles: string[];
}

const DEFAULT_EVALUATION_INTERVAL_MS = 60_000;

/** Reads one rule file; its problems become errors at their line in that file. */
function readRuleFile(file: string, fs: FileSystem, errors: FieldError[]): RuleGroup[] {
  const text = fs.readFile(file);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const pos = lines.linePos(e.pos[0]);
      errors.push({ ...fieldError.invalid('', undefined, `YAML: ${e.message.split('\n')[0]}`), source: { file, line: pos.line, col: pos.col } });
    }
    return [];
  }
  const parsed = parseRuleGroups(doc.toJS(), file);
  for (const p of parsed.problems) {
    // The deepest node of the path that exists gives the position.
    let segs = splitRulePath(p.path);
    let node = doc.getIn(segs, true) as { range?: [number, number] } | undefined;
    while (!node?.range && segs.length > 0) {
      segs = segs.slice(0, -1);
      node = (segs.length > 0 ? doc.getIn(segs, true) : doc.contents) as { range?: [number, number] } | undefined;
    }
    const pos = lines.linePos(node?.range?.[0] ?? 0);
    errors.push({ type: 'Invalid', field: p.path, detail: p.message, source: { file, line: pos.line, col: pos.col } });
  }
  return parsed.groups;
}

/** Reads `spec.alerting` and the PrometheusRule objects; undefined when the scenario has no rules at all. */
export function readAlerting(c: Checker, v: unknown, path: FieldPath, fs: FileSystem | undefined, scenarioFile: string, objects: readonly LoadedObject[], ruleErrors: FieldError[]): AlertingSpec | undefined {
  const groups: RuleGroup[] = [];
  const ruleFiles: string[] = [];
  let evaluationIntervalMs = DEFAULT_EVALUATION_INTERVAL_MS;
  let externalLabels: Record<string, string> = {};
  const o = v === undefined ? undefined : c.object(v, path, ['ruleFiles', 'evaluationInterval', 'externalLabels']);
  if (o) {
    evaluationIntervalMs = c.duration(o['evaluationInterval'], [...path, 'evaluationInterval'], { positive: true }) ?? DEFAULT_EVALUATION_INTERVAL_MS;
    externalLabels = c.stringMap(o['externalLabels'], [...path, 'externalLabels']) ?? {};
    const baseDir = fs ? fs.dirname(scenarioFile) : '.';
    (c.list(o['ruleFiles'], [...path, 'ruleFiles'], 'rule files') ?? []).forEach((entry, i) => {
      const p = [...path, 'ruleFiles', i];
      if (typeof entry !== 'string') {
        c.add(fieldError.typeInvalid('', entry, 'expected a path or glob (relative to the scenario file) of a Prometheus rule file'), p);
        return;
      }
      if (!fs) {
        c.add(fieldError.invalid('', entry, 'rule files need a file system; give the rules as PrometheusRule manifests instead'), p);
        return;
      }
      let files: string[];
      try {
        files = hasGlobMagic(entry) ? fs.glob(entry, baseDir) : [fs.join(baseDir, entry)];
      } catch (e) {
        c.add(fieldError.invalid('', entry, `bad glob: ${(e as Error).message}`), p);
        return;
      }
      if (files.length === 0) c.add(fieldError.invalid('', entry, 'matches no file'), p);
      for (const f of files) {
        if (!fs.isFile(f)) {
          c.add(fieldError.invalid('', entry, `cannot read the rule file ${f}: no such file`), p);
          continue;
        }
        ruleFiles.push(f);
        groups.push(...readRuleFile(f, fs, ruleErrors));
      }
    });
  }
  // PrometheusRule objects were validated with the manifests; their groups follow the files'.
  for (const obj of objects) {
    if (obj.kind !== 'PrometheusRule') continue;
    const meta = (obj.object['metadata'] ?? {}) as { name?: string; namespace?: string };
    groups.push(...parseRuleGroups(obj.object['spec'], `PrometheusRule/${meta.namespace ?? 'default'}/${meta.name ?? ''}`, 'spec').groups);
  }
  if (groups.length === 0 && !o) return undefined;
  return { groups, evaluationIntervalMs, externalLabels, ruleFiles };
}
