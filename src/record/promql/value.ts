/**
 * PromQL values and the storage they are read from, after Prometheus' `promql/value.go` and `storage.Queryable`.
 * Times are integer milliseconds; labels include the metric name as `__name__`.
 */
import type { Matcher } from './ast.ts';

export type Labels = Readonly<Record<string, string>>;

/** One stored series as the engine reads it: points in time order. */
export interface PromSeries {
  readonly labels: Labels;
  readonly times: ArrayLike<number>;
  readonly values: ArrayLike<number>;
  /** 1 where the point is a staleness marker (Prometheus' StaleNaN): the series ended there. */
  readonly stale?: ArrayLike<number>;
}

/** Where the engine's selectors read series: every series whose labels satisfy all the matchers. */
export interface Queryable {
  select(matchers: readonly Matcher[]): readonly PromSeries[];
}

export interface Sample {
  readonly labels: Labels;
  readonly v: number;
  /** The stored point's time when the sample comes straight from a selector (for `timestamp()`). */
  readonly t?: number;
}

export interface RangeSeries {
  readonly labels: Labels;
  readonly t: number[];
  readonly v: number[];
}

export type Value =
  | { readonly type: 'scalar'; readonly v: number }
  | { readonly type: 'string'; readonly s: string }
  | { readonly type: 'vector'; readonly samples: Sample[] }
  | { readonly type: 'matrix'; readonly series: RangeSeries[] };

const keys = new WeakMap<Labels, string>();

/** A canonical string for a label set (sorted names), cached per labels object. */
export function labelsKey(labels: Labels): string {
  let k = keys.get(labels);
  if (k === undefined) {
    k = Object.keys(labels)
      .sort()
      .map((n) => `${n}\u0000${labels[n]}`)
      .join('\u0001');
    keys.set(labels, k);
  }
  return k;
}

/** The labels without `__name__`. */
export function dropName(labels: Labels): Labels {
  if (!('__name__' in labels)) return labels;
  const { __name__: _, ...rest } = labels;
  return rest;
}

/** Prometheus' text form of a label set: `name{a="1", b="2"}`, labels sorted. */
export function formatLabels(labels: Labels): string {
  const name = labels['__name__'] ?? '';
  const rest = Object.keys(labels)
    .filter((k) => k !== '__name__')
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return rest.length === 0 ? name || '{}' : `${name}{${rest.join(', ')}}`;
}

/** Compares label sets as Prometheus' `labels.Compare`: by sorted names, then values. */
export function compareLabels(a: Labels, b: Labels): number {
  const ka = labelsKey(a);
  const kb = labelsKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
