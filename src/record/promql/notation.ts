/**
 * The series notation of Prometheus' test formats (promqltest `load` blocks and `promtool test rules`
 * `input_series`): a series description (`up{job="api"}`, parsed as a PromQL selector of equality matchers) and
 * values in expanding notation (`1 2 3`, `0+10x3` = 0 10 20 30, `1-1x2`, `1x3` = 1 1 1 1, `_` a missing sample,
 * `_x2` two, `stale` a staleness marker), after `promql/parser/lex.go`'s series description lexer.
 */
import { parseNumber, parsePromQL } from './parse.ts';
import type { Labels } from './value.ts';

/** A value of a series in the notation: a number, a staleness marker, or no sample (undefined). */
export type NotationPoint = number | 'stale' | undefined;

/** Expands the values of a series; a token it cannot read is an error naming it. */
export function expandValues(text: string): NotationPoint[] {
  const out: NotationPoint[] = [];
  for (const tok of text.split(/\s+/).filter(Boolean)) {
    const gap = /^_x(\d+)$/.exec(tok);
    if (gap) {
      for (let i = 0; i < Number(gap[1]); i++) out.push(undefined);
      continue;
    }
    const m = /^([-+]?[^-+x]+?(?:e[-+]?\d+)?)(?:([-+])([^x]+))?x(\d+)$/i.exec(tok);
    if (m && !/^[-+]?(inf|nan)$/i.test(tok)) {
      const start = parseNumber(m[1]!);
      const inc = m[3] === undefined ? 0 : (m[2] === '-' ? -1 : 1) * parseNumber(m[3]);
      // Prometheus adds the increment step by step, so the floating-point sums match theirs.
      let v = start;
      out.push(v);
      for (let i = 0; i < Number(m[4]); i++) {
        v += inc;
        out.push(v);
      }
      continue;
    }
    if (tok === '_') out.push(undefined);
    else if (tok === 'stale') out.push('stale');
    else {
      const v = parseNumber(tok);
      if (Number.isNaN(v) && tok.toLowerCase() !== 'nan') throw new Error(`bad value ${JSON.stringify(tok)} in series values`);
      out.push(v);
    }
  }
  return out;
}

/** The labels of a series description (`name{a="b"}`, `{__name__="x"}`), with `__name__`; only `=` matchers. */
export function parseSeriesDescription(desc: string): Labels {
  const expr = parsePromQL(desc);
  if (expr.type !== 'VectorSelector') throw new Error(`${JSON.stringify(desc)} is not a series description (a metric name with labels)`);
  const labels: Record<string, string> = {};
  for (const m of expr.matchers) {
    if (m.op !== '=') throw new Error(`${JSON.stringify(desc)}: only = matchers describe a series`);
    labels[m.name] = m.value;
  }
  return labels;
}
