/**
 * Conversion and defaulting as the API server does them, so a simulated object looks like the one
 * `kubectl get -o yaml` would show. Sources: `pkg/apis/core/v1/defaults.go`, `pkg/apis/apps/v1/defaults.go`,
 * `pkg/apis/autoscaling/v2/defaults.go` and `v1/conversion.go`, `pkg/apis/networking/v1/defaults.go`,
 * `pkg/apis/scheduling/v1/defaults.go`, `pkg/apis/storage/v1/defaults.go`, and argo-rollouts `utils/defaults/defaults.go`.
 *
 * All functions here mutate the object they are given (the loader passes a copy) and return it.
 */
import type { KindInfo } from './kinds.ts';

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Sets `o[key] = value` when the field is absent (undefined or null), as Go defaulting of nil pointers does. */
function setDefault(o: Obj, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null) o[key] = value;
}

function child(o: Obj, key: string): Obj {
  if (!isObject(o[key])) o[key] = {};
  return o[key] as Obj;
}

/** Default CPU utilization of an HPA without metrics (`autoscaling.DefaultCPUUtilization`), percent. */
export const DEFAULT_CPU_UTILIZATION_PERCENT = 80;

/**
 * autoscaling/v1 → v2 as the API server converts it (`Convert_v1_HorizontalPodAutoscalerSpec_To_autoscaling_...`):
 * `targetCPUUtilizationPercentage: N` becomes one Resource metric on cpu with Utilization target N; the object's
 * apiVersion becomes autoscaling/v2. Other kinds pass through unchanged.
 */
export function convertObject(o: Obj, info: KindInfo): Obj {
  if (info.kind !== 'HorizontalPodAutoscaler' || info.apiVersion !== 'autoscaling/v1') return o;
  const spec = isObject(o['spec']) ? o['spec'] : {};
  const { targetCPUUtilizationPercentage: pct, ...rest } = spec;
  const converted: Obj = { ...rest };
  if (typeof pct === 'number') {
    converted['metrics'] = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: pct } } }];
  }
  return { ...o, apiVersion: 'autoscaling/v2', spec: converted };
}

/** `SetDefaults_Probe`: timeoutSeconds 1, periodSeconds 10, successThreshold 1, failureThreshold 3; HTTP path `/`, scheme HTTP. */
export function defaultProbe(p: Obj): Obj {
  setDefault(p, 'timeoutSeconds', 1);
  setDefault(p, 'periodSeconds', 10);
  setDefault(p, 'successThreshold', 1);
  setDefault(p, 'failureThreshold', 3);
  if (isObject(p['httpGet'])) {
    setDefault(p['httpGet'], 'path', '/');
    setDefault(p['httpGet'], 'scheme', 'HTTP');
  }
  if (isObject(p['grpc'])) setDefault(p['grpc'], 'service', '');
  return p;
}

/**
 * `SetDefaults_Container` imagePullPolicy: `Always` when the tag is `:latest` or there is no tag (and no digest),
 * else `IfNotPresent`.
 */
export function defaultImagePullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const tail = image.slice(lastSlash + 1);
  const colon = tail.lastIndexOf(':');
  const tag = colon < 0 ? '' : tail.slice(colon + 1);
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(c: Obj): void {
  if (typeof c['image'] === 'string') setDefault(c, 'imagePullPolicy', defaultImagePullPolicy(c['image']));
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  if (Array.isArray(c['ports'])) for (const port of c['ports']) if (isObject(port)) setDefault(port, 'protocol', 'TCP');
  for (const k of ['readinessProbe', 'livenessProbe', 'startupProbe']) if (isObject(c[k])) defaultProbe(c[k] as Obj);
  if (Array.isArray(c['env'])) {
    for (const e of c['env']) {
      const fieldRef = isObject(e) && isObject(e['valueFrom']) ? (e['valueFrom'] as Obj)['fieldRef'] : undefined;
      if (isObject(fieldRef)) setDefault(fieldRef, 'apiVersion', 'v1');
    }
  }
}

/**
 * `SetDefaults_PodSpec` and the container defaults: restartPolicy Always, terminationGracePeriodSeconds 30,
 * dnsPolicy ClusterFirst, schedulerName default-scheduler, securityContext {}, probes, ports, pull policy.
 */
export function defaultPodSpec(spec: Obj): Obj {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'enableServiceLinks', true);
  for (const k of ['containers', 'initContainers']) {
    if (Array.isArray(spec[k])) for (const c of spec[k]) if (isObject(c)) defaultContainer(c);
  }
  return spec;
}

/**
 * `SetDefaults_Pod`: the PodSpec defaults plus, for each container, requests copied from limits for every
 * resource that has a limit and no request. The API server does this for Pods only, not for pod templates;
 * controllers get it when they create Pods from a template.
 */
export function defaultPod(pod: Obj): Obj {
  const spec = child(pod, 'spec');
  defaultPodSpec(spec);
  for (const k of ['containers', 'initContainers']) {
    if (!Array.isArray(spec[k])) continue;
    for (const c of spec[k]) {
      if (!isObject(c) || !isObject(c['resources'])) continue;
      const res = c['resources'];
      if (!isObject(res['limits'])) continue;
      const requests = child(res, 'requests');
      for (const [name, q] of Object.entries(res['limits'])) setDefault(requests, name, q);
    }
  }
  return pod;
}

/** A LimitRange item of type Container, after `SetDefaults_LimitRangeItem` (defaultRequest ← default ← max). */
function defaultLimitRangeItem(item: Obj): void {
  if (item['type'] !== 'Container') return;
  if (isObject(item['max'])) {
    const def = child(item, 'default');
    for (const [k, v] of Object.entries(item['max'])) setDefault(def, k, v);
  }
  if (isObject(item['default'])) {
    const defReq = child(item, 'defaultRequest');
    for (const [k, v] of Object.entries(item['default'])) setDefault(defReq, k, v);
  }
}

/**
 * The LimitRanger admission plugin's defaulting for a Pod: each container gets the namespace's Container
 * `default` limits and `defaultRequest` requests for resources it does not set. `limitRanges` are the
 * (defaulted) LimitRange objects of the Pod's namespace, applied in the given order.
 */
export function applyLimitRangeDefaults(pod: Obj, limitRanges: readonly Obj[]): Obj {
  const spec = isObject(pod['spec']) ? pod['spec'] : undefined;
  if (!spec) return pod;
  for (const lr of limitRanges) {
    const limits = isObject(lr['spec']) && Array.isArray(lr['spec']['limits']) ? lr['spec']['limits'] : [];
    for (const item of limits) {
      if (!isObject(item) || item['type'] !== 'Container') continue;
      for (const k of ['containers', 'initContainers']) {
        if (!Array.isArray(spec[k])) continue;
        for (const c of spec[k]) {
          if (!isObject(c)) continue;
          const res = child(c, 'resources');
          if (isObject(item['default'])) {
            const l = child(res, 'limits');
            for (const [name, q] of Object.entries(item['default'])) setDefault(l, name, q);
          }
          if (isObject(item['defaultRequest'])) {
            const r = child(res, 'requests');
            for (const [name, q] of Object.entries(item['defaultRequest'])) setDefault(r, name, q);
          }
        }
      }
    }
  }
  return pod;
}

function defaultTemplate(spec: Obj): void {
  const template = isObject(spec['template']) ? spec['template'] : undefined;
  if (template && isObject(template['spec'])) defaultPodSpec(template['spec']);
}

/** `SetDefaults_Deployment`: replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600. */
export function defaultDeployment(o: Obj): Obj {
  const spec = child(o, 'spec');
  setDefault(spec, 'replicas', 1);
  const strategy = child(spec, 'strategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy['type'] === 'RollingUpdate') {
    const ru = child(strategy, 'rollingUpdate');
    setDefault(ru, 'maxUnavailable', '25%');
    setDefault(ru, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  setDefault(spec, 'minReadySeconds', 0);
  defaultTemplate(spec);
  return o;
}

/**
 * HPA defaults (`SetDefaults_HorizontalPodAutoscaler`): minReplicas 1; no metrics → cpu at 80% utilization;
 * behavior rules filled in only when a behavior stanza is given (`SetDefaults_HorizontalPodAutoscalerBehavior`):
 * scaleUp window 0s, policies 4 Pods / 100 Percent per 15 s, select Max; scaleDown window 300 s, 100 Percent per
 * 15 s, select Max.
 */
export function defaultHPA(o: Obj): Obj {
  const spec = child(o, 'spec');
  setDefault(spec, 'minReplicas', 1);
  if (!Array.isArray(spec['metrics']) || spec['metrics'].length === 0) {
    spec['metrics'] = [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION_PERCENT } } },
    ];
  }
  if (isObject(spec['behavior'])) {
    const b = spec['behavior'];
    const up = child(b, 'scaleUp');
    setDefault(up, 'stabilizationWindowSeconds', 0);
    setDefault(up, 'selectPolicy', 'Max');
    setDefault(up, 'policies', [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 },
    ]);
    const down = child(b, 'scaleDown');
    setDefault(down, 'stabilizationWindowSeconds', 300);
    setDefault(down, 'selectPolicy', 'Max');
    setDefault(down, 'policies', [{ type: 'Percent', value: 100, periodSeconds: 15 }]);
  }
  return o;
}

/** `SetDefaults_Service` and `SetDefaults_ServicePort`: type ClusterIP, sessionAffinity None, protocol TCP, targetPort = port. */
export function defaultService(o: Obj): Obj {
  const spec = child(o, 'spec');
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  if (spec['type'] !== 'ExternalName') setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  if (spec['type'] === 'NodePort' || spec['type'] === 'LoadBalancer') setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  if (Array.isArray(spec['ports'])) {
    for (const p of spec['ports']) {
      if (!isObject(p)) continue;
      setDefault(p, 'protocol', 'TCP');
      // targetPort defaults to port ("if TargetPort is zero or empty").
      if (p['targetPort'] === undefined || p['targetPort'] === null || p['targetPort'] === 0 || p['targetPort'] === '') p['targetPort'] = p['port'];
    }
  }
  return o;
}

/**
 * Argo Rollout defaults as the controller reads them (`utils/defaults`): replicas 1, revisionHistoryLimit 10,
 * progressDeadlineSeconds 600; canary maxSurge 25% and maxUnavailable 25%; blueGreen autoPromotionEnabled true
 * and scaleDownDelaySeconds 30; analysis history limits 5 and 5.
 */
export function defaultRollout(o: Obj): Obj {
  const spec = child(o, 'spec');
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  setDefault(spec, 'minReadySeconds', 0);
  const strategy = isObject(spec['strategy']) ? spec['strategy'] : {};
  if (isObject(strategy['canary'])) {
    setDefault(strategy['canary'], 'maxSurge', '25%');
    setDefault(strategy['canary'], 'maxUnavailable', '25%');
  }
  if (isObject(strategy['blueGreen'])) {
    setDefault(strategy['blueGreen'], 'autoPromotionEnabled', true);
    setDefault(strategy['blueGreen'], 'scaleDownDelaySeconds', 30);
  }
  const analysis = child(spec, 'analysis');
  setDefault(analysis, 'successfulRunHistoryLimit', 5);
  setDefault(analysis, 'unsuccessfulRunHistoryLimit', 5);
  defaultTemplate(spec);
  return o;
}

/**
 * `SetDefaults_Job` (pkg/apis/batch/v1/defaults.go): completions and parallelism 1 when both are unset, else
 * parallelism 1; backoffLimit 6 (2147483647 with backoffLimitPerIndex); completionMode NonIndexed; suspend false;
 * podReplacementPolicy Failed with a podFailurePolicy, else TerminatingOrFailed; a pod-condition rule's status True;
 * the Job's labels from the template when it has none.
 */
export function defaultJob(o: Obj): Obj {
  const spec = child(o, 'spec');
  if (spec['completions'] === undefined && spec['parallelism'] === undefined) spec['completions'] = 1;
  setDefault(spec, 'parallelism', 1);
  setDefault(spec, 'backoffLimit', spec['backoffLimitPerIndex'] !== undefined ? 2_147_483_647 : 6);
  setDefault(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'manualSelector', false);
  const pfp = isObject(spec['podFailurePolicy']) ? spec['podFailurePolicy'] : undefined;
  setDefault(spec, 'podReplacementPolicy', pfp ? 'Failed' : 'TerminatingOrFailed');
  for (const rule of pfp && Array.isArray(pfp['rules']) ? pfp['rules'] : []) {
    for (const pattern of isObject(rule) && Array.isArray(rule['onPodConditions']) ? rule['onPodConditions'] : []) if (isObject(pattern)) setDefault(pattern, 'status', 'True');
  }
  const template = isObject(spec['template']) ? spec['template'] : undefined;
  const templateLabels = template && isObject(template['metadata']) ? template['metadata']['labels'] : undefined;
  const meta = child(o, 'metadata');
  if (isObject(templateLabels) && !(isObject(meta['labels']) && Object.keys(meta['labels']).length > 0)) meta['labels'] = { ...templateLabels };
  defaultTemplate(spec);
  return o;
}

/** `SetDefaults_CronJob`: concurrencyPolicy Allow, suspend false, history limits 3 successful and 1 failed. */
function defaultCronJob(o: Obj): Obj {
  const spec = child(o, 'spec');
  setDefault(spec, 'concurrencyPolicy', 'Allow');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'successfulJobsHistoryLimit', 3);
  setDefault(spec, 'failedJobsHistoryLimit', 1);
  const jt = isObject(spec['jobTemplate']) ? spec['jobTemplate'] : undefined;
  if (jt) defaultTemplate(child(jt, 'spec'));
  return o;
}

/** AnalysisTemplate metric defaults: consecutiveErrorLimit 4 (`DefaultConsecutiveErrorLimit`). */
function defaultAnalysisTemplate(o: Obj): Obj {
  const spec = child(o, 'spec');
  if (Array.isArray(spec['metrics'])) for (const m of spec['metrics']) if (isObject(m)) setDefault(m, 'consecutiveErrorLimit', 4);
  return o;
}

/** Applies the API-server defaults of `info`'s kind to `o` (mutating it) and returns it. */
export function defaultObject(o: Obj, info: KindInfo): Obj {
  child(o, 'metadata');
  switch (info.kind) {
    case 'Deployment':
      return defaultDeployment(o);
    case 'ReplicaSet': {
      const spec = child(o, 'spec');
      setDefault(spec, 'replicas', 1);
      defaultTemplate(spec);
      return o;
    }
    case 'StatefulSet': {
      const spec = child(o, 'spec');
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'podManagementPolicy', 'OrderedReady');
      const us = child(spec, 'updateStrategy');
      setDefault(us, 'type', 'RollingUpdate');
      if (us['type'] === 'RollingUpdate') setDefault(child(us, 'rollingUpdate'), 'partition', 0);
      setDefault(spec, 'revisionHistoryLimit', 10);
      defaultTemplate(spec);
      return o;
    }
    case 'DaemonSet': {
      const spec = child(o, 'spec');
      const us = child(spec, 'updateStrategy');
      setDefault(us, 'type', 'RollingUpdate');
      if (us['type'] === 'RollingUpdate') {
        const ru = child(us, 'rollingUpdate');
        setDefault(ru, 'maxUnavailable', 1);
        setDefault(ru, 'maxSurge', 0);
      }
      setDefault(spec, 'revisionHistoryLimit', 10);
      defaultTemplate(spec);
      return o;
    }
    case 'Pod':
      return defaultPod(o);
    case 'Service':
      return defaultService(o);
    case 'HorizontalPodAutoscaler':
      return defaultHPA(o);
    case 'LimitRange': {
      const spec = child(o, 'spec');
      if (Array.isArray(spec['limits'])) for (const item of spec['limits']) if (isObject(item)) defaultLimitRangeItem(item);
      return o;
    }
    case 'PriorityClass':
      setDefault(o, 'preemptionPolicy', 'PreemptLowerPriority');
      return o;
    case 'NetworkPolicy': {
      const spec = child(o, 'spec');
      // SetDefaults_NetworkPolicy: an absent or empty list means Ingress, plus Egress when there are egress rules
      // (`egress: []` adds nothing).
      const types = spec['policyTypes'];
      if (!Array.isArray(types) || types.length === 0) {
        const egress = spec['egress'];
        spec['policyTypes'] = Array.isArray(egress) && egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
      }
      for (const dir of ['ingress', 'egress']) {
        if (!Array.isArray(spec[dir])) continue;
        for (const rule of spec[dir]) {
          if (isObject(rule) && Array.isArray(rule['ports'])) for (const p of rule['ports']) if (isObject(p)) setDefault(p, 'protocol', 'TCP');
        }
      }
      return o;
    }
    case 'Job':
      return defaultJob(o);
    case 'CronJob':
      return defaultCronJob(o);
    case 'Rollout':
      return defaultRollout(o);
    case 'AnalysisTemplate':
      return defaultAnalysisTemplate(o);
    case 'StorageClass':
      // storage/v1 SetDefaults_StorageClass.
      setDefault(o, 'reclaimPolicy', 'Delete');
      setDefault(o, 'volumeBindingMode', 'Immediate');
      return o;
    case 'PersistentVolume': {
      // core/v1 SetDefaults_PersistentVolume: phase Pending until the controller looks at it.
      const spec = child(o, 'spec');
      setDefault(spec, 'persistentVolumeReclaimPolicy', 'Retain');
      setDefault(spec, 'volumeMode', 'Filesystem');
      setDefault(child(o, 'status'), 'phase', 'Pending');
      return o;
    }
    case 'PersistentVolumeClaim':
      // core/v1 SetDefaults_PersistentVolumeClaim(Spec).
      setDefault(child(o, 'spec'), 'volumeMode', 'Filesystem');
      setDefault(child(o, 'status'), 'phase', 'Pending');
      return o;
    default:
      return o;
  }
}
