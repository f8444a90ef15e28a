/**
 * Validation like the API server plus `kubectl --validate=strict`, collecting every error in one pass:
 * - schema: fields Kubernetes does not define, wrong JSON types, missing required fields, bad quantities
 *   (from the field schema generated out of kubernetes-types and `argo.ts`);
 * - semantics: the per-kind rules of `pkg/apis/<group>/validation` that matter to a simulation (names, labels,
 *   selectors matching templates, probes, ports, rolling-update parameters, HPA bounds, Rollout steps);
 * - cross-object: duplicate names, HPA targets and Rollout workloadRefs that resolve, Services that select pods.
 */
import type { FieldError, FieldErrorType, SourcePosition } from './errors.ts';
import { formatBadValue } from './errors.ts';
import { type FeatureGates, featureEnabled } from './features.ts';
import type { KindInfo } from './kinds.ts';
import type { LoadedObject } from './load.ts';
import { type FieldPath, formatPath } from './path.ts';
import { QuantityError, compareQuantity, parseQuantity } from './quantity.ts';
import { SCHEMA_TYPES } from './schema.generated.ts';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './names.ts';
import { SelectorError, labelSelectorAsSelector, selectorFromSet } from './selector.ts';
import { isPercent } from './intorstr.ts';
import { CronSyntaxError, isValidTimeZone, parseStandard } from './cron.ts';
import { DurationError, parseDuration } from '../engine/duration.ts';
import { checkTemplatedQuery } from '../record/promql/parse.ts';
import { parseRuleGroups, splitRulePath } from '../record/alerts/rules.ts';
import { meshProblems } from './mesh.ts';

type At = (path: FieldPath) => SourcePosition;
type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Collects errors with their path and position. */
class Collector {
  readonly errors: FieldError[] = [];
  constructor(private readonly at: At) {}
  add(type: FieldErrorType, path: FieldPath, detail: string, badValue?: unknown, supported?: readonly string[]): void {
    const e: FieldError = { type, field: formatPath(path), detail, source: this.at(path) };
    if (arguments.length >= 4) e.badValue = badValue;
    if (supported) e.supported = [...supported];
    this.errors.push(e);
  }
  warn(type: FieldErrorType, path: FieldPath, detail: string, badValue?: unknown): void {
    this.add(type, path, detail, badValue);
    (this.errors[this.errors.length - 1] as FieldError).warning = true;
  }
}

const JSON_TYPE = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? 'number' : typeof v === 'object' ? 'object' : typeof v;

/** Checks `value` against a schema type code (see test/api/gen-schema.ts). */
function checkType(value: unknown, code: string, path: (string | number)[], c: Collector): void {
  if (value === null) return; // JSON null decodes to the zero value in Go.
  const bad = (want: string) => c.add('TypeInvalid', path, `must be ${want}, not ${JSON_TYPE(value)}`, value);
  switch (code) {
    case 's':
    case 't':
      if (typeof value !== 'string') bad('a string');
      return;
    case 'n':
      if (typeof value !== 'number' || !Number.isFinite(value)) bad('a number');
      else if (!Number.isInteger(value)) c.add('TypeInvalid', path, 'must be an integer', value);
      return;
    case 'b':
      if (typeof value !== 'boolean') bad('a boolean');
      return;
    case 'is':
      if (typeof value === 'number') {
        if (!Number.isInteger(value)) c.add('TypeInvalid', path, 'must be an integer or a string', value);
      } else if (typeof value !== 'string') bad('an integer or a string');
      return;
    case 'q':
      if (typeof value !== 'string' && typeof value !== 'number') {
        bad('a quantity string such as "500m" or "64Mi"');
        return;
      }
      try {
        parseQuantity(String(value));
      } catch (error) {
        if (!(error instanceof QuantityError)) throw error;
        c.add('Invalid', path, error.reason, value);
      }
      return;
    case 'any':
      return;
    case 'obj':
      if (!isObject(value)) bad('an object');
      return;
  }
  if (code.startsWith('[]')) {
    if (!Array.isArray(value)) return bad('a list');
    value.forEach((item, i) => checkType(item, code.slice(2), [...path, i], c));
    return;
  }
  if (code.startsWith('{}')) {
    if (!isObject(value)) return bad('an object');
    for (const [k, v] of Object.entries(value)) checkType(v, code.slice(2), [...path, k], c);
    return;
  }
  const fields = SCHEMA_TYPES[code];
  if (!fields) return;
  if (!isObject(value)) return bad('an object');
  for (const [k, v] of Object.entries(value)) {
    const fieldCode = Object.hasOwn(fields, k) ? fields[k] : undefined;
    if (fieldCode === undefined) {
      c.add('FieldValueUnknown', [...path, k], `unknown field "${formatPath([...path, k])}"`);
      continue;
    }
    checkType(v, fieldCode.startsWith('!') ? fieldCode.slice(1) : fieldCode, [...path, k], c);
  }
  for (const [k, fieldCode] of Object.entries(fields)) {
    if (fieldCode.startsWith('!') && (value[k] === undefined || value[k] === null)) {
      // apiVersion/kind of nested typed objects are optional in practice; status fields are server-written.
      c.add('Required', [...path, k], '');
    }
  }
}

/**
 * The schema pass for one value of a Kubernetes type outside a manifest (`core/v1.NodeAffinity` in a scheduler
 * plugin's args): unknown fields, wrong types, required fields. Field paths are relative to the value.
 */
export function validateTypedValue(value: unknown, type: string): FieldError[] {
  const c = new Collector(() => ({ file: '', line: 0, col: 0 }));
  checkType(value, type, [], c);
  return c.errors.map(({ source: _source, ...e }) => e);
}

/** Schema pass: unknown fields, wrong types, required fields, unparsable quantities. */
export function validateObjectSchema(raw: Obj, info: KindInfo, at: At): FieldError[] {
  if (!info.schemaRoot) return [];
  const c = new Collector(at);
  checkType(raw, info.schemaRoot, [], c);
  return c.errors;
}

function nameErrors(info: KindInfo): (v: string) => string[] {
  if (info.kind === 'Service') return isDNS1035Label;
  if (info.kind === 'Namespace') return isDNS1123Label;
  return isDNS1123Subdomain;
}

function validateMetadata(o: Obj, info: KindInfo, c: Collector): void {
  const md = isObject(o['metadata']) ? o['metadata'] : undefined;
  const name = md?.['name'];
  if (typeof name !== 'string' || name === '') {
    if (!(typeof md?.['generateName'] === 'string')) c.add('Required', ['metadata', 'name'], 'name or generateName is required');
  } else {
    for (const msg of nameErrors(info)(name)) c.add('Invalid', ['metadata', 'name'], msg, name);
  }
  validateLabels(md?.['labels'], ['metadata', 'labels'], c);
}

function validateLabels(labels: unknown, path: FieldPath, c: Collector): void {
  if (!isObject(labels)) return;
  for (const [k, v] of Object.entries(labels)) {
    for (const msg of isQualifiedName(k)) c.add('Invalid', [...path], msg, k);
    if (typeof v === 'string') for (const msg of isValidLabelValue(v)) c.add('Invalid', [...path, k], msg, v);
  }
}

function validateNonNegative(o: Obj, key: string, path: FieldPath, c: Collector): void {
  const v = o[key];
  if (typeof v === 'number' && v < 0) c.add('Invalid', [...path, key], 'must be greater than or equal to 0', v);
}

function validateIntOrPercent(v: unknown, path: FieldPath, c: Collector): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') {
    if (v < 0) c.add('Invalid', path, 'must be greater than or equal to 0', v);
    return v;
  }
  if (typeof v === 'string') {
    if (!isPercent(v)) {
      c.add('Invalid', path, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')", v);
      return undefined;
    }
    const p = Number(v.slice(0, -1));
    if (p < 0) c.add('Invalid', path, 'must be greater than or equal to 0', v);
    return p;
  }
  return undefined;
}

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const SELECTOR_OPERATORS = ['DoesNotExist', 'Exists', 'In', 'NotIn'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];

function validatePort(v: unknown, path: FieldPath, c: Collector, allowName: boolean): void {
  if (typeof v === 'number') {
    if (v < 1 || v > 65535) c.add('Invalid', path, 'must be between 1 and 65535, inclusive', v);
  } else if (typeof v === 'string' && allowName) {
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(v) || v.length > 15 || !/[a-z]/.test(v) || v.includes('--')) {
      c.add('Invalid', path, 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-); at most 15 characters, at least one letter, no consecutive or edge hyphens', v);
    }
  }
}

function validateProbe(probe: unknown, path: FieldPath, c: Collector, liveness: boolean): void {
  if (!isObject(probe)) return;
  const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((h) => probe[h] !== undefined && probe[h] !== null);
  if (handlers.length === 0) c.add('Required', path, 'must specify a handler type');
  if (handlers.length > 1) c.add('Forbidden', [...path, handlers[1] as string], 'may not specify more than 1 handler type');
  for (const k of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) validateNonNegative(probe, k, path, c);
  if (liveness && typeof probe['successThreshold'] === 'number' && probe['successThreshold'] !== 1) {
    c.add('Invalid', [...path, 'successThreshold'], 'must be 1', probe['successThreshold']);
  }
  const http = probe['httpGet'];
  if (isObject(http)) validatePort(http['port'], [...path, 'httpGet', 'port'], c, true);
  const tcp = probe['tcpSocket'];
  if (isObject(tcp)) validatePort(tcp['port'], [...path, 'tcpSocket', 'port'], c, true);
}

function validateResources(res: unknown, path: FieldPath, c: Collector): void {
  if (!isObject(res)) return;
  const limits = isObject(res['limits']) ? res['limits'] : {};
  const requests = isObject(res['requests']) ? res['requests'] : {};
  for (const [kind, group] of [['limits', limits], ['requests', requests]] as const) {
    for (const [name, q] of Object.entries(group)) {
      try {
        if (compareQuantity(q as string, '0') < 0) c.add('Invalid', [...path, kind, name], 'must be greater than or equal to 0', q);
      } catch {
        // Unparsable quantities are reported by the schema pass.
      }
    }
  }
  for (const [name, req] of Object.entries(requests)) {
    const lim = limits[name];
    if (lim === undefined) continue;
    try {
      if (compareQuantity(req as string, lim as string) > 0) {
        c.add('Invalid', [...path, 'requests', name], `must be less than or equal to ${name} limit of ${formatBadValue(lim).replace(/"/g, '')}`, req);
      }
    } catch {
      // Reported by the schema pass.
    }
  }
}

function validateContainers(list: unknown, path: FieldPath, c: Collector, names: Set<string>, required: boolean): void {
  if (!Array.isArray(list)) {
    if (required) c.add('Required', path, '');
    return;
  }
  if (required && list.length === 0) c.add('Required', path, '');
  list.forEach((ctr, i) => {
    if (!isObject(ctr)) return;
    const p = [...path, i];
    const name = ctr['name'];
    if (typeof name === 'string') {
      for (const msg of isDNS1123Label(name)) c.add('Invalid', [...p, 'name'], msg, name);
      if (names.has(name)) c.add('Duplicate', [...p, 'name'], '', name);
      names.add(name);
    }
    if (typeof ctr['image'] !== 'string' || ctr['image'] === '') c.add('Required', [...p, 'image'], '');
    const pull = ctr['imagePullPolicy'];
    if (typeof pull === 'string' && !PULL_POLICIES.includes(pull)) c.add('NotSupported', [...p, 'imagePullPolicy'], '', pull, PULL_POLICIES);
    const ports = ctr['ports'];
    if (Array.isArray(ports)) {
      ports.forEach((port, j) => {
        if (!isObject(port)) return;
        validatePort(port['containerPort'], [...p, 'ports', j, 'containerPort'], c, false);
        const proto = port['protocol'];
        if (typeof proto === 'string' && !PROTOCOLS.includes(proto)) c.add('NotSupported', [...p, 'ports', j, 'protocol'], '', proto, PROTOCOLS);
      });
    }
    validateResources(ctr['resources'], [...p, 'resources'], c);
    validateProbe(ctr['readinessProbe'], [...p, 'readinessProbe'], c, false);
    validateProbe(ctr['livenessProbe'], [...p, 'livenessProbe'], c, true);
    validateProbe(ctr['startupProbe'], [...p, 'startupProbe'], c, true);
  });
}

function validatePodSpec(spec: unknown, path: FieldPath, c: Collector): void {
  if (!isObject(spec)) {
    c.add('Required', path, '');
    return;
  }
  const names = new Set<string>();
  validateContainers(spec['containers'], [...path, 'containers'], c, names, true);
  validateContainers(spec['initContainers'], [...path, 'initContainers'], c, names, false);
  const rp = spec['restartPolicy'];
  if (typeof rp === 'string' && !RESTART_POLICIES.includes(rp)) c.add('NotSupported', [...path, 'restartPolicy'], '', rp, RESTART_POLICIES);
  validateNonNegative(spec, 'terminationGracePeriodSeconds', path, c);
  validateLabels(spec['nodeSelector'], [...path, 'nodeSelector'], c);
}

/** Selector present, valid, non-empty, and matching the template's labels (apps/v1 `ValidateDeploymentSpec`). */
function validateSelectorAndTemplate(spec: Obj, path: FieldPath, c: Collector, templateRequired: boolean): void {
  const sel = spec['selector'];
  const template = isObject(spec['template']) ? spec['template'] : undefined;
  if (sel === undefined || sel === null) {
    c.add('Required', [...path, 'selector'], '');
  } else if (isObject(sel)) {
    const empty = Object.keys((sel['matchLabels'] as Obj | undefined) ?? {}).length === 0 && ((sel['matchExpressions'] as unknown[] | undefined) ?? []).length === 0;
    const exprs = Array.isArray(sel['matchExpressions']) ? sel['matchExpressions'] : [];
    const badOperator = exprs.some((e, i) => {
      const op = isObject(e) ? e['operator'] : undefined;
      if (typeof op === 'string' && SELECTOR_OPERATORS.includes(op)) return false;
      c.add('NotSupported', [...path, 'selector', 'matchExpressions', i, 'operator'], '', op, SELECTOR_OPERATORS);
      return true;
    });
    if (empty) c.add('Invalid', [...path, 'selector'], 'empty selector is invalid for deployment', sel);
    else if (!badOperator) {
      try {
        const selector = labelSelectorAsSelector(sel);
        const md = template && isObject(template['metadata']) ? template['metadata'] : {};
        const labels = isObject(md['labels']) ? (md['labels'] as Record<string, string>) : {};
        if (template && !selector.matches(labels)) {
          c.add('Invalid', [...path, 'template', 'metadata', 'labels'], '`selector` does not match template `labels`', labels);
        }
      } catch (error) {
        if (!(error instanceof SelectorError)) throw error;
        c.add('Invalid', [...path, 'selector'], error.message, sel);
      }
    }
  }
  if (!template) {
    if (templateRequired) c.add('Required', [...path, 'template'], '');
    return;
  }
  const md = isObject(template['metadata']) ? template['metadata'] : {};
  validateLabels(md['labels'], [...path, 'template', 'metadata', 'labels'], c);
  validatePodSpec(template['spec'], [...path, 'template', 'spec'], c);
}

function validateRollingUpdate(ru: unknown, path: FieldPath, c: Collector): void {
  if (!isObject(ru)) return;
  const surge = validateIntOrPercent(ru['maxSurge'], [...path, 'maxSurge'], c);
  const unavailable = validateIntOrPercent(ru['maxUnavailable'], [...path, 'maxUnavailable'], c);
  if (typeof ru['maxUnavailable'] === 'string' && unavailable !== undefined && unavailable > 100) {
    c.add('Invalid', [...path, 'maxUnavailable'], 'must not be greater than 100%', ru['maxUnavailable']);
  }
  if (surge === 0 && unavailable === 0) c.add('Invalid', [...path, 'maxUnavailable'], 'may not be 0 when `maxSurge` is 0', ru['maxUnavailable']);
}

function validateWorkload(o: Obj, info: KindInfo, c: Collector): void {
  const spec = isObject(o['spec']) ? o['spec'] : undefined;
  if (!spec) {
    c.add('Required', ['spec'], '');
    return;
  }
  for (const k of ['replicas', 'minReadySeconds', 'revisionHistoryLimit']) validateNonNegative(spec, k, ['spec'], c);
  const isRollout = info.kind === 'Rollout';
  if (!(isRollout && spec['workloadRef'] !== undefined)) validateSelectorAndTemplate(spec, ['spec'], c, true);
  if (info.kind === 'Deployment') {
    const strategy = isObject(spec['strategy']) ? spec['strategy'] : {};
    const type = strategy['type'];
    if (typeof type === 'string' && type !== 'Recreate' && type !== 'RollingUpdate') {
      c.add('NotSupported', ['spec', 'strategy', 'type'], '', type, ['Recreate', 'RollingUpdate']);
    }
    if (type === 'Recreate' && strategy['rollingUpdate'] !== undefined) {
      c.add('Forbidden', ['spec', 'strategy', 'rollingUpdate'], 'may not be specified when strategy `type` is \'Recreate\'');
    }
    validateRollingUpdate(strategy['rollingUpdate'], ['spec', 'strategy', 'rollingUpdate'], c);
    const pds = spec['progressDeadlineSeconds'];
    const mrs = typeof spec['minReadySeconds'] === 'number' ? spec['minReadySeconds'] : 0;
    if (typeof pds === 'number' && pds <= mrs) {
      c.add('Invalid', ['spec', 'progressDeadlineSeconds'], 'must be greater than minReadySeconds', pds);
    }
  }
  if (isRollout) validateRolloutSpec(spec, c);
}

function validateRolloutSpec(spec: Obj, c: Collector): void {
  if (spec['workloadRef'] !== undefined && spec['template'] !== undefined) {
    c.add('Forbidden', ['spec', 'template'], 'template must be empty when workloadRef is set');
  }
  const strategy = isObject(spec['strategy']) ? spec['strategy'] : {};
  const set = ['blueGreen', 'canary'].filter((k) => strategy[k] !== undefined && strategy[k] !== null);
  if (set.length !== 1) c.add('Invalid', ['spec', 'strategy'], `exactly one of blueGreen or canary must be set, found ${set.length === 0 ? 'neither' : set.join(' and ')}`);
  const canary = isObject(strategy['canary']) ? strategy['canary'] : undefined;
  if (canary) {
    validateRollingUpdate(canary, ['spec', 'strategy', 'canary'], c);
    const rpt = canary['replicaProgressThreshold'];
    if (isObject(rpt)) {
      const p = ['spec', 'strategy', 'canary', 'replicaProgressThreshold'];
      // The field schema checks that both are present and that value is an integer; the type is an enum.
      if (rpt['type'] !== 'Percent' && rpt['type'] !== 'Pods') c.add('NotSupported', [...p, 'type'], '', rpt['type'], ['Percent', 'Pods']);
    }
    const steps = Array.isArray(canary['steps']) ? canary['steps'] : [];
    steps.forEach((step, i) => {
      if (!isObject(step)) return;
      const p = ['spec', 'strategy', 'canary', 'steps', i];
      const kinds = Object.keys(step).filter((k) => step[k] !== undefined && step[k] !== null);
      if (kinds.length !== 1) c.add('Invalid', p, 'a step must have exactly one of setWeight, pause, experiment, analysis, setCanaryScale, setHeaderRoute, setMirrorRoute, plugin', step);
      const w = step['setWeight'];
      if (typeof w === 'number' && (w < 0 || w > 100)) c.add('Invalid', [...p, 'setWeight'], 'must be between 0 and 100, inclusive', w);
      const pause = step['pause'];
      if (isObject(pause)) {
        const d = pause['duration'];
        if (typeof d === 'number' && d < 0) c.add('Invalid', [...p, 'pause', 'duration'], 'must be greater than or equal to 0', d);
        if (typeof d === 'string') {
          try {
            if (!/^[0-9]+$/.test(d)) parseDuration(d);
          } catch (error) {
            if (!(error instanceof DurationError)) throw error;
            c.add('Invalid', [...p, 'pause', 'duration'], error.reason, d);
          }
        }
      }
    });
  }
  const bg = isObject(strategy['blueGreen']) ? strategy['blueGreen'] : undefined;
  // MaxUnavailable resolves it with GetValueFromIntOrPercent, which errors on anything but an int or "N%".
  if (bg) validateIntOrPercent(bg['maxUnavailable'], ['spec', 'strategy', 'blueGreen', 'maxUnavailable'], c);
  if (bg && bg['activeService'] !== undefined && bg['activeService'] === bg['previewService']) {
    c.add('Invalid', ['spec', 'strategy', 'blueGreen', 'previewService'], 'previewService must differ from activeService', bg['previewService']);
  }
}

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

function validateService(o: Obj, c: Collector): void {
  const spec = isObject(o['spec']) ? o['spec'] : {};
  const type = spec['type'];
  if (typeof type === 'string' && !SERVICE_TYPES.includes(type)) c.add('NotSupported', ['spec', 'type'], '', type, SERVICE_TYPES);
  const ports = Array.isArray(spec['ports']) ? spec['ports'] : [];
  if (ports.length === 0 && type !== 'ExternalName' && spec['clusterIP'] !== 'None') c.add('Required', ['spec', 'ports'], '');
  const names = new Set<string>();
  ports.forEach((port, i) => {
    if (!isObject(port)) return;
    const p = ['spec', 'ports', i];
    validatePort(port['port'], [...p, 'port'], c, false);
    if (port['port'] === undefined) c.add('Required', [...p, 'port'], '');
    validatePort(port['targetPort'], [...p, 'targetPort'], c, true);
    const proto = port['protocol'];
    if (typeof proto === 'string' && !PROTOCOLS.includes(proto)) c.add('NotSupported', [...p, 'protocol'], '', proto, PROTOCOLS);
    const name = port['name'];
    if (ports.length > 1 && (name === undefined || name === '')) c.add('Required', [...p, 'name'], '');
    if (typeof name === 'string' && name !== '') {
      if (names.has(name)) c.add('Duplicate', [...p, 'name'], '', name);
      names.add(name);
    }
  });
  validateLabels(spec['selector'], ['spec', 'selector'], c);
}

/**
 * After `ValidateHorizontalPodAutoscalerSpec` and `validateMetrics`: minReplicas may be 0 only with the
 * HPAScaleToZero gate (`minReplicasLowerBound`), and a minReplicas of 0 needs an Object or External metric.
 */
function validateHPA(o: Obj, c: Collector, gates: FeatureGates | undefined): void {
  const spec = isObject(o['spec']) ? o['spec'] : {};
  const ref = isObject(spec['scaleTargetRef']) ? spec['scaleTargetRef'] : undefined;
  if (!ref) c.add('Required', ['spec', 'scaleTargetRef'], '');
  else {
    if (!ref['kind']) c.add('Required', ['spec', 'scaleTargetRef', 'kind'], '');
    if (!ref['name']) c.add('Required', ['spec', 'scaleTargetRef', 'name'], '');
  }
  const min = spec['minReplicas'];
  const max = spec['maxReplicas'];
  const minReplicasLowerBound = featureEnabled(gates, 'HPAScaleToZero') ? 0 : 1;
  if (typeof min === 'number' && min < minReplicasLowerBound) {
    c.add('Invalid', ['spec', 'minReplicas'], `must be greater than or equal to ${minReplicasLowerBound}`, min);
  }
  if (typeof max === 'number' && max < 1) c.add('Invalid', ['spec', 'maxReplicas'], 'must be greater than 0', max);
  if (typeof min === 'number' && typeof max === 'number' && max < min) {
    c.add('Invalid', ['spec', 'maxReplicas'], 'must be greater than or equal to `minReplicas`', max);
  }
  const pct = spec['targetCPUUtilizationPercentage'];
  if (typeof pct === 'number' && pct < 1) c.add('Invalid', ['spec', 'targetCPUUtilizationPercentage'], 'must be greater than 0', pct);
  const metrics = Array.isArray(spec['metrics']) ? spec['metrics'] : [];
  if (min === 0 && !metrics.some((m) => isObject(m) && (m['type'] === 'Object' || m['type'] === 'External'))) {
    c.add('Forbidden', ['spec', 'metrics'], 'must specify at least one Object or External metric to support scaling to zero replicas');
  }
  const types = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
  metrics.forEach((m, i) => {
    if (!isObject(m)) return;
    const p = ['spec', 'metrics', i];
    const type = m['type'];
    if (typeof type === 'string' && !types.includes(type)) c.add('NotSupported', [...p, 'type'], '', type, types);
    const key = typeof type === 'string' ? type.charAt(0).toLowerCase() + type.slice(1) : '';
    if (typeof type === 'string' && types.includes(type) && !isObject(m[key])) c.add('Required', [...p, key], `must populate information for the given metric source`);
    const src = isObject(m[key]) ? (m[key] as Obj) : undefined;
    const target = src && isObject(src['target']) ? (src['target'] as Obj) : undefined;
    if (target) {
      const tt = target['type'];
      if (typeof tt === 'string' && !['AverageValue', 'Utilization', 'Value'].includes(tt)) {
        c.add('NotSupported', [...p, key, 'target', 'type'], '', tt, ['AverageValue', 'Utilization', 'Value']);
      }
      const u = target['averageUtilization'];
      if (typeof u === 'number' && u < 1) c.add('Invalid', [...p, key, 'target', 'averageUtilization'], 'must be greater than 0', u);
      if (tt === 'Utilization' && u === undefined) c.add('Required', [...p, key, 'target', 'averageUtilization'], 'must set averageUtilization when type is Utilization');
    }
  });
}

function validatePDB(o: Obj, c: Collector): void {
  const spec = isObject(o['spec']) ? o['spec'] : {};
  if (spec['minAvailable'] !== undefined && spec['maxUnavailable'] !== undefined) {
    c.add('Invalid', ['spec', 'maxUnavailable'], 'minAvailable and maxUnavailable cannot be both set', spec['maxUnavailable']);
  }
  validateIntOrPercent(spec['minAvailable'], ['spec', 'minAvailable'], c);
  validateIntOrPercent(spec['maxUnavailable'], ['spec', 'maxUnavailable'], c);
  if (isObject(spec['selector'])) {
    try {
      labelSelectorAsSelector(spec['selector']);
    } catch (error) {
      if (!(error instanceof SelectorError)) throw error;
      c.add('Invalid', ['spec', 'selector'], error.message, spec['selector']);
    }
  }
}

function validateAnalysisTemplate(o: Obj, c: Collector): void {
  const spec = isObject(o['spec']) ? o['spec'] : {};
  const metrics = Array.isArray(spec['metrics']) ? spec['metrics'] : [];
  if (metrics.length === 0) c.add('Required', ['spec', 'metrics'], 'at least one metric is required');
  const names = new Set<string>();
  metrics.forEach((m, i) => {
    if (!isObject(m)) return;
    const p = ['spec', 'metrics', i];
    if (typeof m['name'] === 'string') {
      if (names.has(m['name'])) c.add('Duplicate', [...p, 'name'], '', m['name']);
      names.add(m['name']);
    }
    for (const k of ['interval', 'initialDelay']) {
      const d = m[k];
      if (typeof d !== 'string') continue;
      try {
        parseDuration(d);
      } catch (error) {
        if (!(error instanceof DurationError)) throw error;
        c.add('Invalid', [...p, k], error.reason, d);
      }
    }
    const provider = isObject(m['provider']) ? m['provider'] : {};
    if (Object.keys(provider).length === 0) c.add('Required', [...p, 'provider'], 'a metric provider must be set');
    const query = isObject(provider['prometheus']) ? provider['prometheus']['query'] : undefined;
    if (typeof query === 'string') {
      // kubesim evaluates the query itself, so one it cannot parse (or a function it lacks) is bad input here.
      const err = checkTemplatedQuery(query);
      if (err) c.add('Invalid', [...p, 'provider', 'prometheus', 'query'], `PromQL parse error at line ${err.line}, column ${err.column} of the query: ${err.detail}`, query);
    }
  });
}

/** Most completions and parallelism of an Indexed Job (`maxCompletionsForIndexedJob`, `maxParallelismForIndexedJob`). */
const MAX_INDEXED_JOB = 100_000;
const COMPLETION_MODES = ['NonIndexed', 'Indexed'];
const JOB_RESTART_POLICIES = ['OnFailure', 'Never'];

/**
 * batch/v1 `validateJobSpec`, the rules that do not need the API server's generated selector: non-negative counts
 * and deadlines, the completion mode, an Indexed Job's completions (required, at most 100000) and parallelism (at
 * most 100000), the pod template, and a restart policy of OnFailure or Never. Read on the object as written, since
 * kubesim does not default Jobs (the API server would default restartPolicy to Always, which this rule rejects).
 */
function validateJobSpec(o: Obj, c: Collector, specValue: unknown = o['spec'], p: FieldPath = ['spec']): void {
  const spec = isObject(specValue) ? specValue : {};
  for (const k of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished']) validateNonNegative(spec, k, p, c);
  const mode = spec['completionMode'];
  if (typeof mode === 'string' && !COMPLETION_MODES.includes(mode)) c.add('NotSupported', [...p, 'completionMode'], '', mode, COMPLETION_MODES);
  if (mode === 'Indexed') {
    if (spec['completions'] === undefined || spec['completions'] === null) c.add('Required', [...p, 'completions'], 'when completion mode is Indexed');
    for (const k of ['completions', 'parallelism']) {
      const v = spec[k];
      if (typeof v === 'number' && v > MAX_INDEXED_JOB) c.add('Invalid', [...p, k], `must be less than or equal to ${MAX_INDEXED_JOB} when completion mode is Indexed`, v);
    }
  }
  const template = isObject(spec['template']) ? spec['template'] : undefined;
  if (!template) {
    c.add('Required', [...p, 'template'], '');
    return;
  }
  const podSpec = template['spec'];
  validatePodSpec(podSpec, [...p, 'template', 'spec'], c);
  if (!isObject(podSpec)) return;
  const rp = podSpec['restartPolicy'];
  if (rp === undefined || rp === null || rp === '') c.add('Required', [...p, 'template', 'spec', 'restartPolicy'], '');
  else if (!JOB_RESTART_POLICIES.includes(String(rp))) c.add('NotSupported', [...p, 'template', 'spec', 'restartPolicy'], '', rp, JOB_RESTART_POLICIES);
}

const POLICY_TYPES = ['Egress', 'Ingress'];
const CIDR_MESSAGE = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/** An IPv4 CIDR as [network, prefix bits], or undefined; IPv6 CIDRs are recognised by shape only. */
function parseCidr(v: string): { v4?: [number, number] } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(v);
  if (m) {
    const octets = m.slice(1, 5).map(Number);
    const bits = Number(m[5]);
    if (octets.some((o) => o > 255) || bits > 32) return undefined;
    return { v4: [octets.reduce((a, o) => a * 256 + o, 0), bits] };
  }
  return /^[0-9a-fA-F:]*:[0-9a-fA-F:.]*\/\d{1,3}$/.test(v) ? {} : undefined;
}

/** After `ValidateNetworkPolicyPort`: protocol, a port number or name, endPort only with a numeric port. */
function validateNetworkPolicyPort(port: unknown, path: FieldPath, c: Collector): void {
  if (!isObject(port)) return;
  const proto = port['protocol'];
  if (typeof proto === 'string' && !PROTOCOLS.includes(proto)) c.add('NotSupported', [...path, 'protocol'], '', proto, PROTOCOLS);
  const p = port['port'];
  const end = port['endPort'];
  if (typeof p === 'number') {
    validatePort(p, [...path, 'port'], c, false);
    if (typeof end === 'number') {
      if (end < p) c.add('Invalid', [...path, 'endPort'], 'must be greater than or equal to `port`', p);
      validatePort(end, [...path, 'endPort'], c, false);
    }
  } else if (typeof p === 'string') {
    if (end !== undefined && end !== null) c.add('Invalid', [...path, 'endPort'], 'may not be specified when `port` is non-numeric', end);
    validatePort(p, [...path, 'port'], c, true);
  } else if (end !== undefined && end !== null) c.add('Invalid', [...path, 'endPort'], 'may not be specified when `port` is not specified', end);
}

/** After `ValidateNetworkPolicyPeer` and `ValidateIPBlock`. */
function validateNetworkPolicyPeer(peer: unknown, path: FieldPath, c: Collector): void {
  if (!isObject(peer)) return;
  const present = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((k) => peer[k] !== undefined && peer[k] !== null);
  if (present.length === 0) c.add('Required', path, 'must specify a peer');
  else if (present.length > 1 && present.includes('ipBlock')) c.add('Forbidden', path, 'may not specify both ipBlock and another peer');
  const block = peer['ipBlock'];
  if (!isObject(block)) return;
  const cidr = block['cidr'];
  if (typeof cidr !== 'string' || cidr === '') {
    c.add('Required', [...path, 'ipBlock', 'cidr'], '');
    return;
  }
  const outer = parseCidr(cidr);
  if (!outer) c.add('Invalid', [...path, 'ipBlock', 'cidr'], CIDR_MESSAGE, cidr);
  const except = Array.isArray(block['except']) ? block['except'] : [];
  except.forEach((e, i) => {
    const at = [...path, 'ipBlock', 'except', i];
    const inner = typeof e === 'string' ? parseCidr(e) : undefined;
    if (!inner) return c.add('Invalid', at, CIDR_MESSAGE, e);
    if (outer?.v4 && inner.v4) {
      const [net, bits] = outer.v4;
      const [inNet, inBits] = inner.v4;
      const size = 2 ** (32 - bits);
      if (inBits <= bits || Math.floor(inNet / size) !== Math.floor(net / size)) c.add('Invalid', at, 'must be a strict subset of `cidr`', e);
    }
  });
}

/** After `ValidateNetworkPolicySpec`: rules' ports and peers, and the policy types. */
function validateNetworkPolicy(o: Obj, c: Collector): void {
  const spec = isObject(o['spec']) ? o['spec'] : {};
  for (const [dir, peersKey] of [['ingress', 'from'], ['egress', 'to']] as const) {
    const rules = Array.isArray(spec[dir]) ? spec[dir] : [];
    rules.forEach((rule, i) => {
      if (!isObject(rule)) return;
      const ports = Array.isArray(rule['ports']) ? rule['ports'] : [];
      ports.forEach((port, j) => validateNetworkPolicyPort(port, ['spec', dir, i, 'ports', j], c));
      const peers = Array.isArray(rule[peersKey]) ? rule[peersKey] : [];
      peers.forEach((peer, j) => validateNetworkPolicyPeer(peer, ['spec', dir, i, peersKey, j], c));
    });
  }
  const types = Array.isArray(spec['policyTypes']) ? spec['policyTypes'] : [];
  types.forEach((t, i) => {
    if (!POLICY_TYPES.includes(String(t))) c.add('NotSupported', ['spec', 'policyTypes', i], '', t, POLICY_TYPES);
  });
  if (types.length > 2) c.add('Invalid', ['spec', 'policyTypes'], 'may not specify more than two policyTypes', types);
}

const CONCURRENCY_POLICIES = ['Allow', 'Forbid', 'Replace'];

/**
 * batch/v1 `validateCronJobSpec`: a schedule robfig's standard parser accepts (without `TZ=`, which the timeZone
 * field replaces), an IANA timeZone, a known concurrencyPolicy, non-negative deadline and history limits, and the
 * job template's spec by the Job rules.
 */
function validateCronJobSpec(o: Obj, c: Collector): void {
  const spec = isObject(o['spec']) ? o['spec'] : {};
  const p = ['spec'];
  const schedule = spec['schedule'];
  const tz = typeof spec['timeZone'] === 'string' ? spec['timeZone'] : undefined;
  if (typeof schedule !== 'string' || schedule === '') c.add('Required', [...p, 'schedule'], '');
  else if (/^\s*(CRON_)?TZ=/.test(schedule)) c.add('Invalid', [...p, 'schedule'], 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead', schedule);
  else {
    try {
      parseStandard(schedule);
    } catch (e) {
      if (!(e instanceof CronSyntaxError)) throw e;
      c.add('Invalid', [...p, 'schedule'], e.message, schedule);
    }
  }
  if (tz !== undefined) {
    if (tz === 'Local' || tz === '') c.add('Invalid', [...p, 'timeZone'], 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones', tz);
    else if (!isValidTimeZone(tz)) c.add('Invalid', [...p, 'timeZone'], `unknown time zone ${tz}`, tz);
  }
  const policy = spec['concurrencyPolicy'];
  if (typeof policy === 'string' && !CONCURRENCY_POLICIES.includes(policy)) c.add('NotSupported', [...p, 'concurrencyPolicy'], '', policy, CONCURRENCY_POLICIES);
  for (const k of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) validateNonNegative(spec, k, p, c);
  const jt = isObject(spec['jobTemplate']) ? spec['jobTemplate'] : undefined;
  if (!jt) c.add('Required', [...p, 'jobTemplate'], '');
  else validateJobSpec(o, c, jt['spec'], [...p, 'jobTemplate', 'spec']);
}

/** Per-kind semantic rules, run on the converted and defaulted object. */
export function validateObjectSemantics(loaded: LoadedObject, info: KindInfo, gates?: FeatureGates): FieldError[] {
  const c = new Collector(loaded.positionOf);
  const o = loaded.object;
  validateMetadata(o, info, c);
  switch (info.kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Rollout':
      validateWorkload(o, info, c);
      break;
    case 'Pod':
      validatePodSpec(o['spec'], ['spec'], c);
      break;
    case 'Service':
      validateService(o, c);
      break;
    case 'HorizontalPodAutoscaler':
      validateHPA(loaded.raw as Obj, c, gates);
      break;
    case 'PodDisruptionBudget':
      validatePDB(o, c);
      break;
    case 'PrometheusRule':
      // kubesim evaluates the rules itself: each must parse and its templates compile, as the operator's webhook checks.
      for (const prob of parseRuleGroups(o['spec'], 'PrometheusRule', 'spec').problems) c.add('Invalid', splitRulePath(prob.path), prob.message);
      break;
    case 'AnalysisTemplate':
      validateAnalysisTemplate(o, c);
      break;
    case 'Job':
      validateJobSpec(loaded.raw as Obj, c);
      break;
    case 'NetworkPolicy':
      validateNetworkPolicy(o, c);
      break;
    case 'CronJob':
      validateCronJobSpec(loaded.raw as Obj, c);
      break;
    case 'VirtualService':
    case 'DestinationRule':
    case 'HTTPRoute':
    case 'Gateway':
      for (const p of meshProblems(info.kind, o)) {
        if (p.supported) c.add(p.type, p.path, p.detail, p.badValue, p.supported);
        else if ('badValue' in p) c.add(p.type, p.path, p.detail, p.badValue);
        else c.add(p.type, p.path, p.detail);
      }
      break;
  }
  return c.errors;
}

function podTemplateLabels(o: LoadedObject, byKey: Map<string, LoadedObject>): Record<string, string> | undefined {
  const spec = isObject(o.object['spec']) ? o.object['spec'] : {};
  let template = isObject(spec['template']) ? spec['template'] : undefined;
  if (!template && o.kind === 'Rollout' && isObject(spec['workloadRef'])) {
    const ref = byKey.get(`Deployment/${o.namespace}/${String(spec['workloadRef']['name'])}`);
    const refSpec = ref && isObject(ref.object['spec']) ? ref.object['spec'] : {};
    template = isObject(refSpec['template']) ? refSpec['template'] : undefined;
  }
  const md = template && isObject(template['metadata']) ? template['metadata'] : undefined;
  return md && isObject(md['labels']) ? (md['labels'] as Record<string, string>) : undefined;
}

/**
 * Label sets pods of `o` can carry: a Pod's labels, a template's labels, and for a Rollout also its experiment
 * templates' labels (an experiment's metadata overrides the template's).
 */
function podLabelSets(o: LoadedObject, byKey: Map<string, LoadedObject>): Record<string, string>[] {
  if (o.kind === 'Pod') {
    const md = o.object['metadata'];
    return [isObject(md) && isObject(md['labels']) ? (md['labels'] as Record<string, string>) : {}];
  }
  const base = podTemplateLabels(o, byKey) ?? {};
  const sets = [base];
  const spec = isObject(o.object['spec']) ? o.object['spec'] : {};
  const strategy = isObject(spec['strategy']) ? spec['strategy'] : {};
  const canary = isObject(strategy['canary']) ? strategy['canary'] : {};
  for (const step of Array.isArray(canary['steps']) ? canary['steps'] : []) {
    const exp = isObject(step) && isObject(step['experiment']) ? step['experiment'] : undefined;
    for (const t of exp && Array.isArray(exp['templates']) ? exp['templates'] : []) {
      const md = isObject(t) && isObject(t['metadata']) ? t['metadata'] : {};
      sets.push({ ...base, ...(isObject(md['labels']) ? (md['labels'] as Record<string, string>) : {}) });
    }
  }
  return sets;
}

const POD_OWNERS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Rollout']);

/**
 * Checks across objects: duplicate names (same kind, namespace and name); HPA `scaleTargetRef` found among the
 * loaded objects; Rollout `workloadRef` resolving to a Deployment; Services whose selector matches some pod
 * template (a warning: the pods may come from elsewhere); Rollout analysis templates present (a warning).
 */
export function validateCrossObject(objects: readonly LoadedObject[]): FieldError[] {
  const errors: FieldError[] = [];
  const byKey = new Map<string, LoadedObject>();
  const push = (o: LoadedObject, type: FieldErrorType, path: FieldPath, detail: string, badValue?: unknown, warning = false) => {
    const e: FieldError = { type, field: formatPath(path), detail, source: o.positionOf(path) };
    if (badValue !== undefined) e.badValue = badValue;
    if (warning) e.warning = true;
    errors.push(e);
  };
  for (const o of objects) {
    if (!o.name) continue;
    const key = `${o.kind}/${o.namespace ?? ''}/${o.name}`;
    const first = byKey.get(key);
    if (first) {
      push(o, 'Duplicate', ['metadata', 'name'], `${o.kind} "${o.name}" is already defined at ${first.source.file}:${first.source.line}:${first.source.col}`, o.name);
    } else byKey.set(key, o);
  }
  const pods = objects.filter((o) => POD_OWNERS.has(o.kind) || o.kind === 'Pod');
  for (const o of objects) {
    const spec = isObject(o.object['spec']) ? o.object['spec'] : {};
    if (o.kind === 'HorizontalPodAutoscaler' && isObject(spec['scaleTargetRef'])) {
      const ref = spec['scaleTargetRef'];
      const target = byKey.get(`${String(ref['kind'])}/${o.namespace}/${String(ref['name'])}`);
      if (!target) {
        push(o, 'Invalid', ['spec', 'scaleTargetRef'], `${String(ref['kind'])} "${String(ref['name'])}" is not among the loaded objects`, `${String(ref['kind'])}/${String(ref['name'])}`);
      }
    }
    if (o.kind === 'Rollout' && isObject(spec['workloadRef'])) {
      const ref = spec['workloadRef'];
      const kind = String(ref['kind'] ?? 'Deployment');
      if (!byKey.get(`${kind}/${o.namespace}/${String(ref['name'])}`)) {
        push(o, 'Invalid', ['spec', 'workloadRef'], `${kind} "${String(ref['name'])}" is not among the loaded objects`, `${kind}/${String(ref['name'])}`);
      }
    }
    if (o.kind === 'Rollout') {
      const strategy = isObject(spec['strategy']) ? spec['strategy'] : {};
      const canary = isObject(strategy['canary']) ? strategy['canary'] : {};
      const refs: [FieldPath, Obj][] = [];
      const collect = (analysis: unknown, path: FieldPath) => {
        if (!isObject(analysis) || !Array.isArray(analysis['templates'])) return;
        analysis['templates'].forEach((t, i) => isObject(t) && refs.push([[...path, 'templates', i, 'templateName'], t]));
      };
      collect(canary['analysis'], ['spec', 'strategy', 'canary', 'analysis']);
      (Array.isArray(canary['steps']) ? canary['steps'] : []).forEach((s, i) => isObject(s) && collect(s['analysis'], ['spec', 'strategy', 'canary', 'steps', i, 'analysis']));
      for (const [path, t] of refs) {
        if (t['clusterScope'] === true) continue;
        if (!byKey.get(`AnalysisTemplate/${o.namespace}/${String(t['templateName'])}`)) {
          push(o, 'Invalid', path, `AnalysisTemplate "${String(t['templateName'])}" is not among the loaded objects`, t['templateName'], true);
        }
      }
    }
    if (o.kind === 'Service' && isObject(spec['selector']) && Object.keys(spec['selector']).length > 0) {
      const selector = selectorFromSet(spec['selector'] as Record<string, string>);
      const matched = pods.some((p) => p.namespace === o.namespace && podLabelSets(p, byKey).some((labels) => selector.matches(labels)));
      if (!matched) push(o, 'Invalid', ['spec', 'selector'], 'selects no pod template among the loaded objects', spec['selector'], true);
    }
  }
  return errors;
}
