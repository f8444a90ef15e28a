/**
 * The manifest loader. Pure: it takes file names and texts (the CLI reads the files) and returns typed, defaulted
 * objects with their source positions, every error found, and the documents it skipped. It never throws: a YAML
 * syntax error, an alias bomb or a 100 MB document all become {@link FieldError}s.
 */
import { Document, LineCounter, isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Node as YamlNode } from 'yaml';
import { type FieldError, type SourcePosition, compareFieldErrors, fieldError } from './errors.ts';
import { type FieldPath, formatPath, pathKey } from './path.ts';
import type { FeatureGates } from './features.ts';
import { type KindInfo, knownVersionsOf, lookupKind } from './kinds.ts';
import { validateObjectSchema, validateObjectSemantics, validateCrossObject } from './validate.ts';
import { convertObject, defaultObject } from './defaults.ts';

/** One input: a file name (for messages) and its text. */
export interface ManifestSource {
  file: string;
  text: string;
  /**
   * The source's one document as plain data, when the caller holds it already (an inline manifest of a scenario
   * given as an object); `text` must then be its YAML serialisation. Data that reads back from that YAML as the
   * same values (see {@link yamlStableCopy}) is loaded as it is, and `text` is parsed only when a message needs a
   * field's line and column — so `text` may be a getter that serialises on first use. Other data goes through
   * `text` as any source does.
   */
  data?: unknown;
}

/** Limits and switches of {@link loadManifests}; every field has a default. */
export interface LoadOptions {
  /** `'error'` (default, like `kubectl --validate=strict`) or `'warn'`: how fields Kubernetes does not define count. */
  unknownFields?: 'error' | 'warn';
  /** Largest source text, in bytes (UTF-16 code units); default 16 MiB. */
  maxSourceBytes?: number;
  /** Most documents per source; default 10 000. */
  maxDocuments?: number;
  /** Most alias dereferences per document (billion-laughs guard); default 1 000. */
  maxAliasCount?: number;
  /** Most YAML nodes materialised per document, aliases expanded; default 1 000 000. */
  maxNodes?: number;
  /** Namespace given to namespaced objects without one; default `default`. */
  defaultNamespace?: string;
  /** Feature gates that change what the API accepts (HPA `minReplicas: 0`); default: upstream's defaults. */
  featureGates?: FeatureGates;
}

/** A document kubesim read and understood. */
export interface LoadedObject {
  /** The typed object after conversion (autoscaling/v1 → v2) and API-server defaulting. */
  object: Record<string, unknown>;
  /** The object as written (plain data). */
  raw: unknown;
  /** Where the object starts. */
  source: SourcePosition;
  apiVersion: string;
  kind: string;
  name: string;
  /** Namespace (defaulted) for namespaced kinds; undefined for cluster-scoped ones. */
  namespace?: string;
  /** Whether a kubesim controller acts on it. */
  simulated: boolean;
  /** Source position of any field of `raw`, falling back to the nearest written ancestor. */
  positionOf(path: FieldPath): SourcePosition;
}

/** A document kubesim did not load: its kind is not one kubesim knows. */
export interface SkippedObject {
  kind: string;
  apiVersion: string;
  name: string;
  source: SourcePosition;
}

/** What {@link loadManifests} returns. */
export interface LoadResult {
  /** Every object understood, simulated or not, in input order. */
  objects: LoadedObject[];
  /** Every problem, sorted by file, line, column and path. Warnings carry `warning: true`. */
  errors: FieldError[];
  /** Documents of unknown kinds (Istio, Gateway API, CRDs). */
  skipped: SkippedObject[];
  /** Valid kinds that do not change a simulation (ServiceAccount, ConfigMap, …). */
  notSimulated: SkippedObject[];
  /** Documents that could not be read as an object at all (YAML errors, no kind, unknown version); see `errors`. */
  rejected: SkippedObject[];
}

const DEFAULTS: Required<LoadOptions> = {
  unknownFields: 'error',
  maxSourceBytes: 16 * 1024 * 1024,
  maxDocuments: 10_000,
  maxAliasCount: 1_000,
  maxNodes: 1_000_000,
  defaultNamespace: 'default',
  featureGates: {},
};

class LimitError extends Error {}

interface Materialised {
  value: unknown;
  positions: Map<string, SourcePosition>;
}

/**
 * Turns a YAML node tree into plain data, recording the position of every key and list item. Keys are defined
 * with `Object.defineProperty`, so `__proto__` is an ordinary (and then unknown) field and no prototype changes.
 */
function materialise(doc: Document.Parsed, file: string, lines: LineCounter, opts: Required<LoadOptions>): Materialised {
  const positions = new Map<string, SourcePosition>();
  let nodes = 0;
  let aliases = 0;
  const pos = (offset: number | undefined): SourcePosition => {
    const p = lines.linePos(offset ?? 0);
    return { file, line: p.line, col: p.col };
  };
  const walk = (node: unknown, path: (string | number)[], depth: number): unknown => {
    if (++nodes > opts.maxNodes) throw new LimitError(`document expands to more than ${opts.maxNodes} YAML nodes`);
    if (depth > 200) throw new LimitError('document is nested more than 200 levels deep');
    if (isAlias(node)) {
      if (++aliases > opts.maxAliasCount) {
        throw new LimitError(`excessive aliasing: more than ${opts.maxAliasCount} alias dereferences (a "billion laughs" document?)`);
      }
      return walk(node.resolve(doc), path, depth + 1);
    }
    if (isScalar(node)) {
      const v = node.value;
      return typeof v === 'bigint' ? Number(v) : v;
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        const rawKey = isScalar(keyNode) ? keyNode.value : keyNode === null ? '' : String(keyNode);
        const key = String(rawKey);
        // `<<` merge keys are resolved by the parser (merge: true); other keys become plain properties.
        const childPath = [...path, key];
        positions.set(pathKey(childPath), pos(keyNode?.range?.[0]));
        const value = walk(pair.value, childPath, depth + 1);
        Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    if (isSeq(node)) {
      return node.items.map((item, i) => {
        const childPath = [...path, i];
        positions.set(pathKey(childPath), pos((item as YamlNode | null)?.range?.[0]));
        return walk(item, childPath, depth + 1);
      });
    }
    return null;
  };
  const value = walk(doc.contents, [], 0);
  positions.set(pathKey([]), pos(doc.contents?.range?.[0]));
  return { value, positions };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Builds `positionOf` for an object found at `prefix` inside a document. `positions` may be a function that builds
 * the index on first use; `root`, when given, is the document root's position, answered without it.
 */
function positionLookup(
  positions: Map<string, SourcePosition> | (() => Map<string, SourcePosition>),
  prefix: FieldPath,
  root?: SourcePosition,
): (path: FieldPath) => SourcePosition {
  return (path) => {
    if (root && path.length === 0 && prefix.length === 0) return root;
    const index = typeof positions === 'function' ? positions() : positions;
    for (let n = path.length; n >= 0; n--) {
      const p = index.get(pathKey([...prefix, ...path.slice(0, n)]));
      if (p) return p;
    }
    return index.get(pathKey([])) ?? { file: '', line: 1, col: 1 };
  };
}

/**
 * The tests of every YAML 1.1 scalar type other than string (null, bool, int, float, timestamp, merge `<<`…), as
 * the YAML library resolves plain scalars when the loader reads with `version: '1.1'`.
 */
const YAML_11_SCALAR_TESTS: readonly RegExp[] = new Document(null, { version: '1.1' }).schema.tags.flatMap((t) =>
  t.tag !== 'tag:yaml.org,2002:str' && 'test' in t && t.test instanceof RegExp ? [t.test] : [],
);

/** Data that does not read back unchanged from its YAML, or that is past a limit the text path reports. */
class NotYamlStable extends Error {}

/**
 * A copy of `value` built as {@link materialise} builds a document's data, or undefined when reading `value`'s YAML
 * serialisation back might give other values or an error: anything but strings, finite numbers, booleans, null,
 * arrays and plain objects (no `undefined` members); a string or key that YAML 1.1 could read as another type
 * (`on`, `0755`, `1:20`, `2024-01-01`, `<<` …, even where the serialiser would quote it); a `kind: List` (its items
 * are positioned inside the document); or data near the loader's node, depth or size limits. For such data the
 * caller parses the text, so every value and message stays what the YAML path gives.
 */
function yamlStableCopy(value: unknown, opts: Pick<Required<LoadOptions>, 'maxNodes' | 'maxSourceBytes'>): unknown {
  let nodes = 0;
  let chars = 0;
  const str = (s: string): string => {
    chars += s.length;
    for (const re of YAML_11_SCALAR_TESTS) if (re.test(s)) throw new NotYamlStable();
    return s;
  };
  const copy = (v: unknown, depth: number): unknown => {
    if (++nodes > opts.maxNodes || depth > 200 || chars > opts.maxSourceBytes / 2) throw new NotYamlStable();
    if (v === null || typeof v === 'boolean') return v;
    if (typeof v === 'string') return str(v);
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new NotYamlStable();
      return v;
    }
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      for (let i = 0; i < v.length; i++) {
        if (v[i] === undefined) throw new NotYamlStable();
        out.push(copy(v[i], depth + 1));
      }
      return out;
    }
    if (typeof v !== 'object') throw new NotYamlStable();
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) throw new NotYamlStable();
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) {
      const member = (v as Record<string, unknown>)[key];
      if (member === undefined) throw new NotYamlStable();
      Object.defineProperty(out, str(key), { value: copy(member, depth + 1), enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  try {
    const out = copy(value, 0);
    if (isObject(out) && out['kind'] === 'List') return undefined;
    return out;
  } catch (e) {
    if (e instanceof NotYamlStable) return undefined;
    throw e;
  }
}

/**
 * Loads manifests: YAML (1.1, as kubectl reads it) or JSON, many documents per source, `kind: List` expanded.
 * Each document is schema-checked (unknown fields, wrong types), converted, defaulted and validated; then
 * cross-object checks run over everything loaded. Never throws.
 */
export function loadManifests(sources: readonly ManifestSource[], options: LoadOptions = {}): LoadResult {
  const opts: Required<LoadOptions> = { ...DEFAULTS, ...options };
  const result: LoadResult = { objects: [], errors: [], skipped: [], notSimulated: [], rejected: [] };
  for (const source of sources) {
    try {
      loadSource(source, opts, result);
    } catch (error) {
      // Defence in depth: a bug in a validator must still come out as an error value, never as a throw.
      result.errors.push({
        ...fieldError.syntax(`internal error while loading: ${error instanceof Error ? error.message : String(error)}`),
        source: { file: source.file, line: 1, col: 1 },
      });
    }
  }
  try {
    result.errors.push(...validateCrossObject(result.objects));
  } catch (error) {
    result.errors.push(fieldError.syntax(`internal error in cross-object checks: ${error instanceof Error ? error.message : String(error)}`));
  }
  if (opts.unknownFields === 'warn') {
    for (const e of result.errors) if (e.type === 'FieldValueUnknown') e.warning = true;
  }
  // The schema and semantic passes may both report a missing field; keep one of each.
  const seen = new Set<string>();
  result.errors = result.errors.filter((e) => {
    const key = `${e.type}\u0000${e.field}\u0000${e.source?.file}:${e.source?.line}:${e.source?.col}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  result.errors.sort(compareFieldErrors);
  return result;
}

function loadSource(source: ManifestSource, opts: Required<LoadOptions>, result: LoadResult): void {
  if (source.data !== undefined && loadData(source, opts, result)) return;
  const { file, text } = source;
  const at = (line: number, col: number): SourcePosition => ({ file, line, col });
  if (typeof text !== 'string') {
    result.errors.push({ ...fieldError.syntax('source text is not a string'), source: at(1, 1) });
    return;
  }
  if (text.length > opts.maxSourceBytes) {
    result.errors.push({
      ...fieldError.syntax(`file is ${text.length} bytes; the limit is ${opts.maxSourceBytes} bytes`),
      source: at(1, 1),
    });
    return;
  }
  const lines = new LineCounter();
  let docs: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(text, {
      lineCounter: lines,
      version: '1.1',
      merge: true,
      uniqueKeys: true,
      prettyErrors: false,
    });
    docs = Array.isArray(parsed) ? parsed : [];
    if (!Array.isArray(parsed)) {
      result.errors.push({ ...fieldError.syntax('not a YAML stream'), source: at(1, 1) });
      return;
    }
  } catch (error) {
    result.errors.push({ ...fieldError.syntax(`YAML: ${error instanceof Error ? error.message : String(error)}`), source: at(1, 1) });
    return;
  }
  if (docs.length > opts.maxDocuments) {
    result.errors.push({
      ...fieldError.syntax(`file has ${docs.length} documents; the limit is ${opts.maxDocuments}`),
      source: at(1, 1),
    });
    return;
  }
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      const start = lines.linePos(doc.range[0]);
      result.rejected.push({ kind: '', apiVersion: '', name: '', source: at(start.line, start.col) });
      for (const e of doc.errors) {
        const p = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
        const message = e.message.split('\n')[0] ?? e.message;
        result.errors.push({ ...fieldError.syntax(`YAML: ${message}`), source: at(p.line, p.col) });
      }
      continue;
    }
    let m: Materialised;
    try {
      m = materialise(doc, file, lines, opts);
    } catch (error) {
      const p = lines.linePos(doc.range[0]);
      result.rejected.push({ kind: '', apiVersion: '', name: '', source: at(p.line, p.col) });
      result.errors.push({
        ...fieldError.syntax(error instanceof LimitError ? error.message : `YAML: ${(error as Error).message}`),
        source: at(p.line, p.col),
      });
      continue;
    }
    if (m.value === null || m.value === undefined) continue;
    addDocument(m.value, [], m.positions, opts, result);
  }
}

/**
 * Loads a source's `data` without parsing its text, when the data is YAML-stable ({@link yamlStableCopy}); false
 * otherwise (nothing is added then). Positions come from parsing `text` the first time a message asks for one; the
 * root is at line 1, column 1 of the serialisation, where its first key is written.
 */
function loadData(source: ManifestSource, opts: Required<LoadOptions>, result: LoadResult): boolean {
  const raw = yamlStableCopy(source.data, opts);
  if (raw === undefined) return false;
  let positions: Map<string, SourcePosition> | undefined;
  const index = () => (positions ??= textPositions(source, opts));
  addDocument(raw, [], index, opts, result, { file: source.file, line: 1, col: 1 });
  return true;
}

/** The position index of a source's first document, parsed from its text (empty if the text does not parse). */
function textPositions(source: ManifestSource, opts: Required<LoadOptions>): Map<string, SourcePosition> {
  const lines = new LineCounter();
  const [doc] = parseAllDocuments(source.text, { lineCounter: lines, version: '1.1', merge: true, uniqueKeys: true, prettyErrors: false }) as Document.Parsed[];
  if (!doc || doc.errors.length > 0) return new Map();
  try {
    return materialise(doc, source.file, lines, opts).positions;
  } catch {
    return new Map();
  }
}

function addDocument(
  raw: unknown,
  prefix: FieldPath,
  positions: Map<string, SourcePosition> | (() => Map<string, SourcePosition>),
  opts: Required<LoadOptions>,
  result: LoadResult,
  root?: SourcePosition,
): void {
  const positionOf = positionLookup(positions, prefix, root);
  const here = positionOf([]);
  if (!isObject(raw)) {
    result.rejected.push({ kind: '', apiVersion: '', name: '', source: here });
    result.errors.push({ ...fieldError.typeInvalid(formatPath(prefix), raw, 'a manifest document must be an object with apiVersion and kind'), source: here });
    return;
  }
  const apiVersion = raw['apiVersion'];
  const kind = raw['kind'];
  const errs: FieldError[] = [];
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    errs.push({ ...fieldError.required(formatPath([...prefix, 'apiVersion']), 'apiVersion must be set'), source: here });
  }
  if (typeof kind !== 'string' || kind === '') {
    errs.push({ ...fieldError.required(formatPath([...prefix, 'kind']), 'kind must be set'), source: here });
  }
  if (errs.length > 0) {
    result.rejected.push({ kind: typeof kind === 'string' ? kind : '', apiVersion: typeof apiVersion === 'string' ? apiVersion : '', name: '', source: here });
    result.errors.push(...errs);
    return;
  }
  const av = apiVersion as string;
  const k = kind as string;
  if (k === 'List' && av === 'v1') {
    const items = raw['items'];
    if (!Array.isArray(items)) {
      result.rejected.push({ kind: k, apiVersion: av, name: '', source: here });
      result.errors.push({ ...fieldError.required(formatPath([...prefix, 'items']), 'a List needs items'), source: here });
      return;
    }
    items.forEach((item, i) => addDocument(item, [...prefix, 'items', i], positions, opts, result));
    return;
  }
  const metadata = isObject(raw['metadata']) ? raw['metadata'] : {};
  const name = typeof metadata['name'] === 'string' ? metadata['name'] : '';
  const info: KindInfo | undefined = lookupKind(av, k);
  if (!info) {
    const versions = knownVersionsOf(k);
    if (versions.length > 0) {
      result.rejected.push({ kind: k, apiVersion: av, name, source: here });
      result.errors.push({
        ...fieldError.notSupported(formatPath([...prefix, 'apiVersion']), av, versions),
        detail: `no kind "${k}" is registered for version "${av}"`,
        source: positionOf(['apiVersion']),
      });
      return;
    }
    result.skipped.push({ kind: k, apiVersion: av, name, source: here });
    return;
  }
  const schemaErrors = validateObjectSchema(raw, info, positionOf);
  result.errors.push(...schemaErrors);
  if (!info.simulated) {
    result.notSimulated.push({ kind: k, apiVersion: av, name, source: here });
  }
  // Conversion and defaulting work on a copy; `raw` stays as written.
  const converted = convertObject(structuredClone(raw), info);
  const typed = defaultObject(converted, info);
  const namespace = info.namespaced
    ? typeof metadata['namespace'] === 'string' && metadata['namespace'] !== ''
      ? metadata['namespace']
      : opts.defaultNamespace
    : undefined;
  if (info.namespaced && isObject(typed['metadata'])) (typed['metadata'] as Record<string, unknown>)['namespace'] = namespace;
  const loaded: LoadedObject = {
    object: typed,
    raw,
    source: here,
    apiVersion: av,
    kind: k,
    name,
    simulated: info.simulated,
    positionOf,
    ...(namespace !== undefined ? { namespace } : {}),
  };
  // Semantic checks only on schema-clean objects: a wrong type already has its error.
  if (!schemaErrors.some((e) => e.type === 'TypeInvalid')) {
    result.errors.push(...validateObjectSemantics(loaded, info, opts.featureGates));
  }
  result.objects.push(loaded);
}
