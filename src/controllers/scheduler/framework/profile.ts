/**
 * Scheduler profiles in the shape of `KubeSchedulerConfiguration` (kubescheduler.config.k8s.io/v1): plugin
 * enable/disable per extension point, score weights, plugin args, percentageOfNodesToScore. The parser applies the
 * v1 defaults and validates everything at once, returning field errors with paths.
 */
import { fieldError, type FieldError } from '../../../api/errors.ts';
import type { NodeAffinity } from 'kubernetes-types/core/v1';
import { compileNodeSelector } from '../../../api/selector.ts';
import { validateTypedValue } from '../../../api/validate.ts';
import type { InterPodAffinityArgs } from '../plugins/InterPodAffinity/index.ts';
import type { NodeAffinityArgs } from '../plugins/NodeAffinity/index.ts';
import type { BalancedAllocationArgs } from '../plugins/NodeResourcesBalancedAllocation/index.ts';
import { defaultNodeResourcesFitArgs, type NodeResourcesFitArgs } from '../plugins/NodeResourcesFit/index.ts';
import type { PodTopologySpreadArgs } from '../plugins/PodTopologySpread/index.ts';

/** Extension points a plugin can be disabled at. */
export type ExtensionPoint = 'preFilter' | 'filter' | 'postFilter' | 'preScore' | 'score' | 'reserve' | 'preBind' | 'bind';
const EXTENSION_POINTS: readonly ExtensionPoint[] = ['preFilter', 'filter', 'postFilter', 'preScore', 'score', 'reserve', 'preBind', 'bind'];

/** DefaultPreemption args (defaults 10 % / 100). */
export interface DefaultPreemptionArgs {
  minCandidateNodesPercentage: number;
  minCandidateNodesAbsolute: number;
}

/** One enabled plugin of a profile. */
export interface ProfilePlugin {
  name: string;
  /** Score weight (1..100); ignored for plugins without Score. */
  weight: number;
  /** Extension points at which this plugin is disabled. */
  disabled: ReadonlySet<ExtensionPoint>;
}

/** A validated, defaulted profile. */
export interface SchedulerProfile {
  /** Default `default-scheduler`. */
  schedulerName: string;
  /** 0 = adaptive (50 − nodes/125 %, at least 5 %). */
  percentageOfNodesToScore: number;
  /** Enabled plugins in MultiPoint order. */
  plugins: ProfilePlugin[];
  pluginArgs: {
    NodeResourcesFit: NodeResourcesFitArgs;
    NodeAffinity: NodeAffinityArgs;
    NodeResourcesBalancedAllocation: BalancedAllocationArgs;
    PodTopologySpread: PodTopologySpreadArgs;
    InterPodAffinity: InterPodAffinityArgs;
    DefaultPreemption: DefaultPreemptionArgs;
  };
}

/** The default MultiPoint plugin list (1.31+, without the DRA plugin) and score weights. */
export const DEFAULT_PLUGINS: readonly { name: string; weight: number }[] = [
  { name: 'PrioritySort', weight: 0 },
  { name: 'NodeUnschedulable', weight: 0 },
  { name: 'NodeName', weight: 0 },
  { name: 'TaintToleration', weight: 3 },
  { name: 'NodeAffinity', weight: 2 },
  { name: 'NodePorts', weight: 0 },
  { name: 'NodeResourcesFit', weight: 1 },
  { name: 'VolumeRestrictions', weight: 0 },
  { name: 'NodeVolumeLimits', weight: 0 },
  { name: 'VolumeBinding', weight: 0 },
  { name: 'VolumeZone', weight: 0 },
  { name: 'PodTopologySpread', weight: 2 },
  { name: 'InterPodAffinity', weight: 2 },
  { name: 'DefaultPreemption', weight: 0 },
  { name: 'NodeResourcesBalancedAllocation', weight: 1 },
  { name: 'ImageLocality', weight: 1 },
  { name: 'DefaultBinder', weight: 0 },
];

/** The plugin names this scheduler knows. */
export const KNOWN_PLUGINS: readonly string[] = DEFAULT_PLUGINS.map((p) => p.name);

/** The default profile (`default-scheduler`). */
export function defaultProfile(): SchedulerProfile {
  return {
    schedulerName: 'default-scheduler',
    percentageOfNodesToScore: 0,
    plugins: DEFAULT_PLUGINS.map((p) => ({ name: p.name, weight: p.weight, disabled: new Set() })),
    pluginArgs: {
      NodeResourcesFit: defaultNodeResourcesFitArgs(),
      NodeAffinity: {},
      NodeResourcesBalancedAllocation: { resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }] },
      PodTopologySpread: { defaultingType: 'System', defaultConstraints: [] },
      InterPodAffinity: { hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: false },
      DefaultPreemption: { minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 },
    },
  };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** The parser's result: a profile when there are no errors. */
export interface ParsedProfile {
  profile?: SchedulerProfile;
  errors: FieldError[];
}

function parseResources(v: unknown, path: string, errors: FieldError[]): { name: string; weight: number }[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) {
    errors.push(fieldError.typeInvalid(path, v, 'must be a list'));
    return undefined;
  }
  const seen = new Set<string>();
  return v.map((r: unknown, i) => {
    const p = `${path}[${i}]`;
    if (!isObj(r) || typeof r.name !== 'string' || r.name === '') {
      errors.push(fieldError.required(`${p}.name`));
      return { name: '', weight: 1 };
    }
    if (seen.has(r.name)) errors.push(fieldError.duplicate(`${p}.name`, r.name));
    seen.add(r.name);
    // v1 defaulting: an omitted or zero weight becomes 1.
    const weight = r.weight === undefined || r.weight === 0 ? 1 : r.weight;
    if (!isInt(weight) || weight < 1 || weight > 100) errors.push(fieldError.invalid(`${p}.weight`, r.weight, 'resource weight of must be in the range [1, 100]'));
    return { name: r.name, weight: weight as number };
  });
}

function parseFitArgs(a: Record<string, unknown>, path: string, errors: FieldError[]): NodeResourcesFitArgs {
  const out = defaultNodeResourcesFitArgs();
  for (const key of ['ignoredResources', 'ignoredResourceGroups'] as const) {
    const v = a[key];
    if (v === undefined) continue;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out[key] = v as string[];
    else errors.push(fieldError.typeInvalid(`${path}.${key}`, v, 'must be a list of strings'));
  }
  const s = a.scoringStrategy;
  if (s === undefined) return out;
  if (!isObj(s)) {
    errors.push(fieldError.typeInvalid(`${path}.scoringStrategy`, s, 'must be an object'));
    return out;
  }
  const sp = `${path}.scoringStrategy`;
  const type = s.type ?? 'LeastAllocated';
  const types = ['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'];
  if (typeof type !== 'string' || !types.includes(type)) errors.push(fieldError.notSupported(`${sp}.type`, type, types));
  else out.scoringStrategy.type = type as NodeResourcesFitArgs['scoringStrategy']['type'];
  const res = parseResources(s.resources, `${sp}.resources`, errors);
  if (res) out.scoringStrategy.resources = res;
  if (out.scoringStrategy.type === 'RequestedToCapacityRatio') {
    const r = s.requestedToCapacityRatio;
    const shape = isObj(r) ? r.shape : undefined;
    if (!Array.isArray(shape) || shape.length === 0) {
      errors.push(fieldError.required(`${sp}.requestedToCapacityRatio.shape`, 'at least one point must be specified'));
    } else {
      const pts = shape.map((pt: unknown, i) => {
        const pp = `${sp}.requestedToCapacityRatio.shape[${i}]`;
        const u = isObj(pt) ? pt.utilization : undefined;
        const sc = isObj(pt) ? pt.score : undefined;
        if (!isInt(u) || u < 0 || u > 100) errors.push(fieldError.invalid(`${pp}.utilization`, u, 'not in valid range [0, 100]'));
        if (!isInt(sc) || sc < 0 || sc > 10) errors.push(fieldError.invalid(`${pp}.score`, sc, 'not in valid range [0, 10]'));
        return { utilization: Number(u), score: Number(sc) };
      });
      pts.forEach((pt, i) => {
        if (i > 0 && pt.utilization <= (pts[i - 1] as { utilization: number }).utilization) {
          errors.push(fieldError.invalid(`${sp}.requestedToCapacityRatio.shape[${i}].utilization`, pt.utilization, 'Invalid value, utilization values must be sorted in increasing order'));
        }
      });
      out.scoringStrategy.requestedToCapacityRatio = { shape: pts };
    }
  }
  return out;
}

/**
 * A node selector's compile error (`nodeSelectorTerms[0].matchExpressions[1]: key: Invalid value: "a b": …`) as a
 * field error under `base`: the path segments before `Invalid value` join the field path, the rest is the detail.
 */
function selectorError(base: string, e: string): FieldError {
  const at = e.indexOf(': Invalid value: ');
  const [sub, detail] = at >= 0 ? [e.slice(0, at).replaceAll(': ', '.'), e.slice(at + 17)] : [e.slice(0, e.indexOf(': ')), e.slice(e.indexOf(': ') + 2)];
  return { type: 'Invalid', field: sub === '' ? base : `${base}.${sub}`, detail };
}

/**
 * `ValidateNodeAffinityArgs`: `addedAffinity` is a `NodeAffinity` whose required selector and preferred terms
 * compile (`NewNodeSelector`, `NewPreferredSchedulingTerms`).
 */
function parseNodeAffinityArgs(a: Record<string, unknown>, path: string, errors: FieldError[]): NodeAffinityArgs {
  for (const key of Object.keys(a)) if (key !== 'addedAffinity') errors.push(fieldError.unknown(`${path}.${key}`));
  const added = a.addedAffinity;
  if (added === undefined || added === null) return {};
  const ap = `${path}.addedAffinity`;
  const before = errors.length;
  const typeErrors = validateTypedValue(added, 'core/v1.NodeAffinity');
  for (const e of typeErrors) errors.push({ ...e, field: e.field === '' ? ap : `${ap}.${e.field}` });
  if (!isObj(added)) return {};
  // Selectors whose shape is right are compiled too, so every error is reported at once.
  const wellTyped = (prefix: string) => !typeErrors.some((e) => e.field === prefix || e.field.startsWith(`${prefix}.`) || e.field.startsWith(`${prefix}[`));
  const affinity = added as NodeAffinity;
  const REQ = 'requiredDuringSchedulingIgnoredDuringExecution';
  const req = affinity.requiredDuringSchedulingIgnoredDuringExecution;
  if (req && wellTyped(REQ)) for (const e of compileNodeSelector(req).errors) errors.push(selectorError(`${ap}.${REQ}`, e));
  const PREF = 'preferredDuringSchedulingIgnoredDuringExecution';
  const pref = affinity.preferredDuringSchedulingIgnoredDuringExecution;
  if (Array.isArray(pref)) {
    pref.forEach((t, i) => {
      if (!wellTyped(`${PREF}[${i}]`)) return;
      const tp = `${ap}.${PREF}[${i}].preference`;
      for (const e of compileNodeSelector({ nodeSelectorTerms: [t.preference] }).errors) errors.push(selectorError(tp, e.replace(/^nodeSelectorTerms\[0\]\./, '')));
    });
  }
  return errors.length === before ? { addedAffinity: affinity } : {};
}

/**
 * `parseSchedulerProfile`: accepts a whole `KubeSchedulerConfiguration` (first profile used, top-level
 * `percentageOfNodesToScore` as the fallback) or a single profile object. Applies v1 defaults; collects every
 * error with its field path.
 */
export function parseSchedulerProfile(obj: unknown): ParsedProfile {
  const errors: FieldError[] = [];
  const profile = defaultProfile();
  if (obj === undefined || obj === null) return { profile, errors };
  if (!isObj(obj)) return { errors: [fieldError.typeInvalid('', obj, 'must be an object')] };
  let p: Record<string, unknown> = obj;
  let base = '';
  if ('profiles' in obj || obj.kind === 'KubeSchedulerConfiguration') {
    const g = obj.percentageOfNodesToScore;
    if (g !== undefined) {
      if (!isInt(g) || g < 0 || g > 100) errors.push(fieldError.invalid('percentageOfNodesToScore', g, 'not in valid range [0-100]'));
      else profile.percentageOfNodesToScore = g;
    }
    const profiles = obj.profiles;
    if (profiles === undefined) return errors.length ? { errors } : { profile, errors };
    if (!Array.isArray(profiles) || profiles.length === 0 || !isObj(profiles[0])) {
      return { errors: [...errors, fieldError.required('profiles', 'must have at least one profile')] };
    }
    p = profiles[0];
    base = 'profiles[0].';
  }
  if (p.schedulerName !== undefined) {
    if (typeof p.schedulerName === 'string' && p.schedulerName !== '') profile.schedulerName = p.schedulerName;
    else errors.push(fieldError.invalid(`${base}schedulerName`, p.schedulerName, 'must be a non-empty string'));
  }
  if (p.percentageOfNodesToScore !== undefined) {
    const v = p.percentageOfNodesToScore;
    if (!isInt(v) || v < 0 || v > 100) errors.push(fieldError.invalid(`${base}percentageOfNodesToScore`, v, 'not in valid range [0-100]'));
    else profile.percentageOfNodesToScore = v;
  }
  const plugins = p.plugins;
  if (plugins !== undefined) {
    if (!isObj(plugins)) errors.push(fieldError.typeInvalid(`${base}plugins`, plugins, 'must be an object'));
    else applyPluginSets(profile, plugins, `${base}plugins`, errors);
  }
  const pc = p.pluginConfig;
  if (pc !== undefined) {
    if (!Array.isArray(pc)) errors.push(fieldError.typeInvalid(`${base}pluginConfig`, pc, 'must be a list'));
    else {
      const seen = new Set<string>();
      pc.forEach((entry: unknown, i) => {
        const path = `${base}pluginConfig[${i}]`;
        if (!isObj(entry) || typeof entry.name !== 'string') {
          errors.push(fieldError.required(`${path}.name`));
          return;
        }
        if (seen.has(entry.name)) errors.push(fieldError.duplicate(`${path}.name`, entry.name));
        seen.add(entry.name);
        const args = isObj(entry.args) ? entry.args : {};
        applyPluginArgs(profile, entry.name, args, `${path}.args`, errors);
      });
    }
  }
  return errors.length ? { errors } : { profile, errors };
}

function applyPluginSets(profile: SchedulerProfile, plugins: Record<string, unknown>, path: string, errors: FieldError[]): void {
  const points = ['multiPoint', ...EXTENSION_POINTS, 'queueSort', 'permit', 'preBind', 'postBind', 'preEnqueue'];
  for (const key of Object.keys(plugins)) {
    if (!points.includes(key)) errors.push(fieldError.unknown(`${path}.${key}`));
  }
  const byName = new Map(profile.plugins.map((x) => [x.name, x]));
  for (const point of points) {
    const set = plugins[point];
    if (set === undefined) continue;
    if (!isObj(set)) {
      errors.push(fieldError.typeInvalid(`${path}.${point}`, set, 'must be an object'));
      continue;
    }
    const disabled = Array.isArray(set.disabled) ? set.disabled : [];
    disabled.forEach((d: unknown, i) => {
      const name = isObj(d) ? d.name : undefined;
      const dp = `${path}.${point}.disabled[${i}].name`;
      if (typeof name !== 'string') return errors.push(fieldError.required(dp));
      const targets = name === '*' ? [...byName.values()] : [byName.get(name)];
      if (name !== '*' && !KNOWN_PLUGINS.includes(name)) errors.push(fieldError.notSupported(dp, name, KNOWN_PLUGINS));
      for (const t of targets) {
        if (!t) continue;
        if (point === 'multiPoint') byName.delete(t.name);
        else (t.disabled as Set<ExtensionPoint>).add(point as ExtensionPoint);
      }
      return undefined;
    });
    const enabled = Array.isArray(set.enabled) ? set.enabled : [];
    enabled.forEach((e: unknown, i) => {
      const ep = `${path}.${point}.enabled[${i}]`;
      const name = isObj(e) ? e.name : undefined;
      if (typeof name !== 'string') return errors.push(fieldError.required(`${ep}.name`));
      if (!KNOWN_PLUGINS.includes(name)) return errors.push(fieldError.notSupported(`${ep}.name`, name, KNOWN_PLUGINS));
      const w = isObj(e) ? e.weight : undefined;
      if (w !== undefined && (!isInt(w) || w < 0 || w > 100)) errors.push(fieldError.invalid(`${ep}.weight`, w, 'must be in the range [0, 100]'));
      const def = DEFAULT_PLUGINS.find((x) => x.name === name) as { weight: number };
      const existing = byName.get(name);
      // Weight 0 / omitted keeps the plugin's default weight, as the v1 defaulting of MultiPoint does.
      const weight = isInt(w) && w > 0 ? w : existing?.weight || def.weight || 1;
      if (existing) {
        existing.weight = weight;
        if (point !== 'multiPoint') (existing.disabled as Set<ExtensionPoint>).delete(point as ExtensionPoint);
      } else byName.set(name, { name, weight, disabled: new Set() });
      return undefined;
    });
  }
  profile.plugins = [...byName.values()];
}

function applyPluginArgs(profile: SchedulerProfile, name: string, a: Record<string, unknown>, path: string, errors: FieldError[]): void {
  const args = profile.pluginArgs;
  switch (name) {
    case 'NodeResourcesFit':
      args.NodeResourcesFit = parseFitArgs(a, path, errors);
      return;
    case 'NodeAffinity':
      args.NodeAffinity = parseNodeAffinityArgs(a, path, errors);
      return;
    case 'NodeResourcesBalancedAllocation': {
      const res = parseResources(a.resources, `${path}.resources`, errors);
      if (res) args.NodeResourcesBalancedAllocation = { resources: res };
      return;
    }
    case 'PodTopologySpread': {
      const t = a.defaultingType ?? 'System';
      if (t !== 'System' && t !== 'List') errors.push(fieldError.notSupported(`${path}.defaultingType`, t, ['System', 'List']));
      const dc = Array.isArray(a.defaultConstraints) ? (a.defaultConstraints as PodTopologySpreadArgs['defaultConstraints']) : [];
      if (t === 'System' && dc.length > 0) errors.push(fieldError.invalid(`${path}.defaultConstraints`, dc, 'should be empty for System defaulting type'));
      args.PodTopologySpread = { defaultingType: t === 'List' ? 'List' : 'System', defaultConstraints: dc };
      return;
    }
    case 'InterPodAffinity': {
      const w = a.hardPodAffinityWeight ?? 1;
      if (!isInt(w) || w < 0 || w > 100) errors.push(fieldError.invalid(`${path}.hardPodAffinityWeight`, w, 'not in valid range [0, 100]'));
      args.InterPodAffinity = { hardPodAffinityWeight: Number(w), ignorePreferredTermsOfExistingPods: a.ignorePreferredTermsOfExistingPods === true };
      return;
    }
    case 'DefaultPreemption': {
      const pct = a.minCandidateNodesPercentage ?? 10;
      const abs = a.minCandidateNodesAbsolute ?? 100;
      if (!isInt(pct) || pct < 0 || pct > 100) errors.push(fieldError.invalid(`${path}.minCandidateNodesPercentage`, pct, 'not in valid range [0, 100]'));
      if (!isInt(abs) || abs < 0) errors.push(fieldError.invalid(`${path}.minCandidateNodesAbsolute`, abs, 'not in valid range [0, inf)'));
      args.DefaultPreemption = { minCandidateNodesPercentage: Number(pct), minCandidateNodesAbsolute: Number(abs) };
      return;
    }
    default:
      if (!KNOWN_PLUGINS.includes(name)) errors.push(fieldError.notSupported(`${path.replace(/\.args$/, '')}.name`, name, KNOWN_PLUGINS));
  }
}
