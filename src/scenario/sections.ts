/**
 * Validators of the scenario sections that refer to the manifests: `workloads`, `traffic`, `timeline`, `faults` and
 * `expect`. Each reads plain data at a path, reports through the {@link Checker}, and returns typed values.
 */
import type { RequestClass } from '../cluster/mesh-routes.ts';
import { fieldError } from '../api/errors.ts';
import type { LoadedObject } from '../api/load.ts';
import type { FieldPath } from '../api/path.ts';
import { formatPath } from '../api/path.ts';
import { memoryBytes } from '../api/quantity.ts';
import { validateAppModel, type AppModelSpec } from '../workload/app-model.ts';
import { cpuMillis } from '../api/quantity.ts';
import {
  ANNOTATION_INGRESS_CLASS,
  buildIngressServers,
  DEFAULT_CONTROLLER_CLASS,
  defaultIngressClassName,
  routeIngressRequest,
  servedByController,
  type IngressClassObject,
  type IngressObject,
} from '../cluster/ingress-routes.ts';
import { controllerCapacityRps, DEFAULT_INGRESS_LATENCY_MS } from '../workload/ingress.ts';
import type { BalancePolicy } from '../workload/balance.ts';
import { validateProfile, type ProfileSpec } from '../workload/profiles.ts';
import { parseObjective, validateSlo } from '../workload/slo.ts';
import { type Checker, type Obj, hint, isObj } from './check.ts';
import { nodeName } from './cluster.ts';
import type { ObjectIndex } from './objects.ts';
import type {
  BatchRunSpec,
  ClusterSpec,
  EphemeralStorageSpec,
  Expectation,
  FaultSpec,
  HealthSpec,
  IngressControllerSpec,
  PodTarget,
  StartupSpec,
  TimelineAction,
  TimelineEntry,
  TrafficSpec,
  VersionSpec,
  WorkloadRef,
  WorkloadSpec,
} from './types.ts';

/** Default container start-up: image pull 1 s, ready 2 s after start. */
export const DEFAULT_STARTUP: Readonly<StartupSpec> = Object.freeze({ imagePullMs: 1_000, readyMs: 2_000 });
/** Default duration of a random node or zone fault: 10 minutes. */
export const DEFAULT_FAULT_DURATION_MS = 600_000;

const APP_MODEL_FIELDS = ['cpuPerRequest', 'baseCpu', 'memory', 'startup', 'concurrency', 'errorRate', 'calls', 'timeout', 'baseLatency'] as const;
const HEALTH_FIELDS = ['crashAfter', 'readinessFailsAfter', 'hangAt', 'runFor', 'failureRate', 'exitCode'] as const;
const WORKLOAD_FIELDS = [...APP_MODEL_FIELDS, ...HEALTH_FIELDS, 'ephemeralStorage', 'versions'] as const;
const VERSION_FIELDS = [...APP_MODEL_FIELDS, ...HEALTH_FIELDS] as const;
const WORKLOAD_KINDS = ['Rollout', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'] as const;

// ---------------------------------------------------------------------------------------------------------------
// workloads

function readStartupHealth(c: Checker, o: Obj, path: FieldPath, base: VersionSpec): VersionSpec {
  const startup: StartupSpec = { ...base.startup };
  const s = o['startup'];
  if (s !== undefined) {
    const so = c.object(s, [...path, 'startup'], ['imagePull', 'ready', 'cpuBurst', 'burstDuration']);
    if (so) {
      startup.imagePullMs = c.duration(so['imagePull'], [...path, 'startup', 'imagePull']) ?? startup.imagePullMs;
      startup.readyMs = c.duration(so['ready'], [...path, 'startup', 'ready']) ?? startup.readyMs;
    }
  }
  const health: HealthSpec = { ...base.health };
  const crash = c.duration(o['crashAfter'], [...path, 'crashAfter'], { positive: true });
  if (crash !== undefined) health.crashAfterMs = crash;
  const readiness = c.duration(o['readinessFailsAfter'], [...path, 'readinessFailsAfter']);
  if (readiness !== undefined) health.readinessFailsAfterMs = readiness;
  const hang = c.duration(o['hangAt'], [...path, 'hangAt']);
  if (hang !== undefined) health.hangAtMs = hang;
  const run = readBatchRun(c, o, path, base.run);
  return { startup, health, ...(run ? { run } : {}) };
}

/**
 * `runFor: 5m` or `runFor: {mean: 5m, spread: 20%}`, with `failureRate` (a fraction or percentage) and `exitCode`;
 * a version's fields override the workload's one by one.
 */
function readBatchRun(c: Checker, o: Obj, path: FieldPath, base: BatchRunSpec | undefined): BatchRunSpec | undefined {
  const run: Partial<BatchRunSpec> = { ...base };
  const r = o['runFor'];
  if (isObj(r)) {
    const ro = c.object(r, [...path, 'runFor'], ['mean', 'spread'], ['mean']);
    const mean = ro ? c.duration(ro['mean'], [...path, 'runFor', 'mean'], { positive: true }) : undefined;
    if (mean !== undefined) run.runForMs = mean;
    const spread = ro ? fraction(c, ro['spread'], [...path, 'runFor', 'spread']) : undefined;
    if (spread !== undefined) run.spread = spread;
  } else if (r !== undefined) {
    const mean = c.duration(r, [...path, 'runFor'], { positive: true });
    if (mean !== undefined) run.runForMs = mean;
  }
  const rate = fraction(c, o['failureRate'], [...path, 'failureRate']);
  if (rate !== undefined) run.failureRate = rate;
  const code = c.integer(o['exitCode'], [...path, 'exitCode'], { min: 1, max: 255 });
  if (code !== undefined) run.exitCode = code;
  if (run.runForMs === undefined) {
    for (const k of ['failureRate', 'exitCode'] as const) {
      if (o[k] !== undefined) c.add(fieldError.required('', `${k} needs runFor: a container without a run time never exits on its own`), [...path, 'runFor'], 'key');
    }
    return undefined;
  }
  return { runForMs: run.runForMs, spread: run.spread ?? 0, failureRate: run.failureRate ?? 0, exitCode: run.exitCode ?? 1 };
}

/** A fraction in [0, 1], written as a number (`0.2`) or a percentage (`"20%"`). */
function fraction(c: Checker, v: unknown, path: FieldPath): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' && /^\d+(\.\d+)?%$/.test(v) ? Number(v.slice(0, -1)) / 100 : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > 1) {
    c.add(fieldError.invalid('', v, 'expected a fraction in [0, 1] such as 0.2 or "20%"'), path);
    return undefined;
  }
  return n;
}

/** Reads `spec.workloads`; keys are workload names (`name` or `namespace/name`). */
export function readWorkloads(c: Checker, v: unknown, path: FieldPath, index: ObjectIndex): Record<string, WorkloadSpec> {
  const out: Record<string, WorkloadSpec> = {};
  if (v === undefined || v === null) return out;
  if (!isObj(v)) {
    c.add(fieldError.typeInvalid('', v, 'expected a mapping from workload name to application model'), path);
    return out;
  }
  const services = index.names('Service');
  for (const [key, spec] of Object.entries(v)) {
    const wp = [...path, key];
    const slash = key.indexOf('/');
    const ns = slash >= 0 ? key.slice(0, slash) : undefined;
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    let target: LoadedObject | undefined;
    for (const kind of WORKLOAD_KINDS) {
      const found = index.find(kind, name, ns);
      if ('object' in found) {
        target = found.object;
        break;
      }
    }
    if (!target) {
      const known = index.names(...WORKLOAD_KINDS);
      c.add(
        { type: 'NotSupported', field: '', badValue: key, detail: `no Deployment, Rollout, StatefulSet, DaemonSet, Job or CronJob named "${name}" in the manifests${hint(name, known)}`, ...(known.length > 0 ? { supported: known } : {}) },
        wp,
        'key',
      );
    }
    const o = c.object(spec ?? {}, wp, WORKLOAD_FIELDS);
    if (!o) continue;
    const model = pickModel(o) as AppModelSpec;
    if (isObj(o['versions'])) model.versions = Object.fromEntries(Object.entries(o['versions']).map(([img, ov]) => [img, pickModel(isObj(ov) ? ov : {})]));
    const callsOk = [model, ...Object.values(model.versions ?? {})].every((m) => m.calls === undefined || (Array.isArray(m.calls) && m.calls.every(isObj)));
    if (!callsOk) c.add(fieldError.typeInvalid('', o['calls'], 'expected a list of {service, perRequest}'), [...wp, 'calls']);
    else c.addRelative(validateAppModel(model, formatPath(wp)), wp, formatPath(wp));
    (Array.isArray(o['calls']) ? o['calls'] : []).forEach((call, i) => {
      if (isObj(call)) {
        for (const k of Object.keys(call)) if (k !== 'service' && k !== 'perRequest') c.unknown([...wp, 'calls', i], k, ['service', 'perRequest']);
        if (typeof call['service'] === 'string' && !services.includes(call['service'])) {
          c.add(fieldError.invalid('', call['service'], `no Service named "${call['service']}" in the manifests${hint(call['service'], services)}`), [...wp, 'calls', i, 'service']);
        }
      }
    });
    for (const k of ['memory'] as const) {
      if (isObj(o[k])) for (const f of Object.keys(o[k] as Obj)) if (!['base', 'perInflightRequest', 'leakPerHour'].includes(f)) c.unknown([...wp, k], f, ['base', 'perInflightRequest', 'leakPerHour']);
    }
    const base = readStartupHealth(c, o, wp, { startup: { ...DEFAULT_STARTUP }, health: {} });
    const ephemeralStorage = readEphemeralStorage(c, o['ephemeralStorage'], [...wp, 'ephemeralStorage'], target);
    const versions: Record<string, VersionSpec> = {};
    if (o['versions'] !== undefined) {
      if (!isObj(o['versions'])) c.add(fieldError.typeInvalid('', o['versions'], 'expected a mapping from container image to overrides'), [...wp, 'versions']);
      else {
        for (const [image, ov] of Object.entries(o['versions'])) {
          const vp = [...wp, 'versions', image];
          const vo = c.object(ov ?? {}, vp, VERSION_FIELDS);
          if (!vo) continue;
          if (isObj(vo['memory'])) for (const f of Object.keys(vo['memory'])) if (!['base', 'perInflightRequest', 'leakPerHour'].includes(f)) c.unknown([...vp, 'memory'], f, ['base', 'perInflightRequest', 'leakPerHour']);
          Object.defineProperty(versions, image, { value: readStartupHealth(c, vo, vp, base), enumerable: true, writable: true, configurable: true });
        }
      }
    }
    if (!target) continue;
    Object.defineProperty(out, target.name, {
      value: {
        kind: target.kind as WorkloadSpec['kind'],
        name: target.name,
        namespace: target.namespace ?? 'default',
        model,
        startup: base.startup,
        health: base.health,
        ...(base.run ? { run: base.run } : {}),
        ...(ephemeralStorage ? { ephemeralStorage } : {}),
        versions,
        source: c.at(wp, 'key') ?? target.source,
      } satisfies WorkloadSpec,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/**
 * `ephemeralStorage: {base, writePerHour, emptyDir: {<volume>: {base, writePerHour}}}`: quantities of bytes; each
 * emptyDir key must name an emptyDir volume of the workload's pod template.
 */
function readEphemeralStorage(c: Checker, v: unknown, path: FieldPath, target: LoadedObject | undefined): EphemeralStorageSpec | undefined {
  if (v === undefined) return undefined;
  const o = c.object(v, path, ['base', 'writePerHour', 'emptyDir']);
  if (!o) return undefined;
  const write = (w: Obj, p: FieldPath) => ({
    baseBytes: c.quantity(w['base'], [...p, 'base']) ? memoryBytesOf(w['base']) : 0,
    bytesPerHour: c.quantity(w['writePerHour'], [...p, 'writePerHour']) ? memoryBytesOf(w['writePerHour']) : 0,
  });
  const out: EphemeralStorageSpec = { container: write(o, path), emptyDir: {} };
  if (o['emptyDir'] !== undefined) {
    if (!isObj(o['emptyDir'])) c.add(fieldError.typeInvalid('', o['emptyDir'], 'expected a mapping from emptyDir volume name to {base, writePerHour}'), [...path, 'emptyDir']);
    else {
      const volumes = target ? emptyDirVolumes(target) : undefined;
      for (const [name, w] of Object.entries(o['emptyDir'])) {
        const p = [...path, 'emptyDir', name];
        if (volumes && !volumes.includes(name)) {
          c.add({ type: 'NotSupported', field: '', badValue: name, detail: `no emptyDir volume named "${name}" in the pod template of ${target!.kind} ${target!.name}${hint(name, volumes)}`, ...(volumes.length > 0 ? { supported: volumes } : {}) }, p, 'key');
        }
        const wo = c.object(w, p, ['base', 'writePerHour']);
        if (wo) Object.defineProperty(out.emptyDir, name, { value: write(wo, p), enumerable: true, writable: true, configurable: true });
      }
    }
  }
  return out;
}

/** Bytes of a quantity already checked by `Checker.quantity`. */
function memoryBytesOf(v: unknown): number {
  return memoryBytes(String(v));
}

/** The emptyDir volume names of a workload's pod template (a CronJob's through its jobTemplate). */
function emptyDirVolumes(target: LoadedObject): string[] {
  const spec = target.object['spec'] as Obj | undefined;
  const jobTemplate = spec?.['jobTemplate'] as Obj | undefined;
  const template = ((jobTemplate?.['spec'] as Obj | undefined) ?? spec)?.['template'] as Obj | undefined;
  const volumes = ((template?.['spec'] as Obj | undefined)?.['volumes'] ?? []) as { name?: string; emptyDir?: unknown }[];
  return volumes.filter((x) => x.emptyDir !== undefined && typeof x.name === 'string').map((x) => x.name!);
}

/** The app-model fields of a workload entry (without the kubelet-owned health fields). */
function pickModel(o: Obj): Obj {
  const m: Obj = {};
  for (const k of APP_MODEL_FIELDS) if (o[k] !== undefined) m[k] = o[k];
  return m;
}

// ---------------------------------------------------------------------------------------------------------------
// traffic

const BALANCING_ALIASES: Readonly<Record<string, BalancePolicy>> = {
  random: 'random',
  roundRobin: 'round-robin',
  'round-robin': 'round-robin',
  leastRequests: 'least-requests',
  'least-requests': 'least-requests',
};

function readProfile(c: Checker, v: unknown, path: FieldPath): ProfileSpec | undefined {
  if (v === undefined || v === null) {
    c.add(fieldError.required('', 'a traffic profile such as {constant: 100} must be set'), path, 'key');
    return undefined;
  }
  const errs = validateProfile(v, 'profile');
  const before = c.errors.length;
  c.addRelative(
    errs.map((e) => (e.detail.startsWith('unknown field') ? { ...e, type: 'FieldValueUnknown' as const, detail: `unknown field "${String(e.field.split('.').pop())}"${hint(String(e.field.split('.').pop()), ['constant', 'steps', 'ramp', 'diurnal', 'trace', 'sum', 'spikes', 'bursts', 'noise', 'scale', 'shift'])}` } : e)),
    path,
    'profile',
  );
  return c.errors.length === before ? (v as ProfileSpec) : undefined;
}

/** Resolves a Service reference. */
function serviceRef(c: Checker, index: ObjectIndex, v: unknown, path: FieldPath, namespace?: string): LoadedObject | undefined {
  const name = c.string(v, path, { required: true });
  if (name === undefined) return undefined;
  const found = index.find('Service', name, namespace);
  if ('error' in found) {
    const names = index.names('Service');
    c.add(fieldError.invalid('', name, `${found.error}${hint(name, names)}`), path);
    return undefined;
  }
  return found.object;
}

/** An RFC 7230 token: what an HTTP method or header name may be. */
const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Reads `traffic[i].requests`: classes `{weight, path?, method?, headers?, query?}` of the profile's requests,
 * each routed by the mesh's matches on its own (default path `/`, method `GET`, no headers). Header names are
 * case-insensitive and kept lower case, as Envoy does; the path's query string, if written, fills `query`.
 */
function readRequests(c: Checker, v: unknown, path: FieldPath): RequestClass[] | undefined {
  const before = c.errors.length;
  const out: RequestClass[] = [];
  const list = c.list(v, path, 'request classes {weight, path, method, headers}') ?? [];
  if (list.length === 0 && Array.isArray(v)) c.add(fieldError.required('', 'list at least one request class, or leave requests out'), path);
  list.forEach((entry, i) => {
    const p = [...path, i];
    const o = c.object(entry, p, ['weight', 'path', 'method', 'headers', 'query'], ['weight']);
    if (!o) return;
    const weight = c.number(o['weight'], [...p, 'weight']);
    if (weight !== undefined && !(weight > 0)) c.add(fieldError.invalid('', weight, 'must be greater than 0'), [...p, 'weight']);
    let reqPath = c.string(o['path'], [...p, 'path']) ?? '/';
    if (!reqPath.startsWith('/')) c.add(fieldError.invalid('', reqPath, "must be an absolute path starting with '/'"), [...p, 'path']);
    const query: Record<string, string> = {};
    const q = reqPath.indexOf('?');
    if (q >= 0) {
      for (const [k, val] of new URLSearchParams(reqPath.slice(q + 1))) query[k] = val;
      reqPath = reqPath.slice(0, q);
    }
    const method = c.string(o['method'], [...p, 'method']) ?? 'GET';
    if (!HTTP_TOKEN.test(method)) c.add(fieldError.invalid('', method, 'must be an HTTP method such as GET or POST'), [...p, 'method']);
    const headers: Record<string, string> = {};
    for (const [field, value] of [['headers', headers], ['query', query]] as const) {
      const raw = o[field];
      if (raw === undefined) continue;
      const m = c.object(raw, [...p, field], Object.keys(raw && typeof raw === 'object' ? raw : {}));
      for (const [k, val] of Object.entries(m ?? {})) {
        if (field === 'headers' && !HTTP_TOKEN.test(k)) c.add(fieldError.invalid('', k, 'must be an HTTP header name'), [...p, field, k], 'key');
        if (typeof val !== 'string') c.add(fieldError.typeInvalid('', val, 'expected a string (quote values such as "true")'), [...p, field, k]);
        else value[field === 'headers' ? k.toLowerCase() : k] = val;
      }
    }
    if (weight !== undefined) out.push({ weight, request: { path: reqPath, method: method.toUpperCase(), headers, ...(Object.keys(query).length > 0 ? { query } : {}) } });
  });
  return c.errors.length === before ? out : undefined;
}

/** Reads `spec.traffic`. */
export function readTraffic(c: Checker, v: unknown, path: FieldPath, index: ObjectIndex, ingressController: IngressControllerSpec): TrafficSpec[] {
  const out: TrafficSpec[] = [];
  (c.list(v, path, 'traffic entries {service, profile}') ?? []).forEach((entry, i) => {
    const p = [...path, i];
    const o = c.object(entry, p, ['service', 'ingress', 'namespace', 'profile', 'balancing', 'requests'], ['profile']);
    if (!o) return;
    const ns = c.string(o['namespace'], [...p, 'namespace']);
    let service: LoadedObject | undefined;
    let ingress: TrafficSpec['ingress'];
    if ((o['service'] === undefined) === (o['ingress'] === undefined)) {
      c.add(fieldError.required('', 'set exactly one of service or ingress'), [...p, 'service'], 'key');
    } else if (o['service'] !== undefined) {
      service = serviceRef(c, index, o['service'], [...p, 'service'], ns);
    } else {
      const r = readIngress(c, index, o['ingress'], [...p, 'ingress'], ingressController, ns);
      if (r) {
        service = r.service;
        ingress = r.ingress;
      }
    }
    const profile = readProfile(c, o['profile'], [...p, 'profile']);
    let balancing: BalancePolicy = 'random';
    if (o['balancing'] !== undefined) {
      const b = c.oneOf(o['balancing'], [...p, 'balancing'], Object.keys(BALANCING_ALIASES));
      if (b !== undefined) balancing = BALANCING_ALIASES[b] as BalancePolicy;
    }
    const requests = o['requests'] === undefined ? undefined : readRequests(c, o['requests'], [...p, 'requests']);
    if (service && profile) {
      out.push({
        service: service.name,
        namespace: service.namespace ?? 'default',
        ...(ingress ? { ingress } : {}),
        profile,
        balancing,
        ...(requests ? { requests } : {}),
        source: c.at(p) ?? service.source,
      });
    }
  });
  return out;
}

/**
 * Resolves `ingress: {name?, host, path}` to the backend Service of the location ingress-nginx would route the
 * request to (`src/cluster/ingress-routes.ts`), among the manifests' Ingresses the controller serves (with the
 * default IngressClass filled in as admission does). With `name`, the request must land on that Ingress. The
 * run routes again from the cluster's Ingresses at every change; this check catches a target that reaches nothing.
 */
function readIngress(c: Checker, index: ObjectIndex, v: unknown, path: FieldPath, ctl: IngressControllerSpec, ns?: string): { service: LoadedObject; ingress: NonNullable<TrafficSpec['ingress']> } | undefined {
  const o = c.object(v, path, ['name', 'host', 'path']);
  if (!o) return undefined;
  const host = o['host'] === undefined ? '' : c.string(o['host'], [...path, 'host']) ?? '';
  const reqPath = o['path'] === undefined ? '/' : c.string(o['path'], [...path, 'path']) ?? '/';
  if (!reqPath.startsWith('/')) {
    c.add(fieldError.invalid('', reqPath, 'a request path starts with "/"'), [...path, 'path']);
    return undefined;
  }
  const name = o['name'] === undefined ? undefined : c.string(o['name'], [...path, 'name']);
  const classes = index.all('IngressClass').map((x) => x.object as IngressClassObject);
  const def = defaultIngressClassName(classes);
  const all = index.all('Ingress');
  const served = all
    .map((x) => {
      const ing = x.object as IngressObject;
      const named = ing.spec?.ingressClassName !== undefined || ing.metadata?.annotations?.[ANNOTATION_INGRESS_CLASS] !== undefined;
      const withClass = !named && def && 'name' in def ? { ...ing, spec: { ...ing.spec, ingressClassName: def.name } } : ing;
      return { loaded: x, ing: { ...withClass, metadata: { ...withClass.metadata, name: x.name, namespace: x.namespace ?? 'default' } } };
    })
    .filter((x) => servedByController(x.ing, classes, ctl));
  if (served.length === 0) {
    const why = all.length === 0 ? 'the manifests have no Ingress' : `no Ingress in the manifests is of IngressClass "${ctl.className}" (spec.ingressClassName, the kubernetes.io/ingress.class annotation or the default IngressClass)`;
    c.add(fieldError.invalid('', v, why), path);
    return undefined;
  }
  const { location } = routeIngressRequest(buildIngressServers(served.map((x) => x.ing)), host, reqPath);
  const target = location.ingress;
  if (!target || location.backend.service === undefined) {
    c.add(fieldError.invalid('', v, `no Ingress rule matches host "${host}" and path "${reqPath}" and no defaultBackend catches it (ingress-nginx answers 404)`), path);
    return undefined;
  }
  if ((name !== undefined && target.name !== name) || (ns !== undefined && target.namespace !== ns)) {
    c.add(fieldError.invalid('', v, `host "${host}" and path "${reqPath}" are routed by Ingress ${target.namespace}/${target.name}, path "${location.ingressPath}"`), path);
    return undefined;
  }
  const found = index.find('Service', location.backend.service, target.namespace);
  if ('error' in found) {
    c.add(fieldError.invalid('', location.backend.service, `Ingress ${target.name} routes to ${found.error}`), path);
    return undefined;
  }
  return { service: found.object, ingress: { name: target.name, host, path: reqPath } };
}

/** Reads `spec.ingressController`: `{className, controller, replicas, cpu, cpuPerRequest, latency}`. */
export function readIngressController(c: Checker, v: unknown, path: FieldPath): IngressControllerSpec {
  const out: IngressControllerSpec = { className: DEFAULT_CONTROLLER_CLASS.className, controller: DEFAULT_CONTROLLER_CLASS.controller, capacityRps: Infinity, latencyMs: DEFAULT_INGRESS_LATENCY_MS };
  if (v === undefined || v === null) return out;
  const o = c.object(v, path, ['className', 'controller', 'replicas', 'cpu', 'cpuPerRequest', 'latency']);
  if (!o) return out;
  out.className = c.string(o['className'], [...path, 'className']) ?? out.className;
  out.controller = c.string(o['controller'], [...path, 'controller']) ?? out.controller;
  out.latencyMs = c.duration(o['latency'], [...path, 'latency']) ?? out.latencyMs;
  const replicas = c.integer(o['replicas'], [...path, 'replicas'], { min: 1 });
  const cpu = c.quantity(o['cpu'], [...path, 'cpu']);
  const perRequest = c.quantity(o['cpuPerRequest'], [...path, 'cpuPerRequest']);
  if (replicas === undefined) {
    for (const k of ['cpu', 'cpuPerRequest'] as const) {
      if (o[k] !== undefined) c.add(fieldError.invalid('', o[k], 'needs replicas: without replicas the controller is unlimited'), [...path, k]);
    }
    return out;
  }
  if (!cpu || !perRequest) {
    for (const [k, q] of [['cpu', cpu], ['cpuPerRequest', perRequest]] as const) if (!q) c.add(fieldError.required('', 'replicas sets a capacity: give cpu (per replica) and cpuPerRequest'), [...path, k], 'key');
    return out;
  }
  const perRequestMillis = cpuMillis(perRequest);
  if (!(perRequestMillis > 0)) {
    c.add(fieldError.invalid('', o['cpuPerRequest'], 'must be positive'), [...path, 'cpuPerRequest']);
    return out;
  }
  out.capacityRps = controllerCapacityRps(replicas, cpuMillis(cpu), perRequestMillis);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// timeline

/** Every timeline action key. */
export const TIMELINE_ACTIONS = [
  'apply',
  'setImage',
  'scale',
  'failNode',
  'recoverNode',
  'drainNode',
  'cordonNode',
  'uncordonNode',
  'removeNode',
  'addNodes',
  'loseZone',
  'recoverZone',
  'setTraffic',
  'killPod',
  'promote',
  'abort',
  'retry',
  'pause',
  'resume',
  'undo',
  'deleteObject',
  'resizeClaim',
] as const;

const REF_KEYS: Readonly<Record<string, WorkloadRef['kind'] | 'HorizontalPodAutoscaler'>> = {
  deployment: 'Deployment',
  rollout: 'Rollout',
  statefulSet: 'StatefulSet',
  daemonSet: 'DaemonSet',
  replicaSet: 'ReplicaSet',
  hpa: 'HorizontalPodAutoscaler',
};

/**
 * A workload reference written as one of `deployment: x`, `rollout: x`, … (the keys allowed by `kinds`) or
 * `target: deployment/x`, with an optional `namespace`. Checked against the manifests.
 */
function workloadRef<K extends string>(c: Checker, index: ObjectIndex, o: Obj, path: FieldPath, kinds: readonly K[]): { kind: K; name: string; namespace: string; object: LoadedObject } | undefined {
  const keys = Object.keys(REF_KEYS).filter((k) => kinds.includes(REF_KEYS[k] as K));
  const written = keys.filter((k) => o[k] !== undefined);
  const ns = o['namespace'] === undefined ? undefined : c.string(o['namespace'], [...path, 'namespace']);
  let kind: K | undefined;
  let name: string | undefined;
  let at: FieldPath = path;
  if (o['target'] !== undefined) {
    at = [...path, 'target'];
    const t = c.string(o['target'], at);
    const m = t === undefined ? null : /^([A-Za-z]+)\/(.+)$/.exec(t);
    if (t !== undefined && !m) c.add(fieldError.invalid('', t, `expected kind/name, e.g. ${keys[0]}/web`), at);
    if (m) {
      const k = Object.keys(REF_KEYS).find((x) => x.toLowerCase() === (m[1] as string).toLowerCase() || REF_KEYS[x]?.toLowerCase() === (m[1] as string).toLowerCase());
      if (k === undefined || !keys.includes(k)) c.add(fieldError.notSupported('', m[1], keys), at);
      else {
        kind = REF_KEYS[k] as K;
        name = m[2] as string;
      }
    }
  } else if (written.length !== 1) {
    c.add(fieldError.required('', written.length === 0 ? `set one of ${keys.join(', ')}` : `set only one of ${written.join(', ')}`), path, 'key');
    return undefined;
  } else {
    const k = written[0] as string;
    at = [...path, k];
    name = c.string(o[k], at);
    kind = REF_KEYS[k] as K;
  }
  if (kind === undefined || name === undefined) return undefined;
  const found = index.find(kind, name, ns);
  if ('error' in found) {
    c.add(fieldError.invalid('', name, `${found.error}${hint(name, index.names(kind))}`), at);
    return undefined;
  }
  return { kind, name, namespace: found.object.namespace ?? 'default', object: found.object };
}

/** Node names that exist at some point: each pool's `count` plus every `addNodes` to it. */
function knownNodeNames(cluster: ClusterSpec | undefined, rawTimeline: unknown): Set<string> {
  const names = new Set<string>();
  if (!cluster) return names;
  const added = new Map<string, number>();
  for (const e of Array.isArray(rawTimeline) ? rawTimeline : []) {
    const a = isObj(e) && isObj(e['addNodes']) ? e['addNodes'] : undefined;
    if (a && typeof a['pool'] === 'string' && Number.isSafeInteger(a['count'])) added.set(a['pool'], (added.get(a['pool']) ?? 0) + Math.max(0, a['count'] as number));
  }
  for (const pool of cluster.nodePools) {
    const n = pool.count + (added.get(pool.name) ?? 0);
    // Bounded so a scenario with absurd counts cannot make validation slow; such counts fail their own checks.
    for (let i = 1; i <= n && names.size < 200_000; i++) names.add(nodeName(pool.name, i));
  }
  return names;
}

/** The context timeline actions are checked in. */
export interface TimelineContext {
  index: ObjectIndex;
  cluster: ClusterSpec | undefined;
  /** Loads an `apply` argument (inline object or path) into objects, reporting errors itself. */
  apply(value: unknown, path: FieldPath): readonly LoadedObject[] | undefined;
  durationMs: number | undefined;
}

/** Reads `spec.timeline`, sorted by time (ties in written order). */
export function readTimeline(c: Checker, v: unknown, path: FieldPath, ctx: TimelineContext): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  const nodes = knownNodeNames(ctx.cluster, v);
  const zones = new Set(ctx.cluster?.nodePools.flatMap((p) => p.zones) ?? []);
  (c.list(v, path, 'timeline entries {at, <action>}') ?? []).forEach((entry, i) => {
    const p = [...path, i];
    const o = c.object(entry, p, ['at', ...TIMELINE_ACTIONS], ['at']);
    if (!o) return;
    const atMs = c.duration(o['at'], [...p, 'at']);
    if (atMs !== undefined && ctx.durationMs !== undefined && atMs > ctx.durationMs) {
      c.warn(fieldError.invalid('', o['at'], `after the end of the run (spec.duration is ${ctx.durationMs} ms); the action never happens`), [...p, 'at']);
    }
    const actions = TIMELINE_ACTIONS.filter((a) => o[a] !== undefined);
    if (actions.length === 0) {
      if (!Object.keys(o).some((k) => k !== 'at' && !TIMELINE_ACTIONS.includes(k as never))) {
        c.add(fieldError.required('', `one action must be set: ${TIMELINE_ACTIONS.join(', ')}`), p);
      }
      return;
    }
    if (actions.length > 1) {
      c.add(fieldError.forbidden('', `exactly one action per timeline entry; found ${actions.join(' and ')} (write them as separate entries)`), [...p, actions[1] as string], 'key');
      return;
    }
    const type = actions[0] as TimelineAction['type'];
    const action = readAction(c, type, o[type], [...p, type], ctx, nodes, zones);
    if (action && atMs !== undefined) out.push({ atMs, index: i, action, source: c.at(p) ?? { file: c.file, line: 1, col: 1 } });
  });
  return out.sort((a, b) => a.atMs - b.atMs || a.index - b.index);
}

function nodeArg(c: Checker, v: unknown, path: FieldPath, nodes: ReadonlySet<string>): string | undefined {
  const arg = isObj(v) ? c.object(v, path, ['node'], ['node'])?.['node'] : v;
  const name = c.string(arg, isObj(v) ? [...path, 'node'] : path, { required: true });
  if (name === undefined) return undefined;
  if (!nodes.has(name)) {
    const all = [...nodes].sort();
    c.add(fieldError.invalid('', name, `no node named "${name}"; nodes are named <pool>-<n> (${all.slice(0, 5).join(', ')}${all.length > 5 ? ', …' : ''})${hint(name, all)}`), isObj(v) ? [...path, 'node'] : path);
    return undefined;
  }
  return name;
}

function readAction(c: Checker, type: TimelineAction['type'], v: unknown, path: FieldPath, ctx: TimelineContext, nodes: ReadonlySet<string>, zones: ReadonlySet<string>): TimelineAction | undefined {
  const { index } = ctx;
  // Single-argument actions on a rollout also accept the bare name: `abort: canary-demo`.
  const asObj = (keys: readonly string[], required: readonly string[] = [], shorthand?: string): Obj | undefined =>
    typeof v === 'string' && shorthand !== undefined ? { [shorthand]: v } : c.object(v, path, keys, required);
  switch (type) {
    case 'apply': {
      const objects = ctx.apply(v, path);
      return objects ? { type, objects } : undefined;
    }
    case 'setImage': {
      const o = asObj(['deployment', 'rollout', 'statefulSet', 'daemonSet', 'target', 'namespace', 'container', 'image'], ['image']);
      if (!o) return undefined;
      const ref = workloadRef(c, index, o, path, ['Deployment', 'Rollout', 'StatefulSet', 'DaemonSet'] as const);
      const image = c.string(o['image'], [...path, 'image']);
      if (!ref || image === undefined) return undefined;
      const containers = (((((ref.object.object['spec'] as Obj | undefined)?.['template'] as Obj | undefined)?.['spec'] as Obj | undefined)?.['containers'] as Obj[] | undefined) ?? []).map((x) => String(x['name']));
      let container = o['container'] === undefined ? undefined : c.string(o['container'], [...path, 'container']);
      if (container === undefined && o['container'] === undefined) {
        if (containers.length === 1) container = containers[0] as string;
        else c.add(fieldError.required('', `${ref.kind} ${ref.name} has containers ${containers.join(', ')}; set container`), [...path, 'container'], 'key');
      } else if (container !== undefined && containers.length > 0 && !containers.includes(container)) {
        c.add(fieldError.notSupported('', container, containers), [...path, 'container']);
        container = undefined;
      }
      return container === undefined ? undefined : { type, target: { kind: ref.kind, name: ref.name, namespace: ref.namespace }, container, image };
    }
    case 'scale': {
      const o = asObj(['deployment', 'rollout', 'statefulSet', 'replicaSet', 'target', 'namespace', 'replicas'], ['replicas']);
      if (!o) return undefined;
      const ref = workloadRef(c, index, o, path, ['Deployment', 'Rollout', 'StatefulSet', 'ReplicaSet'] as const);
      const replicas = c.integer(o['replicas'], [...path, 'replicas'], { min: 0, max: 100_000 });
      return ref && replicas !== undefined ? { type, target: { kind: ref.kind, name: ref.name, namespace: ref.namespace }, replicas } : undefined;
    }
    case 'failNode':
    case 'recoverNode':
    case 'drainNode':
    case 'cordonNode':
    case 'uncordonNode':
    case 'removeNode': {
      const node = nodeArg(c, v, path, nodes);
      return node === undefined ? undefined : { type, node };
    }
    case 'addNodes': {
      const o = asObj(['pool', 'count'], ['pool', 'count']);
      if (!o) return undefined;
      const pool = c.string(o['pool'], [...path, 'pool']);
      const pools = ctx.cluster?.nodePools.map((p) => p.name) ?? [];
      if (pool !== undefined && ctx.cluster && !pools.includes(pool)) c.add(fieldError.notSupported('', pool, pools), [...path, 'pool']);
      const count = c.integer(o['count'], [...path, 'count'], { min: 1, max: 10_000 });
      return pool !== undefined && pools.includes(pool) && count !== undefined ? { type, pool, count } : undefined;
    }
    case 'loseZone':
    case 'recoverZone': {
      const zone = c.string(v, path, { required: true });
      if (zone === undefined) return undefined;
      if (!zones.has(zone)) {
        c.add(zones.size > 0 ? fieldError.notSupported('', zone, [...zones].sort()) : fieldError.invalid('', zone, 'no node pool has zones'), path);
        return undefined;
      }
      return { type, zone };
    }
    case 'setTraffic': {
      const o = asObj(['service', 'namespace', 'profile'], ['service', 'profile']);
      if (!o) return undefined;
      const ns = o['namespace'] === undefined ? undefined : c.string(o['namespace'], [...path, 'namespace']);
      const svc = o['service'] === undefined ? undefined : serviceRef(c, index, o['service'], [...path, 'service'], ns);
      const profile = o['profile'] === undefined ? undefined : readProfile(c, o['profile'], [...path, 'profile']);
      return svc && profile ? { type, service: svc.name, profile } : undefined;
    }
    case 'killPod': {
      const o = asObj(['name', 'selector', 'namespace', 'count'], [], 'name');
      if (!o) return undefined;
      const namespace = (o['namespace'] === undefined ? undefined : c.string(o['namespace'], [...path, 'namespace'])) ?? 'default';
      if ((o['name'] === undefined) === (o['selector'] === undefined)) {
        c.add(fieldError.required('', 'set exactly one of name or selector'), path, 'key');
        return undefined;
      }
      if (o['name'] !== undefined) {
        const name = c.string(o['name'], [...path, 'name']);
        return name === undefined ? undefined : { type, target: { name, namespace } };
      }
      const selector = readSelector(c, o['selector'], [...path, 'selector']);
      const count = c.integer(o['count'], [...path, 'count'], { min: 1 }) ?? 1;
      return selector ? { type, target: { selector, namespace, count } satisfies PodTarget } : undefined;
    }
    case 'promote':
    case 'abort':
    case 'retry': {
      const o = asObj(type === 'promote' ? ['rollout', 'namespace', 'full'] : ['rollout', 'namespace'], ['rollout'], 'rollout');
      if (!o) return undefined;
      const ref = workloadRef(c, index, o, path, ['Rollout'] as const);
      const full = c.boolean(o['full'], [...path, 'full']) ?? false;
      if (!ref) return undefined;
      return type === 'promote' ? { type, rollout: ref.name, namespace: ref.namespace, full } : { type, rollout: ref.name, namespace: ref.namespace };
    }
    case 'pause':
    case 'resume': {
      const o = asObj(['deployment', 'rollout', 'target', 'namespace']);
      if (!o) return undefined;
      const ref = workloadRef(c, index, o, path, ['Deployment', 'Rollout'] as const);
      return ref ? { type, target: { kind: ref.kind, name: ref.name, namespace: ref.namespace } } : undefined;
    }
    case 'undo': {
      const o = asObj(['deployment', 'namespace', 'toRevision'], ['deployment'], 'deployment');
      if (!o) return undefined;
      const ref = workloadRef(c, index, o, path, ['Deployment'] as const);
      const rev = c.integer(o['toRevision'], [...path, 'toRevision'], { min: 0 });
      return ref ? { type, deployment: ref.name, namespace: ref.namespace, ...(rev !== undefined && rev > 0 ? { toRevision: rev } : {}) } : undefined;
    }
    case 'deleteObject': {
      const o = asObj(['kind', 'name', 'namespace'], ['kind', 'name']);
      if (!o) return undefined;
      const kind = c.string(o['kind'], [...path, 'kind']);
      const name = c.string(o['name'], [...path, 'name']);
      const ns = o['namespace'] === undefined ? undefined : c.string(o['namespace'], [...path, 'namespace']);
      if (kind === undefined || name === undefined) return undefined;
      const found = index.find(kind, name, ns);
      if ('error' in found) {
        c.add(fieldError.invalid('', name, `${found.error}${hint(name, index.names(kind))}`), [...path, 'name']);
        return undefined;
      }
      return { type, kind, name, namespace: found.object.namespace ?? '' };
    }
    case 'resizeClaim': {
      // The claim may be one a StatefulSet creates from its volumeClaimTemplates: existence is checked at run time.
      const o = asObj(['claim', 'storage', 'namespace'], ['claim', 'storage']);
      if (!o) return undefined;
      const claim = c.string(o['claim'], [...path, 'claim']);
      const storage = c.quantity(o['storage'], [...path, 'storage']);
      const ns = o['namespace'] === undefined ? 'default' : c.string(o['namespace'], [...path, 'namespace']);
      if (claim === undefined || storage === undefined || ns === undefined) return undefined;
      return { type, claim, namespace: ns, storage: String(o['storage']) };
    }
  }
}

/** A label selector written as a map (`{app: web}`) or `k=v,k2=v2` text. */
function readSelector(c: Checker, v: unknown, path: FieldPath): Record<string, string> | undefined {
  if (typeof v === 'string') {
    const out: Record<string, string> = {};
    for (const part of v.split(',')) {
      const m = /^\s*([A-Za-z0-9./_-]+)\s*==?\s*([A-Za-z0-9._-]*)\s*$/.exec(part);
      if (!m) {
        c.add(fieldError.invalid('', v, 'expected key=value pairs separated by commas, e.g. "app=web,tier=frontend"'), path);
        return undefined;
      }
      out[m[1] as string] = m[2] as string;
    }
    return out;
  }
  const m = c.stringMap(v, path);
  if (m && Object.keys(m).length === 0) c.add(fieldError.required('', 'at least one label'), path);
  return m && Object.keys(m).length > 0 ? m : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// faults

const FAULT_KINDS = ['nodeFailure', 'podKill', 'zoneOutage'] as const;

/** Reads `spec.faults`. */
export function readFaults(c: Checker, v: unknown, path: FieldPath, cluster: ClusterSpec | undefined, durationMs: number | undefined): FaultSpec[] {
  const out: FaultSpec[] = [];
  (c.list(v, path, 'faults {kind, ratePerHour, duration}') ?? []).forEach((entry, i) => {
    const p = [...path, i];
    const o = c.object(entry, p, ['kind', 'ratePerHour', 'meanTimeBetween', 'duration', 'pool', 'selector', 'start', 'end'], ['kind']);
    if (!o) return;
    const kind = c.oneOf(o['kind'], [...p, 'kind'], FAULT_KINDS);
    let mtbf: number | undefined;
    if ((o['ratePerHour'] === undefined) === (o['meanTimeBetween'] === undefined)) {
      c.add(fieldError.required('', 'set exactly one of ratePerHour or meanTimeBetween'), [...p, 'ratePerHour'], 'key');
    } else if (o['ratePerHour'] !== undefined) {
      const rate = c.number(o['ratePerHour'], [...p, 'ratePerHour'], { min: 0 });
      if (rate === 0) c.add(fieldError.invalid('', 0, 'must be greater than 0'), [...p, 'ratePerHour']);
      // 3 faults per hour → one every 1 200 000 ms (20 min) on average.
      else if (rate !== undefined) mtbf = 3_600_000 / rate;
    } else mtbf = c.duration(o['meanTimeBetween'], [...p, 'meanTimeBetween'], { positive: true });
    let durMs = 0;
    if (kind === 'podKill') {
      if (o['duration'] !== undefined) c.add(fieldError.forbidden('', 'a killed pod has no duration; its controller replaces it'), [...p, 'duration'], 'key');
      if (o['pool'] !== undefined) c.add(fieldError.forbidden('', 'pool applies to nodeFailure'), [...p, 'pool'], 'key');
    } else {
      durMs = c.duration(o['duration'], [...p, 'duration'], { positive: true }) ?? DEFAULT_FAULT_DURATION_MS;
      if (o['selector'] !== undefined) c.add(fieldError.forbidden('', 'selector applies to podKill'), [...p, 'selector'], 'key');
    }
    let pool: string | undefined;
    if (o['pool'] !== undefined && kind !== 'podKill') {
      if (kind === 'zoneOutage') c.add(fieldError.forbidden('', 'pool applies to nodeFailure'), [...p, 'pool'], 'key');
      pool = c.string(o['pool'], [...p, 'pool']);
      const pools = cluster?.nodePools.map((x) => x.name) ?? [];
      if (pool !== undefined && cluster && !pools.includes(pool)) c.add(fieldError.notSupported('', pool, pools), [...p, 'pool']);
    }
    if (kind === 'zoneOutage' && cluster && cluster.nodePools.every((x) => x.zones.length === 0)) {
      c.add(fieldError.invalid('', kind, 'no node pool has zones'), [...p, 'kind']);
    }
    const selector = kind === 'podKill' && o['selector'] !== undefined ? readSelector(c, o['selector'], [...p, 'selector']) : undefined;
    const startMs = c.duration(o['start'], [...p, 'start']) ?? 0;
    const endMs = c.duration(o['end'], [...p, 'end']) ?? durationMs ?? 0;
    if (o['end'] !== undefined && endMs <= startMs) c.add(fieldError.invalid('', o['end'], 'must be after start'), [...p, 'end']);
    if (kind !== undefined && mtbf !== undefined) {
      out.push({
        kind,
        meanTimeBetweenMs: mtbf,
        durationMs: durMs,
        ...(pool !== undefined ? { pool } : {}),
        ...(selector ? { selector } : {}),
        startMs,
        endMs,
        source: c.at(p) ?? { file: c.file, line: 1, col: 1 },
      });
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// expect

/** Every expectation key. */
export const EXPECTATIONS = ['slo', 'maxPendingTime', 'replicasWithin', 'rolloutCompletes', 'costBelow', 'nodesWithin', 'noOOMKilled', 'noFailedScheduling', 'podsReadyAtEnd', 'eventCount', 'hashEquals', 'alertFires', 'noAlert'] as const;

/** Reads `spec.expect`. */
export function readExpect(c: Checker, v: unknown, path: FieldPath, index: ObjectIndex, pools?: readonly string[]): Expectation[] {
  const out: Expectation[] = [];
  (c.list(v, path, 'expectations') ?? []).forEach((entry, i) => {
    const p = [...path, i];
    const o = c.object(entry, p, EXPECTATIONS);
    if (!o) return;
    const keys = EXPECTATIONS.filter((k) => o[k] !== undefined);
    if (keys.length === 0) {
      if (Object.keys(o).length === 0) c.add(fieldError.required('', `one expectation must be set: ${EXPECTATIONS.join(', ')}`), p);
      return;
    }
    if (keys.length > 1) {
      c.add(fieldError.forbidden('', `exactly one expectation per entry; found ${keys.join(' and ')}`), [...p, keys[1] as string], 'key');
      return;
    }
    const type = keys[0] as (typeof EXPECTATIONS)[number];
    const ap = [...p, type];
    const arg = o[type];
    const base = { index: i, source: c.at(p) ?? { file: c.file, line: 1, col: 1 } };
    const e = readExpectation(c, type, arg, ap, index, pools);
    if (e) out.push({ ...e, ...base } as Expectation);
  });
  return out;
}

type ExpectationBody = Expectation extends infer E ? (E extends Expectation ? Omit<E, 'index' | 'source'> : never) : never;

function readExpectation(c: Checker, type: (typeof EXPECTATIONS)[number], arg: unknown, ap: FieldPath, index: ObjectIndex, pools?: readonly string[]): ExpectationBody | undefined {
  switch (type) {
    case 'slo': {
      const o = c.object(arg, ap, ['service', 'availability', 'latencyP50', 'latencyP95', 'latencyP99'], ['service']);
      if (!o || typeof o['service'] !== 'string') return undefined;
      const before = c.errors.length;
      const errs = validateSlo(o as never, index.names('Service'), 'slo').map((e) =>
        e.field === 'slo.service' ? { ...e, detail: `${e.detail}${hint(String(o['service']), index.names('Service'))}` } : e,
      );
      c.addRelative(errs, ap, 'slo');
      if (c.errors.length !== before) return undefined;
      const lat = (['latencyP50', 'latencyP95', 'latencyP99'] as const).find((k) => o[k] !== undefined);
      const thresholdMs = lat ? c.duration(o[lat], [...ap, lat], { positive: true }) : undefined;
      const objective = o['availability'] === undefined ? undefined : parseObjective(o['availability'] as string | number);
      // "99.9%" parses as 99.9 / 100 = 0.9990000000000001 in binary floating point; 12 decimals keep it 0.999.
      const availability = objective === undefined ? undefined : Math.round(objective * 1e12) / 1e12;
      return {
        type,
        service: o['service'],
        ...(availability !== undefined ? { availability } : {}),
        ...(lat && thresholdMs !== undefined ? { latency: { percentile: Number(lat.slice(8)) as 50 | 95 | 99, thresholdMs } } : {}),
      };
    }
    case 'maxPendingTime': {
      const maxMs = c.duration(arg, ap);
      return maxMs === undefined ? undefined : { type, maxMs };
    }
    case 'replicasWithin': {
      const o = c.object(arg, ap, ['deployment', 'rollout', 'statefulSet', 'hpa', 'target', 'namespace', 'min', 'max']);
      if (!o) return undefined;
      const ref = workloadRef(c, index, o, ap, ['Deployment', 'Rollout', 'StatefulSet', 'HorizontalPodAutoscaler'] as const);
      const min = c.integer(o['min'], [...ap, 'min'], { min: 0 });
      const max = c.integer(o['max'], [...ap, 'max'], { min: 0 });
      if (min === undefined && max === undefined && o['min'] === undefined && o['max'] === undefined) c.add(fieldError.required('', 'set min, max or both'), ap);
      if (min !== undefined && max !== undefined && min > max) c.add(fieldError.invalid('', max, `must be greater than or equal to min (${min})`), [...ap, 'max']);
      return ref ? { type, target: { kind: ref.kind, name: ref.name, namespace: ref.namespace }, min: min ?? 0, max: max ?? Number.MAX_SAFE_INTEGER } : undefined;
    }
    case 'rolloutCompletes': {
      const o = c.object(arg, ap, ['deployment', 'rollout', 'statefulSet', 'target', 'namespace', 'within'], ['within']);
      if (!o) return undefined;
      const ref = workloadRef(c, index, o, ap, ['Deployment', 'Rollout', 'StatefulSet'] as const);
      const withinMs = c.duration(o['within'], [...ap, 'within'], { positive: true });
      return ref && withinMs !== undefined ? { type, target: { kind: ref.kind, name: ref.name, namespace: ref.namespace }, withinMs } : undefined;
    }
    case 'nodesWithin': {
      const o = c.object(arg, ap, ['min', 'max', 'pool']);
      if (!o) return undefined;
      const min = c.integer(o['min'], [...ap, 'min'], { min: 0 });
      const max = c.integer(o['max'], [...ap, 'max'], { min: 0 });
      const pool = o['pool'] === undefined ? undefined : c.string(o['pool'], [...ap, 'pool']);
      if (o['min'] === undefined && o['max'] === undefined) c.add(fieldError.required('', 'set min, max or both'), ap);
      if (min !== undefined && max !== undefined && min > max) c.add(fieldError.invalid('', max, `must be greater than or equal to min (${min})`), [...ap, 'max']);
      if (pool !== undefined && pools && !pools.includes(pool)) c.add(fieldError.notSupported('', pool, pools), [...ap, 'pool']);
      return { type, min: min ?? 0, max: max ?? Number.MAX_SAFE_INTEGER, ...(pool !== undefined ? { pool } : {}) };
    }
    case 'costBelow': {
      const o = c.object(arg, ap, ['dollars'], ['dollars']);
      const dollars = o ? c.number(o['dollars'], [...ap, 'dollars'], { min: 0 }) : undefined;
      return dollars === undefined ? undefined : { type, dollars };
    }
    case 'noOOMKilled':
    case 'noFailedScheduling':
    case 'podsReadyAtEnd': {
      if (arg !== true && !(isObj(arg) && Object.keys(arg).length === 0)) {
        c.add(fieldError.invalid('', arg, 'write true (or remove the entry)'), ap);
        return undefined;
      }
      return { type };
    }
    case 'eventCount': {
      const o = c.object(arg, ap, ['reason', 'min', 'max'], ['reason']);
      if (!o) return undefined;
      const reason = c.string(o['reason'], [...ap, 'reason']);
      const min = c.integer(o['min'], [...ap, 'min'], { min: 0 });
      const max = c.integer(o['max'], [...ap, 'max'], { min: 0 });
      if (o['min'] === undefined && o['max'] === undefined) c.add(fieldError.required('', 'set min, max or both'), ap);
      if (min !== undefined && max !== undefined && min > max) c.add(fieldError.invalid('', max, `must be greater than or equal to min (${min})`), [...ap, 'max']);
      return reason === undefined ? undefined : { type, reason, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
    }
    case 'alertFires': {
      const o = c.object(arg, ap, ['name', 'after', 'within'], ['name']);
      if (!o) return undefined;
      const name = c.string(o['name'], [...ap, 'name']);
      const afterMs = c.duration(o['after'], [...ap, 'after']);
      const withinMs = c.duration(o['within'], [...ap, 'within'], { positive: true });
      if (afterMs !== undefined && withinMs !== undefined && withinMs < afterMs) c.add(fieldError.invalid('', o['within'], 'must not be before after'), [...ap, 'within']);
      return name === undefined ? undefined : { type, name, ...(afterMs !== undefined ? { afterMs } : {}), ...(withinMs !== undefined ? { withinMs } : {}) };
    }
    case 'noAlert': {
      const o = c.object(arg, ap, ['name'], ['name']);
      const name = o ? c.string(o['name'], [...ap, 'name']) : undefined;
      return name === undefined ? undefined : { type, name };
    }
    case 'hashEquals': {
      const hash = c.string(arg, ap);
      if (hash !== undefined && !/^[0-9a-f]{8,128}$/.test(hash)) {
        c.add(fieldError.invalid('', hash, 'expected a lower-case hex trace hash as printed by kubesim run'), ap);
        return undefined;
      }
      return hash === undefined ? undefined : { type, hash };
    }
  }
}
