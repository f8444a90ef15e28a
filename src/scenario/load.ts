/**
 * The scenario loader: YAML text (or a plain object) → a typed, validated, fully defaulted {@link Scenario}, or every
 * error at once, each with its field path and `file:line:col`. Manifests named by the scenario go through the
 * manifest loader (`loadManifests`), so their errors keep their own file positions. Never throws.
 */
import { parseAllDocuments, stringify } from 'yaml';
import { compareFieldErrors, fieldError, type FieldError } from '../api/errors.ts';
import { type FeatureGateName, type FeatureGates, KNOWN_FEATURE_GATES } from '../api/features.ts';
import { loadManifests, type LoadedObject, type LoadResult, type ManifestSource } from '../api/load.ts';
import { type FieldPath, pathKey } from '../api/path.ts';
import { isDNS1123Subdomain } from '../api/names.ts';
import { parseSchedulerProfile } from '../controllers/scheduler/framework/profile.ts';
import { Checker, type Obj, isObj } from './check.ts';
import { readAlerting } from './alerting.ts';
import { readCluster } from './cluster.ts';
import { type FileSystem, hasGlobMagic } from './fs.ts';
import { ObjectIndex } from './objects.ts';
import { applyOverrides } from './overrides.ts';
import { type NodeLocation, type ParseLimits, DEFAULT_PARSE_LIMITS, parseFieldPath, parseScenarioText } from './parse.ts';
import { readExpect, readFaults, readIngressController, readTimeline, readTraffic, readWorkloads } from './sections.ts';
import { SCENARIO_API_VERSION, type RecordSpec, type Scenario, type ScenarioLoadResult } from './types.ts';

/** Options of every loader entry point. */
export interface ScenarioLoadOptions {
  /** `--set path=value` overrides, applied to the document before validation (see `applyOverrides`). */
  set?: readonly string[];
  /** Parse limits; defaults in `DEFAULT_PARSE_LIMITS`. */
  limits?: Partial<ParseLimits>;
  /** Most manifest files one scenario may read. Default 1 000. */
  maxManifestFiles?: number;
}

/** Default scenario seed. */
export const DEFAULT_SEED = 1;
/** Default metric resolution: 15 s. */
export const DEFAULT_RESOLUTION_MS = 15_000;
/** Longest simulated run: 400 days. */
export const MAX_DURATION_MS = 400 * 86_400_000;

const TOP_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec'] as const;
const SPEC_FIELDS = ['seed', 'duration', 'resolution', 'startTime', 'featureGates', 'record', 'cluster', 'scheduler', 'manifests', 'workloads', 'traffic', 'timeline', 'faults', 'expect', 'alerting', 'ingressController'] as const;
const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Reads and loads the scenario file at `path`. */
export function loadScenarioFile(path: string, fs: FileSystem, options: ScenarioLoadOptions = {}): ScenarioLoadResult {
  let text: string;
  try {
    text = fs.readFile(path);
  } catch (e) {
    return { errors: [{ ...fieldError.required('', `cannot read the scenario file: ${(e as Error).message}`), source: { file: path, line: 1, col: 1 } }], warnings: [] };
  }
  return loadScenarioFromText(text, path, fs, options);
}

/** Loads a scenario from YAML (or JSON) text; `file` names it in messages and anchors relative manifest paths. */
export function loadScenarioFromText(text: string, file: string, fs?: FileSystem, options: ScenarioLoadOptions = {}): ScenarioLoadResult {
  try {
    const parsed = parseScenarioText(text, file, { ...DEFAULT_PARSE_LIMITS, ...options.limits });
    if (!parsed.doc) return { errors: parsed.errors, warnings: [] };
    return loadParsed(parsed.doc.value, file, parsed.doc.locations, text, fs, options);
  } catch (error) {
    return internalError(error, file);
  }
}

/**
 * Loads a scenario given as a plain object (the parsed YAML). Errors have field paths but no line numbers.
 * Without `fs`, manifest entries must be inline objects.
 */
export function loadScenarioFromObject(obj: unknown, fs?: FileSystem, options: ScenarioLoadOptions & { file?: string } = {}): ScenarioLoadResult {
  try {
    return loadParsed(obj, options.file ?? '<object>', undefined, undefined, fs, options);
  } catch (error) {
    return internalError(error, options.file ?? '<object>');
  }
}

function internalError(error: unknown, file: string): ScenarioLoadResult {
  // Defence in depth: a validator bug must still come out as an error value, never as a throw.
  return { errors: [{ ...fieldError.syntax(`internal error while loading the scenario: ${error instanceof Error ? error.message : String(error)}`), source: { file, line: 1, col: 1 } }], warnings: [] };
}

function loadParsed(
  value: unknown,
  file: string,
  locations: ReadonlyMap<string, NodeLocation> | undefined,
  text: string | undefined,
  fs: FileSystem | undefined,
  options: ScenarioLoadOptions,
): ScenarioLoadResult {
  let doc = value;
  if (options.set && options.set.length > 0) {
    const r = applyOverrides(doc, options.set);
    if (r.errors.length > 0) return { errors: r.errors, warnings: [] };
    doc = r.doc;
  }
  const c = new Checker(file, locations);
  c.root = doc;
  const top = c.object(doc, [], TOP_FIELDS, ['apiVersion', 'kind', 'spec']);
  if (!top) return finish(c);
  if (top['apiVersion'] !== undefined && top['apiVersion'] !== SCENARIO_API_VERSION) c.add(fieldError.notSupported('', top['apiVersion'], [SCENARIO_API_VERSION]), ['apiVersion']);
  if (top['kind'] !== undefined && top['kind'] !== 'Scenario') c.add(fieldError.notSupported('', top['kind'], ['Scenario']), ['kind']);
  const meta = top['metadata'] === undefined ? {} : c.object(top['metadata'], ['metadata'], ['name', 'description']) ?? {};
  const name = meta['name'] === undefined ? fileStem(file) : c.string(meta['name'], ['metadata', 'name']) ?? '';
  if (meta['name'] !== undefined && name !== '') for (const msg of isDNS1123Subdomain(name)) c.add(fieldError.invalid('', name, msg), ['metadata', 'name']);
  const description = meta['description'] === undefined ? '' : typeof meta['description'] === 'string' ? meta['description'] : (c.add(fieldError.typeInvalid('', meta['description'], 'expected a string'), ['metadata', 'description']), '');
  const spec = top['spec'] === undefined ? undefined : c.object(top['spec'], ['spec'], SPEC_FIELDS, ['duration', 'cluster']);
  if (!spec) return finish(c);
  const S = (k: string): FieldPath => ['spec', k];
  const seed = c.integer(spec['seed'], S('seed'), { min: 0 }) ?? DEFAULT_SEED;
  const durationMs = c.duration(spec['duration'], S('duration'), { positive: true });
  if (durationMs !== undefined && durationMs > MAX_DURATION_MS) c.add(fieldError.invalid('', spec['duration'], `must be at most 400 days`), S('duration'));
  const resolutionMs = c.duration(spec['resolution'], S('resolution'), { positive: true }) ?? DEFAULT_RESOLUTION_MS;
  if (durationMs !== undefined && resolutionMs > durationMs) c.add(fieldError.invalid('', spec['resolution'], 'must not exceed spec.duration'), S('resolution'));
  const startTimeMs = readStartTime(c, spec['startTime'], S('startTime'));
  const featureGates = readFeatureGates(c, spec['featureGates'], S('featureGates'));
  const record = readRecord(c, spec['record'], S('record'));
  const cluster = spec['cluster'] === undefined ? undefined : readCluster(c, spec['cluster'], S('cluster'));
  const parsedScheduler = parseSchedulerProfile(spec['scheduler']);
  for (const e of parsedScheduler.errors) c.add(e, ['spec', 'scheduler', ...pathSegments(e.field)], e.type === 'FieldValueUnknown' ? 'key' : 'value');

  const overridden = (options.set ?? []).map((set) => parseFieldPath(set.slice(0, Math.max(0, set.indexOf('='))).trim()));
  const manifests = new ManifestCollector(c, file, text, locations, fs, options.maxManifestFiles ?? 1_000, featureGates, overridden);
  manifests.addList(spec['manifests'], S('manifests'));
  // Objects a timeline `apply` creates count for references (a setImage on a Deployment applied earlier is fine).
  const applied = new Map<string, LoadedObject[]>();
  const rawTimeline = spec['timeline'];
  (Array.isArray(rawTimeline) ? rawTimeline : []).forEach((e, i) => {
    if (isObj(e) && e['apply'] !== undefined) {
      const objs = manifests.load(e['apply'], ['spec', 'timeline', i, 'apply']);
      if (objs) applied.set(String(i), objs);
    }
  });
  const initial = manifests.result();
  const index = new ObjectIndex([...initial.objects, ...[...applied.values()].flat()]);
  const workloads = readWorkloads(c, spec['workloads'], S('workloads'), index);
  const ingressController = readIngressController(c, spec['ingressController'], S('ingressController'));
  const traffic = readTraffic(c, spec['traffic'], S('traffic'), index, ingressController);
  const timeline = readTimeline(c, rawTimeline, S('timeline'), {
    index,
    cluster,
    durationMs,
    apply: (_v, path) => applied.get(String(path[2])),
  });
  const faults = readFaults(c, spec['faults'], S('faults'), cluster, durationMs);
  const expect = readExpect(c, spec['expect'], S('expect'), index, cluster?.nodePools.map((p) => p.name));
  const ruleErrors: FieldError[] = [];
  const alerting = readAlerting(c, spec['alerting'], S('alerting'), fs, file, initial.objects, ruleErrors);
  const alertNames = new Set(alerting?.groups.flatMap((g) => g.rules.filter((r) => r.kind === 'alert').map((r) => r.name)) ?? []);
  for (const e of expect) {
    if ((e.type === 'alertFires' || e.type === 'noAlert') && !alertNames.has(e.name)) {
      c.add(fieldError.invalid('', e.name, alertNames.size > 0 ? `no alerting rule of that name; the rules define ${[...alertNames].sort().join(', ')}` : 'no alerting rule of that name: add rules under spec.alerting or PrometheusRule manifests'), [...S('expect'), e.index, e.type, 'name']);
    }
  }
  const result = finish(c, [...manifests.errors(), ...ruleErrors]);
  if (result.errors.length > 0 || durationMs === undefined || !cluster || !parsedScheduler.profile) return result;
  const scenario: Scenario = {
    apiVersion: SCENARIO_API_VERSION,
    kind: 'Scenario',
    metadata: { name, description },
    file,
    seed,
    durationMs,
    resolutionMs,
    startTimeMs,
    featureGates,
    record,
    cluster,
    scheduler: parsedScheduler.profile,
    manifests: initial.objects,
    skipped: initial.skipped,
    notSimulated: initial.notSimulated,
    manifestFiles: manifests.files,
    workloads,
    traffic,
    ingressController,
    timeline,
    faults,
    expect,
    ...(alerting ? { alerting } : {}),
  };
  return { ...result, scenario };
}

function finish(c: Checker, extra: readonly FieldError[] = []): ScenarioLoadResult {
  const all = [...c.errors, ...extra];
  const errors = dedupe(all.filter((e) => !e.warning)).sort(compareFieldErrors);
  const warnings = dedupe([...c.warnings, ...all.filter((e) => e.warning)]).sort(compareFieldErrors);
  return { errors, warnings };
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.type}\u0000${e.field}\u0000${e.detail}\u0000${e.source?.file}:${e.source?.line}:${e.source?.col}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function fileStem(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return base.replace(/\.(ya?ml|json)$/, '');
}

function pathSegments(field: string): (string | number)[] {
  return field === '' ? [] : field.split(/\.|\[(\d+)\]\.?/).filter((s) => s !== undefined && s !== '').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** `spec.featureGates`: gate name → boolean; a name kubesim does not know is an error listing the known ones. */
function readFeatureGates(c: Checker, v: unknown, path: FieldPath): FeatureGates {
  const gates: FeatureGates = {};
  if (v === undefined || v === null) return gates;
  if (!isObj(v)) {
    c.add(fieldError.typeInvalid('', v, `expected a mapping of feature gate names to true or false (known: ${KNOWN_FEATURE_GATES.join(', ')})`), path);
    return gates;
  }
  for (const [name, value] of Object.entries(v)) {
    if (!(KNOWN_FEATURE_GATES as readonly string[]).includes(name)) {
      c.add(fieldError.notSupported('', name, KNOWN_FEATURE_GATES), [...path, name], 'key');
      continue;
    }
    const b = c.boolean(value, [...path, name]);
    if (b !== undefined) gates[name as FeatureGateName] = b;
  }
  return gates;
}

/** `spec.record`: `podSeries` (boolean) and `history` (objects, changes or none). */
function readRecord(c: Checker, v: unknown, path: FieldPath): RecordSpec {
  if (v === undefined || v === null) return { history: 'objects' };
  const r = c.object(v, path, ['podSeries', 'history']);
  if (!r) return { history: 'objects' };
  const podSeries = c.boolean(r['podSeries'], [...path, 'podSeries']);
  const history = c.oneOf(r['history'], [...path, 'history'], HISTORY_MODES) ?? 'objects';
  return { ...(podSeries !== undefined ? { podSeries } : {}), history };
}

const HISTORY_MODES = ['objects', 'changes', 'none'] as const;

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** RFC 3339 (`2024-03-01T08:00:00Z`) to Unix ms; YAML 1.1 may already have made it a timestamp. */
function readStartTime(c: Checker, v: unknown, path: FieldPath): number {
  if (v === undefined || v === null) return 0;
  if (v instanceof Date) {
    const t = v.getTime();
    if (Number.isFinite(t)) return t;
  }
  const m = typeof v === 'string' ? RFC3339.exec(v) : null;
  if (!m) {
    c.add(fieldError.invalid('', v instanceof Date ? String(v) : v, 'expected an RFC 3339 time such as "2024-03-01T08:00:00Z"'), path);
    return 0;
  }
  const [, y, mo, d, h, mi, s, frac, zone] = m as unknown as string[];
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), frac ? Math.round(Number(`0${frac}`) * 1000) : 0);
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  return ms;
}

/**
 * Collects `spec.manifests` (and timeline `apply` arguments): inline objects become sources placed at their own
 * lines of the scenario file, paths/globs/directories are read through the file system; everything goes through
 * `loadManifests` once per entry so each error keeps its file:line:col.
 */
class ManifestCollector {
  readonly files: string[] = [];
  private readonly sources: ManifestSource[] = [];
  private initial: LoadResult | undefined;
  private readonly extraErrors: FieldError[] = [];
  private readonly baseDir: string;

  constructor(
    private readonly c: Checker,
    private readonly file: string,
    private readonly text: string | undefined,
    private readonly locations: ReadonlyMap<string, NodeLocation> | undefined,
    private readonly fs: FileSystem | undefined,
    private readonly maxFiles: number,
    private readonly featureGates: FeatureGates,
    /** Field paths of `--set` overrides: an inline object under one is serialised, since the file text predates it. */
    private readonly overridden: readonly FieldPath[] = [],
  ) {
    this.baseDir = fs ? fs.dirname(file) : '.';
  }

  /** Collects `spec.manifests`; they load together so cross-object checks (duplicates, selectors) see them all. */
  addList(v: unknown, path: FieldPath): void {
    if (v === undefined || v === null) return;
    if (!Array.isArray(v)) {
      this.c.add(fieldError.typeInvalid('', v, 'expected a list of paths, globs, directories or inline objects'), path);
      return;
    }
    v.forEach((entry, i) => this.sources.push(...(this.sourcesOf(entry, [...path, i]) ?? [])));
  }

  /** Loads one `apply` argument; its objects are returned (not part of the initial manifests). */
  load(v: unknown, path: FieldPath): LoadedObject[] | undefined {
    const sources = this.sourcesOf(v, path);
    if (!sources) return undefined;
    const r = loadManifests(sources, { featureGates: this.featureGates });
    this.extraErrors.push(...r.errors);
    return r.errors.some((e) => !e.warning) ? undefined : r.objects;
  }

  /** The initial manifests, loaded once. */
  result(): LoadResult {
    this.initial ??= loadManifests(this.sources, { featureGates: this.featureGates });
    return this.initial;
  }

  errors(): FieldError[] {
    return [...this.result().errors, ...this.extraErrors];
  }

  private sourcesOf(entry: unknown, path: FieldPath): ManifestSource[] | undefined {
    if (isObj(entry)) return [this.inlineSource(entry, path)];
    if (typeof entry !== 'string' || entry === '') {
      this.c.add(fieldError.typeInvalid('', entry, 'expected a path, glob or directory (relative to the scenario file), or an inline object with apiVersion and kind'), path);
      return undefined;
    }
    const files = this.resolveEntry(entry, path);
    if (!files) return undefined;
    const sources: ManifestSource[] = [];
    for (const f of files) {
      if (this.files.length >= this.maxFiles) {
        this.c.add(fieldError.tooMany('', this.files.length + 1, this.maxFiles), path);
        return undefined;
      }
      try {
        sources.push({ file: f, text: (this.fs as FileSystem).readFile(f) });
        this.files.push(f);
      } catch (e) {
        this.c.add(fieldError.invalid('', entry, `cannot read ${f}: ${(e as Error).message}`), path);
      }
    }
    return sources;
  }

  private resolveEntry(entry: string, path: FieldPath): string[] | undefined {
    const fs = this.fs;
    if (!fs) {
      this.c.add(fieldError.invalid('', entry, 'manifest paths need a file system; pass one to the loader or write the object inline'), path);
      return undefined;
    }
    if (hasGlobMagic(entry)) {
      let matches: string[];
      try {
        matches = fs.glob(entry, this.baseDir).filter((f) => MANIFEST_EXTENSIONS.some((x) => f.endsWith(x)));
      } catch (e) {
        this.c.add(fieldError.invalid('', entry, `bad glob: ${(e as Error).message}`), path);
        return undefined;
      }
      if (matches.length === 0) this.c.add(fieldError.invalid('', entry, `the pattern matches no .yaml, .yml or .json file (relative to ${this.baseDir})`), path);
      return matches;
    }
    const target = entry.startsWith('/') ? entry : fs.join(this.baseDir, entry);
    if (fs.isDirectory(target)) {
      let names: string[];
      try {
        names = fs.listDir(target);
      } catch (e) {
        this.c.add(fieldError.invalid('', entry, `cannot list ${target}: ${(e as Error).message}`), path);
        return undefined;
      }
      const files = names.filter((n) => MANIFEST_EXTENSIONS.some((x) => n.endsWith(x))).map((n) => fs.join(target, n)).filter((f) => fs.isFile(f));
      if (files.length === 0) this.c.add(fieldError.invalid('', entry, `the directory ${target} has no .yaml, .yml or .json file`), path);
      return files;
    }
    if (!fs.isFile(target)) {
      this.c.add(fieldError.invalid('', entry, `no such file or directory: ${target}`), path);
      return undefined;
    }
    return [target];
  }

  /**
   * An inline object as a manifest source. With the scenario text at hand, the object's own text is cut out and
   * padded with the newlines and spaces that precede it, so the manifest loader reports the scenario's own lines
   * and columns. Without text (a scenario given as an object), it is handed over as data (serialised only when a
   * message needs a line) and named by its field path.
   */
  private inlineSource(entry: Obj, path: FieldPath): ManifestSource {
    const loc = this.locations?.get(pathKey(path));
    const isOverridden = this.overridden.some((o) => path.every((seg, i) => o[i] === seg));
    if (this.text !== undefined && loc?.range && !isOverridden) {
      const [start, end] = loc.range;
      const lineStart = this.text.lastIndexOf('\n', start - 1) + 1;
      const before = this.text.slice(0, lineStart);
      const newlines = before.split('\n').length - 1;
      const body = ' '.repeat(start - lineStart) + this.text.slice(start, end);
      const source = { file: this.file, text: '\n'.repeat(newlines) + body };
      // An inline object that borrows an anchor from elsewhere in the file does not parse alone; serialise it then.
      if (parseAllDocuments(source.text, { version: '1.1' }).every((d) => d.errors.length === 0)) return source;
    }
    const label = `${this.file}#${path.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '')}`;
    // The object is handed over as data; its YAML is written only if the loader needs it (see ManifestSource.data):
    // serialising and parsing it back was most of loading a property test's scenario.
    let text: string | undefined;
    return {
      file: label,
      data: entry,
      get text(): string {
        if (text === undefined) {
          try {
            text = stringify(entry, { aliasDuplicateObjects: false });
          } catch {
            text = JSON.stringify(entry);
          }
        }
        return text;
      },
    };
  }
}

