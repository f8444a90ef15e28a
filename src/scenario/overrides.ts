/**
 * `kubesim run --set path=value`: overrides applied to the parsed scenario document before validation, so an
 * overridden value is validated like a written one. Paths use the field-path syntax of error messages
 * (`spec.traffic[0].profile.diurnal.max`, `spec.workloads[web.v2].cpuPerRequest`); values are YAML scalars or flow
 * collections (`800`, `2m`, `true`, `{constant: 50}`, `[a, b]`).
 */
import { parse } from 'yaml';
import { fieldError, type FieldError } from '../api/errors.ts';
import { formatPath } from '../api/path.ts';
import { isObj } from './check.ts';
import { parseFieldPath } from './parse.ts';

/** Keys that would reach an object's prototype machinery if assigned as plain properties. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Applies `sets` (`path=value`) to a deep copy of `doc`. Setting a missing key of a mapping creates it (and missing
 * intermediate mappings); a list index must exist, or be the list's length to append. Returns the new document and
 * one error per bad override (field `--set[i]`), leaving `doc` untouched.
 */
export function applyOverrides(doc: unknown, sets: readonly string[]): { doc: unknown; errors: FieldError[] } {
  const out = structuredCloneSafe(doc);
  const errors: FieldError[] = [];
  sets.forEach((set, i) => {
    const field = `--set[${i}]`;
    const eq = set.indexOf('=');
    if (eq <= 0) {
      errors.push(fieldError.invalid(field, set, 'expected path=value, e.g. spec.seed=7'));
      return;
    }
    const pathText = set.slice(0, eq).trim();
    const valueText = set.slice(eq + 1);
    const path = parseFieldPath(pathText);
    if (path.length === 0 || path.some((s) => s === '' || (typeof s === 'string' && FORBIDDEN_KEYS.has(s)))) {
      errors.push(fieldError.invalid(field, pathText, 'not a valid field path'));
      return;
    }
    let value: unknown;
    try {
      value = valueText.trim() === '' ? '' : parse(valueText, { version: '1.2', maxAliasCount: 0 });
    } catch (e) {
      errors.push(fieldError.invalid(field, valueText, `cannot parse the value: ${(e as Error).message.split('\n')[0]}`));
      return;
    }
    let node: unknown = out.value;
    for (let k = 0; k < path.length; k++) {
      const seg = path[k] as string | number;
      const last = k === path.length - 1;
      const here = formatPath(path.slice(0, k)) || '(document)';
      if (typeof seg === 'number') {
        if (!Array.isArray(node)) {
          errors.push(fieldError.invalid(field, pathText, `${here} is not a list`));
          return;
        }
        if (seg > node.length) {
          errors.push(fieldError.invalid(field, pathText, `${here} has ${node.length} items; index ${seg} is out of range`));
          return;
        }
        if (last) node[seg] = value;
        else {
          if (node[seg] === undefined) node[seg] = typeof path[k + 1] === 'number' ? [] : {};
          node = node[seg];
        }
      } else {
        if (!isObj(node)) {
          errors.push(fieldError.invalid(field, pathText, `${here} is not a mapping`));
          return;
        }
        if (last) Object.defineProperty(node, seg, { value, enumerable: true, writable: true, configurable: true });
        else {
          if (node[seg] === undefined || node[seg] === null) {
            Object.defineProperty(node, seg, { value: typeof path[k + 1] === 'number' ? [] : {}, enumerable: true, writable: true, configurable: true });
          }
          node = node[seg];
        }
      }
    }
  });
  return { doc: out.value, errors };
}

/** A deep copy of plain data (mappings, lists, scalars, dates); own `__proto__` keys stay plain keys. */
function structuredCloneSafe(v: unknown): { value: unknown } {
  const copy = (x: unknown, depth: number): unknown => {
    if (depth > 200) return null;
    if (Array.isArray(x)) return x.map((y) => copy(y, depth + 1));
    if (isObj(x)) {
      const o: Record<string, unknown> = {};
      for (const [k, y] of Object.entries(x)) Object.defineProperty(o, k, { value: copy(y, depth + 1), enumerable: true, writable: true, configurable: true });
      return o;
    }
    return x;
  };
  return { value: copy(v, 0) };
}
