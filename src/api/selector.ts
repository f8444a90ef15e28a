/**
 * Label and node selectors, after apimachinery `pkg/labels/selector.go`, `pkg/apis/meta/v1/helpers.go`
 * (`LabelSelectorAsSelector`) and component-helpers `scheduling/corev1/nodeaffinity` (node selector terms).
 * A selector is compiled once into a list of requirements; matching is then a loop over plain objects.
 */
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1';
import type { NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, PreferredSchedulingTerm } from 'kubernetes-types/core/v1';
import { isQualifiedName, isValidLabelValue } from './names.ts';

/** Labels of an object (`metadata.labels`). */
export type Labels = Readonly<Record<string, string>>;

/** Label-selector operators: the four of `metav1.LabelSelector` plus `Gt`/`Lt` of node selectors. */
export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';

/** One compiled requirement. `values` is sorted; `Gt`/`Lt` carry the bound in `bound`. */
export interface Requirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values: readonly string[];
  readonly bound?: bigint;
  /** Came from matchLabels / a label set: prints as `key=value`. */
  readonly equality?: boolean;
}

/** A compiled selector: the AND of its requirements. */
export interface Selector {
  /** Requirements sorted by key (stable), as upstream sorts them. */
  readonly requirements: readonly Requirement[];
  /** True for the nil selector, which matches nothing. */
  readonly matchesNothing: boolean;
  matches(labels: Labels | undefined): boolean;
  /** Upstream's `String()`: `app=web,tier in (a,b),!canary`. */
  toString(): string;
}

/** Thrown when a selector cannot be compiled; the message is upstream's. */
export class SelectorError extends Error {
  override name = 'SelectorError';
}

const INT64 = /^[+-]?[0-9]+$/;
const MIN_INT64 = -(1n << 63n);
const MAX_INT64 = (1n << 63n) - 1n;

function parseInt64(s: string): bigint | undefined {
  if (!INT64.test(s)) return undefined;
  const v = BigInt(s);
  return v < MIN_INT64 || v > MAX_INT64 ? undefined : v;
}

/** Port of `NewRequirement`: validates the key, the operator's arity and each value. */
export function newRequirement(key: string, operator: SelectorOperator, values: readonly string[]): Requirement {
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length > 0) throw new SelectorError(`key: Invalid value: ${JSON.stringify(key)}: ${keyErrs.join('; ')}`);
  switch (operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) {
        throw new SelectorError("values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty");
      }
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length !== 0) {
        throw new SelectorError(`values: Invalid value: ${JSON.stringify(values)}: values set must be empty for exists and does not exist`);
      }
      break;
    case 'Gt':
    case 'Lt': {
      const bound = values.length === 1 ? parseInt64(values[0] as string) : undefined;
      if (values.length !== 1) {
        throw new SelectorError(`values: Invalid value: ${JSON.stringify(values)}: for 'Gt', 'Lt' operators, exactly one value is required`);
      }
      if (bound === undefined) {
        throw new SelectorError(`values[0]: Invalid value: ${JSON.stringify(values[0])}: for 'Gt', 'Lt' operators, the value must be an integer`);
      }
      return { key, operator, values: [...values], bound };
    }
    default:
      throw new SelectorError(`"${String(operator)}" is not a valid label selector operator`);
  }
  values.forEach((v, i) => {
    const errs = isValidLabelValue(v);
    if (errs.length > 0) throw new SelectorError(`values[${i}][${key}]: Invalid value: ${JSON.stringify(v)}: ${errs.join('; ')}`);
  });
  return { key, operator, values: [...new Set(values)].sort() };
}

/** Port of `Requirement.Matches`. NotIn matches objects without the label; Gt/Lt need an int64 label value. */
export function requirementMatches(r: Requirement, labels: Labels | undefined): boolean {
  const has = labels !== undefined && Object.hasOwn(labels, r.key);
  const v = has ? (labels as Labels)[r.key] : undefined;
  switch (r.operator) {
    case 'In':
      return has && r.values.includes(v as string);
    case 'NotIn':
      return !has || !r.values.includes(v as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has) return false;
      const n = parseInt64(v as string);
      if (n === undefined || r.bound === undefined) return false;
      return r.operator === 'Gt' ? n > r.bound : n < r.bound;
    }
  }
}

function requirementString(r: Requirement): string {
  switch (r.operator) {
    case 'In':
      return r.equality ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(',')})`;
    case 'NotIn':
      return `${r.key} notin (${r.values.join(',')})`;
    case 'Exists':
      return r.key;
    case 'DoesNotExist':
      return `!${r.key}`;
    case 'Gt':
      return `${r.key}>${r.values[0]}`;
    case 'Lt':
      return `${r.key}<${r.values[0]}`;
  }
}

function makeSelector(requirements: Requirement[], matchesNothing: boolean): Selector {
  // Stable sort by key, as upstream's sort.StableSort(ByKey(...)).
  const sorted = requirements.map((r, i) => [r, i] as const).sort((a, b) => (a[0].key < b[0].key ? -1 : a[0].key > b[0].key ? 1 : a[1] - b[1]));
  const reqs = sorted.map(([r]) => r);
  return {
    requirements: reqs,
    matchesNothing,
    matches(labels) {
      if (matchesNothing) return false;
      for (const r of reqs) if (!requirementMatches(r, labels)) return false;
      return true;
    },
    toString() {
      return reqs.map(requirementString).join(',');
    },
  };
}

/** The selector that matches nothing (a nil `LabelSelector`). */
export const NOTHING: Selector = makeSelector([], true);
/** The selector that matches everything (`{}`). */
export const EVERYTHING: Selector = makeSelector([], false);

/**
 * Port of `LabelSelectorAsSelector`: nil matches nothing; `{}` (no matchLabels, no matchExpressions) matches
 * everything; matchLabels entries become `key=value`, matchExpressions keep their operator. Throws
 * {@link SelectorError} on the first invalid requirement. matchLabels are taken in sorted key order (upstream's
 * map order is random) so the first error reported is deterministic.
 */
export function labelSelectorAsSelector(ps: LabelSelector | null | undefined): Selector {
  if (ps === null || ps === undefined) return NOTHING;
  const matchLabels = ps.matchLabels ?? {};
  const matchExpressions: readonly LabelSelectorRequirement[] = ps.matchExpressions ?? [];
  if (Object.keys(matchLabels).length === 0 && matchExpressions.length === 0) return EVERYTHING;
  const requirements: Requirement[] = [];
  for (const key of Object.keys(matchLabels).sort()) {
    requirements.push({ ...newRequirement(key, 'In', [String(matchLabels[key])]), equality: true });
  }
  for (const expr of matchExpressions) {
    const op = expr.operator;
    if (op !== 'In' && op !== 'NotIn' && op !== 'Exists' && op !== 'DoesNotExist') {
      throw new SelectorError(`"${op}" is not a valid label selector operator`);
    }
    requirements.push(newRequirement(expr.key, op, expr.values ?? []));
  }
  return makeSelector(requirements, false);
}

/** A plain `map[string]string` selector (Service `spec.selector`, Pod `nodeSelector`): every pair must match. */
export function selectorFromSet(set: Readonly<Record<string, string>> | null | undefined): Selector {
  if (!set || Object.keys(set).length === 0) return EVERYTHING;
  const keys = Object.keys(set).sort();
  return makeSelector(
    keys.map((k) => ({ key: k, operator: 'In', values: [String(set[k])], equality: true })),
    false,
  );
}

/** What a node selector looks at: its labels and, for `matchFields`, its name. */
export interface NodeFields {
  name: string;
  labels?: Labels;
}

/** A compiled `NodeSelector`: terms are ORed, requirements inside a term ANDed. */
export interface CompiledNodeSelector {
  matches(node: NodeFields): boolean;
  /** Problems found while compiling; the offending terms never match (upstream's lazy-error behaviour). */
  readonly errors: readonly string[];
}

function compileNodeRequirements(reqs: readonly NodeSelectorRequirement[], path: string, errors: string[]): Requirement[] | undefined {
  const out: Requirement[] = [];
  let ok = true;
  reqs.forEach((r, i) => {
    try {
      out.push(newRequirement(r.key, r.operator as SelectorOperator, r.values ?? []));
    } catch (error) {
      ok = false;
      errors.push(`${path}[${i}]: ${(error as Error).message}`);
    }
  });
  return ok ? out : undefined;
}

/**
 * Port of nodeaffinity `NewNodeSelector` / `nodeSelectorTerms.Match`: a node matches when any term matches. A term
 * with neither matchExpressions nor matchFields matches nothing; `matchFields` supports only `metadata.name` with
 * `In`/`NotIn`. An empty or nil term list matches nothing.
 */
export function compileNodeSelector(ns: NodeSelector | null | undefined): CompiledNodeSelector {
  const errors: string[] = [];
  const terms: { labels: Requirement[]; fields: Requirement[] }[] = [];
  (ns?.nodeSelectorTerms ?? []).forEach((term: NodeSelectorTerm, i) => {
    const exprs = term.matchExpressions ?? [];
    const fieldReqs = term.matchFields ?? [];
    if (exprs.length === 0 && fieldReqs.length === 0) return;
    const base = `nodeSelectorTerms[${i}]`;
    const labels = compileNodeRequirements(exprs, `${base}.matchExpressions`, errors);
    let fieldsOk = true;
    const fields: Requirement[] = [];
    fieldReqs.forEach((f, j) => {
      if (f.key !== 'metadata.name') {
        fieldsOk = false;
        errors.push(`${base}.matchFields[${j}].key: Invalid value: ${JSON.stringify(f.key)}: not a valid field selector key`);
        return;
      }
      if ((f.operator !== 'In' && f.operator !== 'NotIn') || (f.values ?? []).length !== 1) {
        fieldsOk = false;
        errors.push(`${base}.matchFields[${j}]: Invalid value: must be 'In' or 'NotIn' with exactly one value`);
        return;
      }
      fields.push({ key: f.key, operator: f.operator, values: [...(f.values ?? [])] });
    });
    if (labels && fieldsOk) terms.push({ labels, fields });
  });
  return {
    errors,
    matches(node) {
      return terms.some(
        (t) =>
          t.labels.every((r) => requirementMatches(r, node.labels)) &&
          t.fields.every((r) => requirementMatches(r, { 'metadata.name': node.name })),
      );
    },
  };
}

/** Compiled preferred terms (`nodeaffinity.PreferredSchedulingTerms`). */
export type PreferredSchedulingTerms = readonly { weight: number; term: CompiledNodeSelector }[];

/** `NewPreferredSchedulingTerms`: each term's preference compiled as a one-term selector; weight-0 terms dropped. */
export function compilePreferredSchedulingTerms(terms: readonly PreferredSchedulingTerm[]): PreferredSchedulingTerms {
  return terms.filter((t) => t.weight !== 0).map((t) => ({ weight: t.weight, term: compileNodeSelector({ nodeSelectorTerms: [t.preference] }) }));
}
