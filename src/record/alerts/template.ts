/**
 * The part of Go's text/template that Prometheus alerting and recording rules use in their labels and annotations,
 * with Prometheus' template functions (`template/template.go`): actions `{{ $labels.name }}`, `{{ .Labels.name }}`,
 * `{{ $value }}` / `{{ .Value }}`, `{{ $externalLabels.name }}`, pipelines (`{{ $value | humanize }}`), calls
 * (`{{ humanizePercentage $value }}`, `{{ printf "%.2f" $value }}`), string literals, `{{- -}}` trimming and
 * comments. Functions: humanize, humanize1024, humanizePercentage, humanizeDuration, humanizeTimestamp, printf
 * (%s %d %f %.Nf %g %.Ng %v %q %%), toUpper, toLower, title, reReplaceAll, first, label, value, strvalue, query-free
 * only (`query` is not supported). A template that uses anything else is rejected when the rule file is loaded.
 */

import { formatRfc3339 } from '../../cluster/time.ts';

/** What a rule's template sees. */
export interface TemplateData {
  labels: Readonly<Record<string, string>>;
  externalLabels: Readonly<Record<string, string>>;
  value: number;
}

/** A parse error in a template. */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

type Val = string | number | Readonly<Record<string, string>>;

/** A compiled template: call it with the data. */
export type Template = (data: TemplateData) => string;

interface Node {
  text?: string;
  action?: string[][];
}

/** Splits `{{ a | b c }}` into pipeline stages of tokens; strings keep their quotes. */
function tokenize(action: string): string[][] {
  const stages: string[][] = [[]];
  const re = /\s*("(?:[^"\\]|\\.)*"|`[^`]*`|\||[^\s|"`]+)/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < action.length && (m = re.exec(action)) !== null) {
    pos = re.lastIndex;
    const tok = m[1]!;
    if (tok === '|') stages.push([]);
    else stages[stages.length - 1]!.push(tok);
  }
  if (action.slice(pos).trim() !== '') throw new TemplateError(`unexpected ${JSON.stringify(action.slice(pos).trim())} in action`);
  if (stages.some((s) => s.length === 0)) throw new TemplateError('missing command in pipeline');
  return stages;
}

/** Go's strconv.FormatFloat(v, 'g', -1, 64), what `{{ $value }}` prints: shortest digits, exponent from 1e6 or below 1e-4. */
export function goFormatFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mantissa, expText] = v.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  // Shortest formatting decides on precision 6 (strconv's ftoa `if shortest { eprec = 6 }`).
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(v);
}

/** Go's `%.Ng` (and `%g` with N = -1): N significant digits, trailing zeros dropped, exponent when exp < -4 or ≥ N. */
export function goFormatG(v: number, precision: number): string {
  if (!Number.isFinite(v)) return goFormatFloat(v);
  if (precision < 0) return goFormatFloat(v);
  const p = precision === 0 ? 1 : precision;
  if (v === 0) return '0';
  const [mantissa, expText] = v.toExponential(p - 1).split('e') as [string, string];
  const exp = Number(expText);
  const strip = (s: string) => (s.includes('.') ? s.replace(/\.?0+$/, '') : s);
  if (exp < -4 || exp >= p) return `${strip(mantissa)}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return strip(v.toFixed(Math.max(0, p - 1 - exp)));
}

/** Prometheus' `humanize`: SI prefixes, 4 significant digits. */
function humanize(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return goFormatG(v, 4);
  let prefix = '';
  if (Math.abs(v) >= 1) {
    for (const p of ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y']) {
      if (Math.abs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
    return `${goFormatG(v, 4)}${prefix}`;
  }
  for (const p of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return `${goFormatG(v, 4)}${prefix}`;
}

/** Prometheus' `humanize1024`: binary prefixes. */
function humanize1024(v: number): string {
  if (Math.abs(v) <= 1 || !Number.isFinite(v)) return goFormatG(v, 4);
  let prefix = '';
  for (const p of ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi']) {
    if (Math.abs(v) < 1024) break;
    prefix = p;
    v /= 1024;
  }
  return `${goFormatG(v, 4)}${prefix}`;
}

/** Prometheus' `humanizeDuration` of seconds: `1d 2h 3m 4s`, `4.5s`, `300ms`. */
function humanizeDuration(v: number): string {
  if (!Number.isFinite(v)) return goFormatG(v, 4);
  if (v === 0) return `${goFormatG(v, 4)}s`;
  if (Math.abs(v) >= 1) {
    const sign = v < 0 ? '-' : '';
    v = Math.abs(v);
    const d = Math.trunc(v);
    const [s, m, h, days] = [d % 60, Math.trunc(d / 60) % 60, Math.trunc(d / 3600) % 24, Math.trunc(d / 86400)];
    if (days !== 0) return `${sign}${days}d ${h}h ${m}m ${s}s`;
    if (h !== 0) return `${sign}${h}h ${m}m ${s}s`;
    if (m !== 0) return `${sign}${m}m ${s}s`;
    return `${sign}${goFormatG(v, 4)}s`;
  }
  let prefix = '';
  for (const p of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return `${goFormatG(v, 4)}${prefix}s`;
}

/** Go's Sprintf for the verbs templates use. */
function printf(format: string, args: readonly Val[]): string {
  let i = 0;
  return format.replace(/%(-?\d*)(?:\.(\d+))?([sdfgvq%])/g, (whole, width: string, prec: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    const a = args[i++];
    if (a === undefined) return `%!${verb}(MISSING)`;
    const num = typeof a === 'number' ? a : Number(a);
    let out: string;
    switch (verb) {
      case 's':
      case 'v':
        out = typeof a === 'number' ? goFormatFloat(a) : String(a);
        break;
      case 'q':
        out = JSON.stringify(String(a));
        break;
      case 'd':
        out = String(Math.trunc(num));
        break;
      case 'f':
        out = num.toFixed(prec === undefined ? 6 : Number(prec));
        break;
      default:
        out = goFormatG(num, prec === undefined ? -1 : Number(prec));
    }
    const w = Math.abs(Number(width || 0));
    return width.startsWith('-') ? out.padEnd(w) : out.padStart(w);
  });
}

const FUNCTIONS: Record<string, (args: Val[]) => Val> = {
  humanize: ([v]) => humanize(Number(v)),
  humanize1024: ([v]) => humanize1024(Number(v)),
  humanizePercentage: ([v]) => `${goFormatG(Number(v) * 100, 4)}%`,
  humanizeDuration: ([v]) => humanizeDuration(Number(v)),
  // Go's time.Time String() of the Unix seconds, in UTC: `2026-01-05 14:03:00 +0000 UTC`.
  humanizeTimestamp: ([v]) => `${formatRfc3339(Math.round(Number(v) * 1000)).replace('T', ' ').replace(/Z$/, '')} +0000 UTC`,
  printf: ([f, ...rest]) => printf(String(f), rest),
  toUpper: ([s]) => String(s).toUpperCase(),
  toLower: ([s]) => String(s).toLowerCase(),
  title: ([s]) => String(s).replace(/\b\w/g, (c) => c.toUpperCase()),
  reReplaceAll: ([re, repl, s]) => String(s).replace(new RegExp(String(re), 'g'), String(repl).replace(/\$(\d+)/g, '$$$1')),
};

/** The arity each function takes (the piped value counts as the last argument). */
const ARITY: Record<string, number | 'variadic'> = {
  humanize: 1,
  humanize1024: 1,
  humanizePercentage: 1,
  humanizeDuration: 1,
  humanizeTimestamp: 1,
  printf: 'variadic',
  toUpper: 1,
  toLower: 1,
  title: 1,
  reReplaceAll: 3,
};

/** Resolves `$labels.x`, `.Labels.x`, `$value`, `.Value`, `$externalLabels.x`, `$`, or a literal; checks at compile time. */
function operand(tok: string): (d: TemplateData) => Val {
  if (tok.startsWith('"')) {
    const s = JSON.parse(tok) as string;
    return () => s;
  }
  if (tok.startsWith('`')) {
    const s = tok.slice(1, -1);
    return () => s;
  }
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(tok)) {
    const n = Number(tok);
    return () => n;
  }
  if (tok === '$value' || tok === '.Value') return (d) => d.value;
  const m = /^(\$labels|\.Labels|\$externalLabels|\.ExternalLabels)(?:\.([a-zA-Z_]\w*))?$/.exec(tok);
  if (m) {
    const ext = m[1]!.toLowerCase().includes('external');
    const key = m[2];
    return (d) => {
      const map = ext ? d.externalLabels : d.labels;
      return key === undefined ? map : (map[key] ?? '');
    };
  }
  throw new TemplateError(`undefined variable or field ${JSON.stringify(tok)} (kubesim's templates know $labels, $value, $externalLabels)`);
}

function compileAction(stages: string[][]): (d: TemplateData) => string {
  let piped: ((d: TemplateData) => Val) | undefined;
  for (const stage of stages) {
    const [head, ...rest] = stage as [string, ...string[]];
    if (head in FUNCTIONS) {
      const fn = FUNCTIONS[head]!;
      const args = rest.map(operand);
      const prev = piped;
      const n = args.length + (prev ? 1 : 0);
      const arity = ARITY[head]!;
      if (arity !== 'variadic' ? n !== arity : n < 1) throw new TemplateError(`wrong number of args for ${head}: want ${arity === 'variadic' ? 'at least 1' : arity} got ${n}`);
      piped = (d) => fn([...args.map((a) => a(d)), ...(prev ? [prev(d)] : [])]);
    } else {
      if (piped || rest.length > 0) throw new TemplateError(`function ${JSON.stringify(head)} not defined`);
      piped = operand(head);
    }
  }
  const f = piped!;
  return (d) => {
    const v = f(d);
    if (typeof v === 'number') return goFormatFloat(v);
    if (typeof v === 'string') return v;
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${v[k]}`)
      .join(' ')}]`;
  };
}

/** Compiles a template; throws a {@link TemplateError} naming what it does not understand. */
export function compileTemplate(text: string): Template {
  const nodes: Node[] = [];
  const re = /\{\{(-?)\s*([\s\S]*?)\s*(-?)\}\}/g;
  let last = 0;
  let trimNext = false;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    let before = text.slice(last, m.index);
    if (trimNext) before = before.replace(/^\s+/, '');
    if (m[1] === '-') before = before.replace(/\s+$/, '');
    if (before) nodes.push({ text: before });
    const body = m[2]!;
    if (!body.startsWith('/*')) {
      // A `{{ $x := ... }}` or control structure is more than the templates of alert rules need.
      if (/^(if|range|with|define|template|block|end|else)\b/.test(body) || body.includes(':=')) {
        throw new TemplateError(`${JSON.stringify(`{{${body}}}`)}: control structures and variables are not supported`);
      }
      nodes.push({ action: tokenize(body) });
    }
    trimNext = m[3] === '-';
    last = re.lastIndex;
  }
  let tail = text.slice(last);
  if (trimNext) tail = tail.replace(/^\s+/, '');
  if (tail.includes('{{')) throw new TemplateError('unclosed action');
  if (tail) nodes.push({ text: tail });
  const parts = nodes.map((n) => (n.action ? compileAction(n.action) : () => n.text!));
  return (d) => parts.map((p) => p(d)).join('');
}
