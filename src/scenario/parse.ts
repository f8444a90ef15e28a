/**
 * Reads a scenario file's YAML into plain data plus a position index, bounded like the manifest loader: a size
 * limit, an alias-dereference limit (billion laughs), a node limit and a depth limit. `__proto__` is an ordinary
 * key. Nothing in a scenario file executes: the YAML core schema only, no custom tags.
 */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import { fieldError, type FieldError, type SourcePosition } from '../api/errors.ts';
import { type FieldPath, pathKey } from '../api/path.ts';

/** Limits of {@link parseScenarioText}. */
export interface ParseLimits {
  /** Largest text, in UTF-16 code units. Default 4 MiB. */
  maxSourceBytes: number;
  /** Most alias dereferences. Default 1 000. */
  maxAliasCount: number;
  /** Most YAML nodes, aliases expanded. Default 200 000. */
  maxNodes: number;
  /** Deepest nesting. Default 100. */
  maxDepth: number;
}

/** Default {@link ParseLimits}. */
export const DEFAULT_PARSE_LIMITS: Readonly<ParseLimits> = Object.freeze({
  maxSourceBytes: 4 * 1024 * 1024,
  maxAliasCount: 1_000,
  maxNodes: 200_000,
  maxDepth: 100,
});

/** Where each written node is: its key (for map entries) and its value, with the text range of the value. */
export interface NodeLocation {
  key?: SourcePosition;
  value: SourcePosition;
  /** Offsets of the value in the text, `[start, end)`; absent for values reached through an alias. */
  range?: [number, number];
}

/** A parsed scenario document. */
export interface ParsedDocument {
  value: unknown;
  file: string;
  text: string;
  locations: Map<string, NodeLocation>;
}

class LimitError extends Error {}

/**
 * Parses one YAML document (a scenario is one document; a second is an error). Returns the data or the errors,
 * never throws.
 */
export function parseScenarioText(text: string, file: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): { doc?: ParsedDocument; errors: FieldError[] } {
  const at = (line: number, col: number): SourcePosition => ({ file, line, col });
  if (typeof text !== 'string') return { errors: [{ ...fieldError.syntax('scenario text is not a string'), source: at(1, 1) }] };
  if (text.length > limits.maxSourceBytes) {
    return { errors: [{ ...fieldError.syntax(`file is ${text.length} bytes; the limit is ${limits.maxSourceBytes} bytes`), source: at(1, 1) }] };
  }
  const lines = new LineCounter();
  let docs: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(text, { lineCounter: lines, version: '1.1', merge: true, uniqueKeys: true, prettyErrors: false });
    if (!Array.isArray(parsed)) return { errors: [{ ...fieldError.syntax('not a YAML stream'), source: at(1, 1) }] };
    docs = parsed;
  } catch (error) {
    return { errors: [{ ...fieldError.syntax(`YAML: ${(error as Error).message}`), source: at(1, 1) }] };
  }
  const pos = (offset: number | undefined): SourcePosition => {
    const p = lines.linePos(offset ?? 0);
    return at(p.line, p.col);
  };
  const errors: FieldError[] = [];
  for (const d of docs) {
    for (const e of [...d.errors, ...d.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED')]) {
      const p = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
      errors.push({ ...fieldError.syntax(`YAML: ${e.message.split('\n')[0] ?? e.message}`), source: at(p.line, p.col) });
    }
  }
  if (errors.length > 0) return { errors };
  const nonEmpty = docs.filter((d) => d.contents !== null);
  if (nonEmpty.length === 0) return { errors: [{ ...fieldError.required('', 'the file is empty; expected a Scenario document'), source: at(1, 1) }] };
  if (nonEmpty.length > 1) {
    return { errors: [{ ...fieldError.syntax('a scenario file holds one YAML document; found another here'), source: pos((nonEmpty[1] as Document.Parsed).range[0]) }] };
  }
  const doc = nonEmpty[0] as Document.Parsed;
  const locations = new Map<string, NodeLocation>();
  let nodes = 0;
  let aliases = 0;
  const walk = (node: unknown, path: (string | number)[], depth: number, viaAlias: boolean): unknown => {
    if (++nodes > limits.maxNodes) throw new LimitError(`document expands to more than ${limits.maxNodes} YAML nodes`);
    if (depth > limits.maxDepth) throw new LimitError(`document is nested more than ${limits.maxDepth} levels deep`);
    if (isAlias(node)) {
      if (++aliases > limits.maxAliasCount) throw new LimitError(`excessive aliasing: more than ${limits.maxAliasCount} alias dereferences`);
      return walk(node.resolve(doc), path, depth + 1, true);
    }
    if (isScalar(node)) {
      const v = node.value;
      return typeof v === 'bigint' ? Number(v) : v;
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        const key = String(isScalar(keyNode) ? keyNode.value : keyNode === null ? '' : keyNode);
        const childPath = [...path, key];
        const valueNode = pair.value as YamlNode | null;
        if (!viaAlias) {
          const range = valueNode?.range;
          locations.set(pathKey(childPath), {
            key: pos(keyNode?.range?.[0]),
            value: pos(range?.[0] ?? keyNode?.range?.[0]),
            ...(range && !isAlias(valueNode) ? { range: [range[0], range[1]] as [number, number] } : {}),
          });
        }
        Object.defineProperty(out, key, { value: walk(pair.value, childPath, depth + 1, viaAlias), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    if (isSeq(node)) {
      return node.items.map((item, i) => {
        const childPath = [...path, i];
        const range = (item as YamlNode | null)?.range;
        if (!viaAlias) {
          locations.set(pathKey(childPath), {
            value: pos(range?.[0]),
            ...(range && !isAlias(item) ? { range: [range[0], range[1]] as [number, number] } : {}),
          });
        }
        return walk(item, childPath, depth + 1, viaAlias);
      });
    }
    return null;
  };
  try {
    const value = walk(doc.contents, [], 0, false);
    const r = doc.contents?.range;
    locations.set(pathKey([]), { value: pos(r?.[0]), ...(r ? { range: [r[0], r[1]] as [number, number] } : {}) });
    return { doc: { value, file, text, locations }, errors: [] };
  } catch (error) {
    const detail = error instanceof LimitError ? error.message : `YAML: ${(error as Error).message}`;
    return { errors: [{ ...fieldError.syntax(detail), source: pos(doc.range[0]) }] };
  }
}

/** The position of `path` (its key, or its value with `which: 'value'`), falling back to the nearest written ancestor. */
export function locate(locations: ReadonlyMap<string, NodeLocation> | undefined, file: string, path: FieldPath, which: 'key' | 'value' = 'key'): SourcePosition | undefined {
  if (!locations) return undefined;
  for (let n = path.length; n >= 0; n--) {
    const loc = locations.get(pathKey(path.slice(0, n)));
    if (loc) return (n === path.length && which === 'value' ? loc.value : (loc.key ?? loc.value)) ?? { file, line: 1, col: 1 };
  }
  return { file, line: 1, col: 1 };
}

/**
 * Parses a printed field path back to segments: `spec.traffic[0].profile.spikes[1].for`,
 * `versions["img:v2"]`, `workloads[my.app]`. Unparseable text becomes one segment.
 */
export function parseFieldPath(s: string): (string | number)[] {
  const out: (string | number)[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '.') {
      i++;
      continue;
    }
    if (c === '[') {
      if (s[i + 1] === '"') {
        let j = i + 2;
        while (j < s.length && !(s[j] === '"' && s[j - 1] !== '\\')) j++;
        try {
          out.push(JSON.parse(s.slice(i + 1, j + 1)) as string);
        } catch {
          out.push(s.slice(i + 2, j));
        }
        i = s.indexOf(']', j) < 0 ? s.length : s.indexOf(']', j) + 1;
        continue;
      }
      const end = s.indexOf(']', i);
      const body = end < 0 ? s.slice(i + 1) : s.slice(i + 1, end);
      out.push(/^\d+$/.test(body) ? Number(body) : body);
      i = end < 0 ? s.length : end + 1;
      continue;
    }
    let j = i;
    while (j < s.length && s[j] !== '.' && s[j] !== '[') j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}
