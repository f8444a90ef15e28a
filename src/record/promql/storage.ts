/**
 * A {@link Queryable} over series held in memory, indexed by metric name so a selector with a name (the usual
 * case) looks only at that name's series. Series whose points are produced on demand register a factory instead
 * of points: nothing is built until a query selects the name.
 */
import type { Matcher } from './ast.ts';
import { matches } from './parse.ts';
import { compareLabels, type PromSeries, type Queryable } from './value.ts';

export class SeriesSet implements Queryable {
  private readonly byName = new Map<string, PromSeries[]>();
  private readonly lazy = new Map<string, () => PromSeries[]>();
  /** How many points a lazy name's series will hold, for those whose registration can tell without building them. */
  private readonly lazyPoints = new Map<string, () => number>();

  /** Adds a series (its labels must carry `__name__`). */
  add(series: PromSeries): void {
    const name = series.labels['__name__'] ?? '';
    let list = this.byName.get(name);
    if (!list) this.byName.set(name, (list = []));
    list.push(series);
  }

  /**
   * Registers the series of one metric name, built by `build` the first time a query selects them; `points`, when
   * given, counts the points they will hold without building them (see {@link pointsOf}).
   */
  addLazy(name: string, build: () => PromSeries[], points?: () => number): void {
    this.lazy.set(name, build);
    if (points) this.lazyPoints.set(name, points);
  }

  /**
   * The points of a name's series: counted without building them when their registration can, else built and
   * counted. (The report packs the names that fit a budget, and a large run's view is gigabytes when built whole.)
   */
  pointsOf(name: string): number {
    const count = this.lazy.has(name) ? this.lazyPoints.get(name) : undefined;
    if (count) return count();
    let points = 0;
    for (const s of this.seriesOf(name)) points += s.times.length;
    return points;
  }

  /** Metric names known (built or not), sorted. */
  names(): string[] {
    return [...new Set([...this.byName.keys(), ...this.lazy.keys()])].sort();
  }

  /** Every series of a name, building lazy ones now. */
  seriesOf(name: string): readonly PromSeries[] {
    const build = this.lazy.get(name);
    if (build) {
      this.lazy.delete(name);
      this.lazyPoints.delete(name);
      for (const s of build()) this.add(s);
    }
    return this.byName.get(name) ?? [];
  }

  select(matchers: readonly Matcher[]): readonly PromSeries[] {
    const eq = matchers.find((m) => m.name === '__name__' && m.op === '=');
    const names = eq ? [eq.value] : this.names().filter((n) => matchers.every((m) => m.name !== '__name__' || matches(m, n)));
    const out: PromSeries[] = [];
    for (const name of names) {
      for (const s of this.seriesOf(name)) {
        if (matchers.every((m) => matches(m, s.labels[m.name] ?? ''))) out.push(s);
      }
    }
    return out.sort((a, b) => compareLabels(a.labels, b.labels));
  }
}
