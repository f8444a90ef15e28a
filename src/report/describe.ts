/**
 * `kubectl describe` for pods, deployments, replica sets, services, nodes and HPAs (and kubesim's node groups), in the layout of kubectl's `pkg/describe/describe.go`:
 * `kubectl describe` for pods, deployments, replica sets, services, nodes, HPAs, Jobs and CronJobs, in the layout of kubectl's `pkg/describe/describe.go`:
 * `Key:\tvalue` lines through a tabwriter (minwidth 0, padding 2), nested levels indented by two spaces, and a
 * trailing `Events:` table (`DescribeEvents`). Times print as RFC 1123Z on the simulated wall clock.
 *
 * `describeRollout` is the view of `kubectl argo rollouts get rollout` instead (argo-rollouts
 * `pkg/kubectl-argo-rollouts/cmd/get/get_rollout.go`), without colours.
 *
 * Deviations: sections a simulation has no data for are left out (volumes' details, environment, mounts,
 * tolerations' effects beyond key/operator, node `Allocated resources` totals, HPA `Behavior`).
 */
import { eventNamespace } from './events.ts';
import type { Container, ContainerStatus, Node, PersistentVolume, PersistentVolumeClaim, Pod, PodTemplateSpec, Service } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import { getPersistentVolumeClaimClass, getPersistentVolumeClass, isDefaultAnnotation } from '../api/storage.ts';
import { getAccessModesAsString } from './kubectl-storage.ts';
import type { CronJob, Job, JobSpec } from 'kubernetes-types/batch/v1';
import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2';
import type { LabelSelector, ObjectMeta, OwnerReference } from 'kubernetes-types/meta/v1';
import type { Rollout } from '../api/argo.ts';
import { GetCurrentCanaryStep, GetCurrentSetWeight, GetReplicasOrDefault } from '../controllers/rollouts/canary-math.ts';
import { viewOf } from '../controllers/rollouts/types.ts';
import { humanDuration, translateTimestampSince, type SimClock } from './duration.ts';
import { KUBECTL_DESCRIBE_TABWRITER, tabwriterFormat } from './tabwriter.ts';
import { findNodeRoles, nodeStatus } from './kubectl.ts';
import { formatPrice, healthLine, type NodeGroupView } from './nodegroups.ts';
import { formatDurationShort } from '../engine/duration.ts';
import type { ReportEvent } from './types.ts';

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Go's `time.RFC1123Z` in UTC (`Mon, 02 Jan 2006 15:04:05 +0000`) of Unix milliseconds, computed arithmetically
 * (civil-from-days) so no Date object is needed.
 */
export function formatRFC1123Z(unixMs: number): string {
  const days = Math.floor(unixMs / 86_400_000);
  const msOfDay = unixMs - days * 86_400_000;
  // Howard Hinnant's civil_from_days: era of 400 years = 146097 days; 1970-01-01 is day 719468 after 0000-03-01.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const weekday = (((days + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday.
  const two = (n: number): string => String(n).padStart(2, '0');
  const h = Math.floor(msOfDay / 3_600_000);
  const m = Math.floor((msOfDay % 3_600_000) / 60_000);
  const s = Math.floor((msOfDay % 60_000) / 1000);
  return `${DAY_NAMES[weekday]}, ${two(day)} ${MONTH_NAMES[month - 1]} ${year} ${two(h)}:${two(m)}:${two(s)} +0000`;
}

/** Go's zero `time.Time` in RFC1123Z, what kubectl prints for an unset timestamp. */
const GO_ZERO_TIME_RFC1123Z = 'Mon, 01 Jan 0001 00:00:00 +0000';

export function rfc1123z(timestamp: string | undefined): string {
  const ms = timestamp === undefined ? Number.NaN : Date.parse(timestamp);
  return Number.isNaN(ms) ? '<unknown>' : formatRFC1123Z(ms);
}

/** kubectl's PrefixWriter + tabbedString: collects `Writef(level, …)` output, aligned on flush. */
export class PrefixWriter {
  private readonly blocks: string[] = [];
  private current = '';

  write(level: number, text: string): void {
    this.current += '  '.repeat(level) + text;
  }

  /** Aligns what was written so far on its own, as `w.Flush()` before the events table does. */
  flush(): void {
    this.blocks.push(tabwriterFormat(this.current, KUBECTL_DESCRIBE_TABWRITER));
    this.current = '';
  }

  toString(): string {
    this.flush();
    return this.blocks.join('');
  }
}

/** `printLabelsMultiline`: sorted `k=v`, one per line after the first, `<none>` when empty. */
export function printLabelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | undefined, sep = '='): void {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) {
    w.write(0, `${title}:\t<none>\n`);
    return;
  }
  keys.forEach((k, i) => {
    const line = `${k}${sep}${(labels as Record<string, string>)[k]}`;
    w.write(0, i === 0 ? `${title}:\t${line}\n` : `\t${line}\n`);
  });
}

export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined): void {
  printLabelsMultiline(w, title, annotations, ': ');
}

/**
 * `DescribeEvents` for the events whose involvedObject is the described object, oldest first. `withObject` adds an
 * Object column (kubesim's node-group view, whose events concern several objects).
 */
export function describeEvents(w: PrefixWriter, events: readonly ReportEvent[], clock: SimClock, withObject = false): void {
  if (events.length === 0) {
    w.write(0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  // SortableEvents orders by lastTimestamp; ties keep their recorded order (stable sort).
  const sorted = [...events].sort((a, b) => a.lastTimestampMs - b.lastTimestampMs);
  w.write(0, withObject ? 'Events:\n  Type\tReason\tAge\tObject\tMessage\n' : 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, withObject ? '----\t------\t----\t------\t-------\n' : '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const first = humanDuration(clock.nowMs - e.firstTimestampMs);
    const interval = e.count > 1 ? `${humanDuration(clock.nowMs - e.lastTimestampMs)} (x${e.count} over ${first})` : first;
    const from = withObject ? `${e.involvedObject.kind}/${e.involvedObject.name}` : e.source.component;
    w.write(1, `${e.type}\t${e.reason}\t${interval}\t${from}\t${e.message.trim()}\n`);
  }
}

export function eventsFor(events: readonly ReportEvent[], kind: string, meta: ObjectMeta | undefined): ReportEvent[] {
  return events.filter(
    (e) =>
      e.involvedObject.kind === kind &&
      e.involvedObject.name === meta?.name &&
      // As `eventNamespace`: an empty namespace is `default`, where kubectl finds a cluster-scoped object's events
      // (the kubelet's node events are recorded with none).
      eventNamespace(e) === (meta?.namespace || 'default'),
  );
}

function describeResources(w: PrefixWriter, level: number, container: Container): void {
  for (const [title, list] of [
    ['Limits', container.resources?.limits],
    ['Requests', container.resources?.requests],
  ] as const) {
    const keys = Object.keys(list ?? {}).sort();
    if (keys.length === 0) continue;
    w.write(level, `${title}:\n`);
    for (const k of keys) w.write(level + 1, `${k}:\t${(list as Record<string, string>)[k]}\n`);
  }
}

/** `describeContainerState` for one of state / lastState. */
function describeContainerState(w: PrefixWriter, title: string, state: ContainerStatus['state']): void {
  if (state?.running) {
    w.write(2, `${title}:\tRunning\n`);
    w.write(3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(2, `${title}:\tWaiting\n`);
    if (state.waiting.reason) w.write(3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(2, `${title}:\tTerminated\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${t.exitCode}\n`);
    if (t.signal) w.write(3, `Signal:\t${t.signal}\n`);
    w.write(3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else if (title === 'State') {
    w.write(2, `${title}:\tWaiting\n`);
  }
}

/** The probe line: `http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3`. */
function describeProbe(probe: NonNullable<Container['livenessProbe']>): string {
  const attrs = `delay=${probe.initialDelaySeconds ?? 0}s timeout=${probe.timeoutSeconds ?? 1}s period=${probe.periodSeconds ?? 10}s #success=${probe.successThreshold ?? 1} #failure=${probe.failureThreshold ?? 3}`;
  if (probe.httpGet) {
    const scheme = (probe.httpGet.scheme ?? 'HTTP').toLowerCase();
    return `http-get ${scheme}://${probe.httpGet.host ?? ''}:${probe.httpGet.port}${probe.httpGet.path ?? ''} ${attrs}`;
  }
  if (probe.tcpSocket) return `tcp-socket ${probe.tcpSocket.host ?? ''}:${probe.tcpSocket.port} ${attrs}`;
  if (probe.exec) return `exec [${(probe.exec.command ?? []).join(' ')}] ${attrs}`;
  if (probe.grpc) return `grpc <pod>:${probe.grpc.port} ${probe.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeContainers(w: PrefixWriter, title: string, containers: readonly Container[], statuses: readonly ContainerStatus[]): void {
  w.write(0, `${title}:\n`);
  for (const c of containers) {
    const st = statuses.find((s) => s.name === c.name);
    w.write(1, `${c.name}:\n`);
    if (st?.containerID) w.write(2, `Container ID:\t${st.containerID}\n`);
    w.write(2, `Image:\t${c.image ?? ''}\n`);
    w.write(2, `Image ID:\t${st?.imageID ?? ''}\n`);
    const ports = c.ports ?? [];
    if (ports.length === 0) {
      w.write(2, 'Port:\t<none>\n');
      w.write(2, 'Host Port:\t<none>\n');
    } else {
      w.write(2, `Port:\t${ports.map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ')}\n`);
      w.write(2, `Host Port:\t${ports.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ')}\n`);
    }
    if (st) {
      describeContainerState(w, 'State', st.state);
      if (st.lastState?.terminated) describeContainerState(w, 'Last State', st.lastState);
      w.write(2, `Ready:\t${st.ready ? 'True' : 'False'}\n`);
      w.write(2, `Restart Count:\t${st.restartCount}\n`);
    }
    describeResources(w, 2, c);
    if (c.livenessProbe) w.write(2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
    if (c.readinessProbe) w.write(2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
    if (c.startupProbe) w.write(2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
    w.write(2, (c.env ?? []).length === 0 ? 'Environment:\t<none>\n' : `Environment:\n${(c.env ?? []).map((e) => `      ${e.name}:\t${e.value ?? ''}\n`).join('')}`);
    w.write(2, 'Mounts:\t<none>\n');
  }
}

/** `qos.GetPodQOS`, simplified to requests/limits presence: Guaranteed, Burstable or BestEffort. */
function podQOS(pod: Pod): string {
  const containers = pod.spec?.containers ?? [];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length > 0 || Object.keys(lim).length > 0) any = true;
    for (const r of ['cpu', 'memory']) {
      const l = lim[r];
      if (l === undefined || (req[r] !== undefined && req[r] !== l)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** `kubectl describe pod`. `events` may hold events of any object; those of this pod are shown. */
export function describePod(pod: Pod, events: readonly ReportEvent[], clock: SimClock): string {
  const w = new PrefixWriter();
  const meta = pod.metadata;
  const spec = pod.spec;
  const status = pod.status ?? {};
  w.write(0, `Name:\t${meta?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${meta?.namespace ?? 'default'}\n`);
  if (spec?.priority !== undefined) w.write(0, `Priority:\t${spec.priority}\n`);
  if (spec?.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  if (spec?.serviceAccountName) w.write(0, `Service Account:\t${spec.serviceAccountName}\n`);
  w.write(0, spec?.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n');
  if (status.startTime) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
  printLabelsMultiline(w, 'Labels', meta?.labels);
  printAnnotationsMultiline(w, 'Annotations', meta?.annotations);
  if (meta?.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
    w.write(0, `Status:\tTerminating (lasts ${translateTimestampSince(meta.deletionTimestamp, clock)})\n`);
    w.write(0, `Termination Grace Period:\t${meta.deletionGracePeriodSeconds ?? 30}s\n`);
  } else {
    w.write(0, `Status:\t${status.phase ?? ''}\n`);
  }
  if (status.reason) w.write(0, `Reason:\t${status.reason}\n`);
  if (status.message) w.write(0, `Message:\t${status.message}\n`);
  w.write(0, `IP:\t${status.podIP ?? ''}\n`);
  const ips = status.podIPs ?? [];
  if (ips.length === 0) w.write(0, 'IPs:\t<none>\n');
  else {
    w.write(0, 'IPs:\n');
    for (const ip of ips) w.write(1, `IP:\t${ip.ip}\n`);
  }
  const owner = (meta?.ownerReferences ?? []).find((o) => o.controller);
  if (owner) w.write(0, `Controlled By:\t${owner.kind}/${owner.name}\n`);
  if (status.nominatedNodeName) w.write(0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
  if ((spec?.initContainers ?? []).length > 0) {
    describeContainers(w, 'Init Containers', spec?.initContainers ?? [], status.initContainerStatuses ?? []);
  }
  describeContainers(w, 'Containers', spec?.containers ?? [], status.containerStatuses ?? []);
  if ((status.conditions ?? []).length > 0) {
    w.write(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of status.conditions ?? []) w.write(1, `${c.type} \t${c.status} \n`);
  }
  w.write(0, (spec?.volumes ?? []).length === 0 ? 'Volumes:\t<none>\n' : `Volumes:\n${(spec?.volumes ?? []).map((v) => `  ${v.name}:\n`).join('')}`);
  w.write(0, `QoS Class:\t${podQOS(pod)}\n`);
  printLabelsMultiline(w, 'Node-Selectors', spec?.nodeSelector);
  const tolerations = spec?.tolerations ?? [];
  if (tolerations.length === 0) w.write(0, 'Tolerations:\t<none>\n');
  tolerations.forEach((t, i) => {
    let line = t.key ?? '';
    if (t.value) line += `=${t.value}`;
    if (t.effect) line += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) line += ' op=Exists';
    if (t.tolerationSeconds !== undefined) line += ` for ${t.tolerationSeconds}s`;
    w.write(0, i === 0 ? `Tolerations:\t${line}\n` : `\t${line}\n`);
  });
  describeEvents(w, eventsFor(events, 'Pod', meta), clock);
  return w.toString();
}

/** `kubectl describe deployment`; `replicaSets` (all in the namespace) give the OldReplicaSets / NewReplicaSet lines. */
export function describeDeployment(
  d: Deployment,
  replicaSets: readonly ReplicaSet[],
  events: readonly ReportEvent[],
  clock: SimClock,
): string {
  const w = new PrefixWriter();
  const meta = d.metadata;
  const spec = d.spec;
  const st = d.status ?? {};
  w.write(0, `Name:\t${meta?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${meta?.namespace ?? 'default'}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(meta?.creationTimestamp)}\n`);
  printLabelsMultiline(w, 'Labels', meta?.labels);
  printAnnotationsMultiline(w, 'Annotations', meta?.annotations);
  const selector = Object.entries(spec?.selector.matchLabels ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  w.write(0, `Selector:\t${selector}\n`);
  w.write(
    0,
    `Replicas:\t${spec?.replicas ?? 1} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`,
  );
  const strategy = spec?.strategy?.type ?? 'RollingUpdate';
  w.write(0, `StrategyType:\t${strategy}\n`);
  w.write(0, `MinReadySeconds:\t${spec?.minReadySeconds ?? 0}\n`);
  if (strategy === 'RollingUpdate') {
    const ru = spec?.strategy?.rollingUpdate;
    w.write(0, `RollingUpdateStrategy:\t${ru?.maxUnavailable ?? '25%'} max unavailable, ${ru?.maxSurge ?? '25%'} max surge\n`);
  }
  w.write(0, 'Pod Template:\n');
  const template = spec?.template;
  const labels = Object.keys(template?.metadata?.labels ?? {}).sort();
  w.write(1, labels.length === 0 ? 'Labels:\t<none>\n' : '');
  labels.forEach((k, i) => w.write(i === 0 ? 1 : 0, `${i === 0 ? 'Labels:' : ''}\t${k}=${template?.metadata?.labels?.[k]}\n`));
  w.write(1, 'Containers:\n');
  for (const c of template?.spec?.containers ?? []) {
    w.write(1, ` ${c.name}:\n`);
    w.write(2, `Image:\t${c.image ?? ''}\n`);
    const ports = c.ports ?? [];
    w.write(2, ports.length === 0 ? 'Port:\t<none>\n' : `Port:\t${ports.map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ')}\n`);
    describeResources(w, 2, c);
  }
  const conditions = st.conditions ?? [];
  if (conditions.length > 0) {
    w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(1, '----\t------\t------\n');
    for (const c of conditions) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  const owned = replicaSets.filter((rs) => (rs.metadata?.ownerReferences ?? []).some((o) => o.controller && o.kind === 'Deployment' && o.name === meta?.name));
  const revision = (rs: ReplicaSet): number => Number(rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
  const newest = owned.reduce<ReplicaSet | undefined>((best, rs) => (best === undefined || revision(rs) > revision(best) ? rs : best), undefined);
  const describeRS = (rs: ReplicaSet): string => `${rs.metadata?.name ?? ''} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`;
  const old = owned.filter((rs) => rs !== newest && (rs.spec?.replicas ?? 0) > 0);
  w.write(0, `OldReplicaSets:\t${old.length === 0 ? '<none>' : old.map(describeRS).join(', ')}\n`);
  w.write(0, `NewReplicaSet:\t${newest ? describeRS(newest) : '<none>'}\n`);
  describeEvents(w, eventsFor(events, 'Deployment', meta), clock);
  return w.toString();
}

/** `kubectl describe node`; `pods` are the pods bound to it (the `Non-terminated Pods` section). */
export function describeNode(node: Node, pods: readonly Pod[], events: readonly ReportEvent[], clock: SimClock): string {
  const w = new PrefixWriter();
  const meta = node.metadata;
  w.write(0, `Name:\t${meta?.name ?? ''}\n`);
  w.write(0, `Roles:\t${findNodeRoles(node).join(',') || '<none>'}\n`);
  printLabelsMultiline(w, 'Labels', meta?.labels);
  printAnnotationsMultiline(w, 'Annotations', meta?.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(meta?.creationTimestamp)}\n`);
  const taints = node.spec?.taints ?? [];
  if (taints.length === 0) w.write(0, 'Taints:\t<none>\n');
  taints.forEach((t, i) => {
    const line = `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
    w.write(0, i === 0 ? `Taints:\t${line}\n` : `\t${line}\n`);
  });
  w.write(0, `Unschedulable:\t${node.spec?.unschedulable ? 'true' : 'false'}\n`);
  const conditions = node.status?.conditions ?? [];
  if (conditions.length > 0) {
    w.write(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of conditions) {
      w.write(1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
    }
  }
  for (const [title, list] of [
    ['Capacity', node.status?.capacity],
    ['Allocatable', node.status?.allocatable],
  ] as const) {
    const keys = Object.keys(list ?? {}).sort();
    if (keys.length === 0) continue;
    w.write(0, `${title}:\n`);
    for (const k of keys) w.write(1, `${k}:\t${(list as Record<string, string>)[k]}\n`);
  }
  const info = node.status?.nodeInfo;
  if (info) {
    w.write(0, 'System Info:\n');
    w.write(1, `Kubelet Version:\t${info.kubeletVersion}\n`);
    w.write(1, `Container Runtime Version:\t${info.containerRuntimeVersion}\n`);
    w.write(1, `Operating System:\t${info.operatingSystem}\n`);
    w.write(1, `Architecture:\t${info.architecture}\n`);
  }
  if (node.spec?.providerID) w.write(0, `ProviderID:\t${node.spec.providerID}\n`);
  const running = pods.filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  w.write(0, `Non-terminated Pods:\t(${running.length} in total)\n`);
  w.write(1, 'Namespace\tName\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(1, '---------\t----\t------------\t----------\t---------------\t-------------\t---\n');
  for (const p of running) {
    const sum = (kind: 'requests' | 'limits', r: string): string =>
      (p.spec?.containers ?? []).map((c) => c.resources?.[kind]?.[r]).filter((v): v is string => v !== undefined).join('+') || '0';
    w.write(
      1,
      `${p.metadata?.namespace ?? 'default'}\t${p.metadata?.name ?? ''}\t${sum('requests', 'cpu')}\t${sum('limits', 'cpu')}\t${sum('requests', 'memory')}\t${sum('limits', 'memory')}\t${translateTimestampSince(p.metadata?.creationTimestamp, clock)}\n`,
    );
  }
  describeEvents(w, eventsFor(events, 'Node', { name: meta?.name, namespace: 'default' }), clock);
  return w.toString();
}

/** One `Metrics:` line of `describeHorizontalPodAutoscalerV2`. */
function describeHPAMetric(spec: MetricSpec, status: MetricStatus | undefined): string {
  switch (spec.type) {
    case 'Resource':
    case 'ContainerResource': {
      const source = spec.type === 'Resource' ? spec.resource : spec.containerResource;
      const current = spec.type === 'Resource' ? status?.resource?.current : status?.containerResource?.current;
      const name = source?.name ?? '';
      const on = spec.type === 'ContainerResource' ? ` of container "${spec.containerResource?.container ?? ''}"` : '';
      if (source?.target.averageValue !== undefined) {
        return `  resource ${name}${on} on pods:\t${current?.averageValue ?? '<unknown>'} / ${source.target.averageValue}\n`;
      }
      const cur = current?.averageUtilization !== undefined ? `${current.averageUtilization}% (${current.averageValue ?? '0'})` : '<unknown>';
      const target = source?.target.averageUtilization !== undefined ? `${source.target.averageUtilization}%` : '<auto>';
      return `  resource ${name}${on} on pods  (as a percentage of request):\t${cur} / ${target}\n`;
    }
    case 'Pods':
      return `  "${spec.pods?.metric.name ?? ''}" on pods:\t${status?.pods?.current.averageValue ?? '<unknown>'} / ${spec.pods?.target.averageValue ?? ''}\n`;
    case 'Object': {
      const o = spec.object;
      const ref = `${o?.describedObject.kind ?? ''}/${o?.describedObject.name ?? ''}`;
      if (o?.target.averageValue !== undefined) {
        return `  "${o.metric.name}" on ${ref} (target average value):\t${status?.object?.current.averageValue ?? '<unknown>'} / ${o.target.averageValue}\n`;
      }
      return `  "${o?.metric.name ?? ''}" on ${ref} (target value):\t${status?.object?.current.value ?? '<unknown>'} / ${o?.target.value ?? ''}\n`;
    }
    case 'External': {
      const e = spec.external;
      if (e?.target.averageValue !== undefined) {
        return `  "${e.metric.name}" (target average value):\t${status?.external?.current.averageValue ?? '<unknown>'} / ${e.target.averageValue}\n`;
      }
      return `  "${e?.metric.name ?? ''}" (target value):\t${status?.external?.current.value ?? '<unknown>'} / ${e?.target.value ?? ''}\n`;
    }
    default:
      return `  <unknown metric type ${spec.type}>\n`;
  }
}

/** `kubectl describe hpa` (autoscaling/v2 layout) with its conditions and events. */
export function describeHorizontalPodAutoscaler(hpa: HorizontalPodAutoscaler, events: readonly ReportEvent[], clock: SimClock): string {
  const w = new PrefixWriter();
  const meta = hpa.metadata;
  const spec = hpa.spec;
  const st = hpa.status;
  w.write(0, `Name:\t${meta?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${meta?.namespace ?? 'default'}\n`);
  printLabelsMultiline(w, 'Labels', meta?.labels);
  printAnnotationsMultiline(w, 'Annotations', meta?.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(meta?.creationTimestamp)}\n`);
  w.write(0, `Reference:\t${spec?.scaleTargetRef.kind ?? ''}/${spec?.scaleTargetRef.name ?? ''}\n`);
  w.write(0, 'Metrics:\t( current / target )\n');
  (spec?.metrics ?? []).forEach((m, i) => w.write(0, describeHPAMetric(m, st?.currentMetrics?.[i])));
  w.write(0, `Min replicas:\t${spec?.minReplicas ?? 1}\n`);
  w.write(0, `Max replicas:\t${spec?.maxReplicas ?? 0}\n`);
  w.write(0, `${spec?.scaleTargetRef.kind ?? ''} pods:\t${st?.currentReplicas ?? 0} current / ${st?.desiredReplicas ?? 0} desired\n`);
  const conditions = st?.conditions ?? [];
  if (conditions.length > 0) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tReason\tMessage\n');
    w.write(1, '----\t------\t------\t-------\n');
    for (const c of conditions) w.write(1, `${c.type}\t${c.status}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
  }
  describeEvents(w, eventsFor(events, 'HorizontalPodAutoscaler', meta), clock);
  return w.toString();
}

/** Whether `ref` points at `owner`: by uid when both have one, else by kind and name. */
function refersTo(ref: OwnerReference, kind: string, owner: ObjectMeta | undefined): boolean {
  if (ref.uid && owner?.uid) return ref.uid === owner.uid;
  return ref.kind === kind && ref.name === owner?.name;
}

/** The objects whose controller reference is `owner` (`metav1.GetControllerOf` equal to the owner). */
function controlledBy<T extends { metadata?: ObjectMeta }>(objects: readonly T[], kind: string, owner: ObjectMeta | undefined): T[] {
  return objects.filter((o) => (o.metadata?.ownerReferences ?? []).some((r) => r.controller === true && refersTo(r, kind, owner)));
}

/** `DescribePodTemplate` (kubectl): labels, annotations, containers, volumes, node selectors and tolerations. */
function describePodTemplate(w: PrefixWriter, template: PodTemplateSpec | undefined): void {
  w.write(0, 'Pod Template:\n');
  const labels = template?.metadata?.labels ?? {};
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) w.write(1, 'Labels:\t<none>\n');
  keys.forEach((k, i) => w.write(i === 0 ? 1 : 0, `${i === 0 ? 'Labels:' : ''}\t${k}=${labels[k]}\n`));
  const annotations = template?.metadata?.annotations ?? {};
  const annotationKeys = Object.keys(annotations).sort();
  annotationKeys.forEach((k, i) => w.write(i === 0 ? 1 : 0, `${i === 0 ? 'Annotations:' : ''}\t${k}: ${annotations[k]}\n`));
  if (template?.spec?.serviceAccountName) w.write(1, `Service Account:\t${template.spec.serviceAccountName}\n`);
  w.write(1, 'Containers:\n');
  for (const c of template?.spec?.containers ?? []) {
    w.write(1, ` ${c.name}:\n`);
    w.write(2, `Image:\t${c.image ?? ''}\n`);
    const ports = c.ports ?? [];
    if (ports.length === 0) {
      w.write(2, 'Port:\t<none>\n');
      w.write(2, 'Host Port:\t<none>\n');
    } else {
      w.write(2, `Port:\t${ports.map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ')}\n`);
      w.write(2, `Host Port:\t${ports.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ')}\n`);
    }
    describeResources(w, 2, c);
    if (c.livenessProbe) w.write(2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
    if (c.readinessProbe) w.write(2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
    if (c.startupProbe) w.write(2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
    w.write(2, (c.env ?? []).length === 0 ? 'Environment:\t<none>\n' : `Environment:\n${(c.env ?? []).map((e) => `      ${e.name}:\t${e.value ?? ''}\n`).join('')}`);
    w.write(2, 'Mounts:\t<none>\n');
  }
  const volumes = template?.spec?.volumes ?? [];
  w.write(1, volumes.length === 0 ? 'Volumes:\t<none>\n' : `Volumes:\n${volumes.map((v) => `   ${v.name}:\n`).join('')}`);
  const selectors = template?.spec?.nodeSelector ?? {};
  const selectorKeys = Object.keys(selectors).sort();
  if (selectorKeys.length === 0) w.write(1, 'Node-Selectors:\t<none>\n');
  selectorKeys.forEach((k, i) => w.write(i === 0 ? 1 : 0, `${i === 0 ? 'Node-Selectors:' : ''}\t${k}=${selectors[k]}\n`));
  const tolerations = template?.spec?.tolerations ?? [];
  if (tolerations.length === 0) w.write(1, 'Tolerations:\t<none>\n');
  tolerations.forEach((t, i) => {
    let line = t.key ?? '';
    if (t.value) line += `=${t.value}`;
    if (t.effect) line += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) line += ' op=Exists';
    if (t.tolerationSeconds !== undefined) line += ` for ${t.tolerationSeconds}s`;
    w.write(i === 0 ? 1 : 0, `${i === 0 ? 'Tolerations:' : ''}\t${line}\n`);
  });
}

/** `metav1.FormatLabelSelector` for matchLabels and matchExpressions; `<none>` when empty. */
export function formatLabelSelector(selector: LabelSelector): string {
  const parts = Object.keys(selector.matchLabels ?? {})
    .sort()
    .map((k) => `${k}=${selector.matchLabels?.[k]}`);
  for (const e of selector.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    switch (e.operator) {
      case 'In':
        parts.push(`${e.key} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${e.key} notin (${values})`);
        break;
      case 'Exists':
        parts.push(e.key);
        break;
      case 'DoesNotExist':
        parts.push(`!${e.key}`);
        break;
      default:
        parts.push(`${e.key} ${e.operator} (${values})`);
    }
  }
  return parts.length === 0 ? '<none>' : parts.join(',');
}

/** `getPodStatusForController`: the controller's pods counted by phase (Pending counts as Waiting). */
function podStatusCounts(pods: readonly Pod[]): { running: number; waiting: number; succeeded: number; failed: number } {
  const counts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  for (const p of pods) {
    switch (p.status?.phase) {
      case 'Running':
        counts.running++;
        break;
      case 'Pending':
        counts.waiting++;
        break;
      case 'Succeeded':
        counts.succeeded++;
        break;
      case 'Failed':
        counts.failed++;
        break;
    }
  }
  return counts;
}

/**
 * `kubectl describe replicaset` (ReplicaSetDescriber). `pods` may hold any pods; those the replica set controls
 * give the `Pods Status` line.
 */
export function describeReplicaSet(rs: ReplicaSet, pods: readonly Pod[], events: readonly ReportEvent[], clock: SimClock): string {
  const w = new PrefixWriter();
  const meta = rs.metadata;
  w.write(0, `Name:\t${meta?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${meta?.namespace ?? 'default'}\n`);
  w.write(0, `Selector:\t${rs.spec ? formatLabelSelector(rs.spec.selector) : '<none>'}\n`);
  printLabelsMultiline(w, 'Labels', meta?.labels);
  printAnnotationsMultiline(w, 'Annotations', meta?.annotations);
  const owner = (meta?.ownerReferences ?? []).find((o) => o.controller);
  if (owner) w.write(0, `Controlled By:\t${owner.kind}/${owner.name}\n`);
  w.write(0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 1} desired\n`);
  const c = podStatusCounts(controlledBy(pods, 'ReplicaSet', meta));
  w.write(0, `Pods Status:\t${c.running} Running / ${c.waiting} Waiting / ${c.succeeded} Succeeded / ${c.failed} Failed\n`);
  describePodTemplate(w, rs.spec?.template);
  const conditions = rs.status?.conditions ?? [];
  if (conditions.length > 0) {
    w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(1, '----\t------\t------\n');
    for (const cond of conditions) w.write(1, `${cond.type} \t${cond.status}\t${cond.reason ?? ''}\n`);
  }
  describeEvents(w, eventsFor(events, 'ReplicaSet', meta), clock);
  return w.toString();
}

/**
 * `kubectl describe daemonset` (DaemonSetDescriber): selector, node selector, the status counts as upstream words
 * them, the controlled pods by phase, the pod template and the events. `pods` may hold any pods.
 */
export function describeDaemonSet(ds: DaemonSet, pods: readonly Pod[], events: readonly ReportEvent[], clock: SimClock): string {
  const w = new PrefixWriter();
  const meta = ds.metadata;
  const s = ds.status;
  w.write(0, `Name:\t${meta?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${meta?.namespace ?? 'default'}\n`);
  w.write(0, `Selector:\t${ds.spec ? formatLabelSelector(ds.spec.selector) : '<none>'}\n`);
  w.write(0, `Node-Selector:\t${formatLabelSelector({ matchLabels: ds.spec?.template?.spec?.nodeSelector ?? {} })}\n`);
  printLabelsMultiline(w, 'Labels', meta?.labels);
  printAnnotationsMultiline(w, 'Annotations', meta?.annotations);
  w.write(0, `Desired Number of Nodes Scheduled: ${s?.desiredNumberScheduled ?? 0}\n`);
  w.write(0, `Current Number of Nodes Scheduled: ${s?.currentNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Up-to-date Pods: ${s?.updatedNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Available Pods: ${s?.numberAvailable ?? 0}\n`);
  w.write(0, `Number of Nodes Misscheduled: ${s?.numberMisscheduled ?? 0}\n`);
  const c = podStatusCounts(controlledBy(pods, 'DaemonSet', meta));
  w.write(0, `Pods Status:\t${c.running} Running / ${c.waiting} Waiting / ${c.succeeded} Succeeded / ${c.failed} Failed\n`);
  describePodTemplate(w, ds.spec?.template);
  describeEvents(w, eventsFor(events, 'DaemonSet', meta), clock);
  return w.toString();
}

/** `capIndexesListOrNone`: the indexes text, cut after `max` characters with `...`; `<none>` when empty. */
function capIndexesListOrNone(indexes: string | undefined, max: number): string {
  if (!indexes) return '<none>';
  if (indexes.length <= max) return indexes;
  const cut = indexes.lastIndexOf(',', max);
  return `${indexes.slice(0, cut > 0 ? cut : max)},...`;
}

/** `kubectl describe job` (JobDescriber): spec fields, times, `Pods Statuses`, completed indexes, template, events. */
export function describeJob(job: Job, events: readonly ReportEvent[], clock: SimClock): string {
  const w = new PrefixWriter();
  const meta = job.metadata;
  const spec = job.spec;
  const status = job.status ?? {};
  w.write(0, `Name:\t${meta?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${meta?.namespace ?? 'default'}\n`);
  w.write(0, `Selector:\t${spec?.selector ? formatLabelSelector(spec.selector) : ''}\n`);
  printLabelsMultiline(w, 'Labels', meta?.labels);
  printAnnotationsMultiline(w, 'Annotations', meta?.annotations);
  const owner = (meta?.ownerReferences ?? []).find((o) => o.controller);
  if (owner) w.write(0, `Controlled By:\t${owner.kind}/${owner.name}\n`);
  if (spec?.parallelism !== undefined) w.write(0, `Parallelism:\t${spec.parallelism}\n`);
  w.write(0, `Completions:\t${spec?.completions ?? '<unset>'}\n`);
  if (spec?.completionMode !== undefined) w.write(0, `Completion Mode:\t${spec.completionMode}\n`);
  if (spec?.suspend !== undefined) w.write(0, `Suspend:\t${spec.suspend}\n`);
  if (spec?.backoffLimit !== undefined) w.write(0, `Backoff Limit:\t${spec.backoffLimit}\n`);
  if (spec?.ttlSecondsAfterFinished !== undefined) w.write(0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
  if (status.startTime) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
  if (status.completionTime) w.write(0, `Completed At:\t${rfc1123z(status.completionTime)}\n`);
  if (status.startTime && status.completionTime) w.write(0, `Duration:\t${humanDuration(Date.parse(status.completionTime) - Date.parse(status.startTime))}\n`);
  if (spec?.activeDeadlineSeconds !== undefined) w.write(0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  const counts = `${status.active ?? 0} Active${status.ready !== undefined ? ` (${status.ready} Ready)` : ''} / ${status.succeeded ?? 0} Succeeded / ${status.failed ?? 0} Failed`;
  w.write(0, `Pods Statuses:\t${counts}\n`);
  if (spec?.completionMode === 'Indexed') w.write(0, `Completed Indexes:\t${capIndexesListOrNone(status.completedIndexes, 50)}\n`);
  describePodTemplate(w, spec?.template);
  describeEvents(w, eventsFor(events, 'Job', meta), clock);
  return w.toString();
}

/** `describeJobTemplate`: selector, parallelism, completions, deadline, then the pod template. */
function describeJobTemplate(w: PrefixWriter, spec: JobSpec | undefined): void {
  w.write(0, `Selector:\t${spec?.selector ? formatLabelSelector(spec.selector) : '<unset>'}\n`);
  w.write(0, `Parallelism:\t${spec?.parallelism ?? '<unset>'}\n`);
  w.write(0, `Completions:\t${spec?.completions ?? '<unset>'}\n`);
  if (spec?.activeDeadlineSeconds !== undefined) w.write(0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  describePodTemplate(w, spec?.template);
}

/** `kubectl describe cronjob` (CronJobDescriber): schedule and policies, the job template, last schedule, active Jobs. */
export function describeCronJob(cj: CronJob, events: readonly ReportEvent[], clock: SimClock): string {
  const w = new PrefixWriter();
  const meta = cj.metadata;
  const spec = cj.spec;
  w.write(0, `Name:\t${meta?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${meta?.namespace ?? 'default'}\n`);
  printLabelsMultiline(w, 'Labels', meta?.labels);
  printAnnotationsMultiline(w, 'Annotations', meta?.annotations);
  w.write(0, `Schedule:\t${spec?.schedule ?? ''}\n`);
  w.write(0, `Concurrency Policy:\t${spec?.concurrencyPolicy ?? ''}\n`);
  w.write(0, `Suspend:\t${spec?.suspend === undefined ? '<unset>' : spec.suspend ? 'True' : 'False'}\n`);
  w.write(0, `Successful Job History Limit:\t${spec?.successfulJobsHistoryLimit ?? '<unset>'}\n`);
  w.write(0, `Failed Job History Limit:\t${spec?.failedJobsHistoryLimit ?? '<unset>'}\n`);
  w.write(0, `Starting Deadline Seconds:\t${spec?.startingDeadlineSeconds !== undefined ? `${spec.startingDeadlineSeconds}s` : '<unset>'}\n`);
  describeJobTemplate(w, spec?.jobTemplate?.spec);
  w.write(0, `Last Schedule Time:\t${cj.status?.lastScheduleTime ? rfc1123z(cj.status.lastScheduleTime) : '<unset>'}\n`);
  const active = (cj.status?.active ?? []).map((a) => a.name ?? '');
  w.write(0, `Active Jobs:\t${active.length === 0 ? '<none>' : active.join(', ')}\n`);
  describeEvents(w, eventsFor(events, 'CronJob', meta), clock);
  return w.toString();
}

/** Go's `net.JoinHostPort`: IPv6 addresses in brackets. */
function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * kubectl's `formatEndpointSlices` for one service port (`portName`, `''` for an unnamed port): the ready
 * addresses as host:port, the first three, then ` + N more...`. No slices print `<none>`; slices without a
 * ready endpoint print an empty value, as upstream.
 */
export function formatEndpointSlices(slices: readonly EndpointSlice[], portName: string | undefined): string {
  if (slices.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const slice of slices) {
    const ports = slice.ports ?? [];
    // A ready condition left unset means unknown, which consumers treat as ready.
    const ready = slice.endpoints.filter((e) => e.conditions?.ready !== false);
    if (ports.length === 0) {
      // Headless services may have no ports: the bare addresses.
      for (const e of ready) {
        if (list.length === max) more = true;
        if (!more) list.push(e.addresses[0] ?? '');
        count++;
      }
      continue;
    }
    for (const port of ports) {
      if (portName !== undefined && (port.name ?? '') !== portName) continue;
      for (const e of ready) {
        for (const addr of e.addresses) {
          if (list.length === max) more = true;
          if (!more) list.push(joinHostPort(addr, port.port ?? 0));
          count++;
        }
      }
    }
  }
  const text = list.join(',');
  return more ? `${text} + ${count - max} more...` : text;
}

/**
 * `kubectl describe service` (ServiceDescriber). `endpointSlices` may hold any slices; those labelled
 * `kubernetes.io/service-name=<name>` in the service's namespace give the `Endpoints` lines. Type, session affinity,
 * IP family policy and IP families show the API server's defaults when the object leaves them unset.
 */
export function describeService(svc: Service, endpointSlices: readonly EndpointSlice[], events: readonly ReportEvent[], clock: SimClock): string {
  const w = new PrefixWriter();
  const meta = svc.metadata;
  const spec = svc.spec ?? {};
  const slices = endpointSlices.filter(
    (s) => s.metadata?.labels?.['kubernetes.io/service-name'] === meta?.name && (s.metadata?.namespace ?? 'default') === (meta?.namespace ?? 'default'),
  );
  w.write(0, `Name:\t${meta?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${meta?.namespace ?? 'default'}\n`);
  printLabelsMultiline(w, 'Labels', meta?.labels);
  printAnnotationsMultiline(w, 'Annotations', meta?.annotations);
  // labels.FormatLabels: sorted k=v joined by commas, `<none>` when empty.
  const selector = Object.keys(spec.selector ?? {})
    .sort()
    .map((k) => `${k}=${spec.selector?.[k]}`)
    .join(',');
  w.write(0, `Selector:\t${selector || '<none>'}\n`);
  const type = spec.type ?? 'ClusterIP';
  w.write(0, `Type:\t${type}\n`);
  const headless = spec.clusterIP === 'None';
  const external = type === 'ExternalName';
  if (spec.ipFamilyPolicy ?? (!external ? 'SingleStack' : undefined)) w.write(0, `IP Family Policy:\t${spec.ipFamilyPolicy ?? 'SingleStack'}\n`);
  const families = spec.ipFamilies ?? (external ? [] : ['IPv4']);
  w.write(0, `IP Families:\t${families.length === 0 ? '<none>' : families.join(',')}\n`);
  w.write(0, `IP:\t${spec.clusterIP ?? ''}\n`);
  const clusterIPs = spec.clusterIPs ?? (spec.clusterIP && !headless ? [spec.clusterIP] : []);
  w.write(0, `IPs:\t${clusterIPs.length === 0 ? '<none>' : clusterIPs.join(',')}\n`);
  if ((spec.externalIPs ?? []).length > 0) w.write(0, `External IPs:\t${(spec.externalIPs ?? []).join(',')}\n`);
  if (spec.loadBalancerIP) w.write(0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
  if (spec.externalName) w.write(0, `External Name:\t${spec.externalName}\n`);
  for (const sp of spec.ports ?? []) {
    const protocol = sp.protocol ?? 'TCP';
    w.write(0, `Port:\t${sp.name || '<unset>'}\t${sp.port}/${protocol}\n`);
    w.write(0, `TargetPort:\t${sp.targetPort ?? sp.port}/${protocol}\n`);
    if (sp.nodePort) w.write(0, `NodePort:\t${sp.name || '<unset>'}\t${sp.nodePort}/${protocol}\n`);
    w.write(0, `Endpoints:\t${formatEndpointSlices(slices, sp.name ?? '')}\n`);
  }
  w.write(0, `Session Affinity:\t${spec.sessionAffinity ?? 'None'}\n`);
  if (spec.externalTrafficPolicy) w.write(0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
  if (spec.internalTrafficPolicy) w.write(0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
  describeEvents(w, eventsFor(events, 'Service', meta), clock);
  return w.toString();
}

/** argo-rollouts `info` icons. */
const IconProgressing = '◌';
const IconWarning = '⚠';
const IconUnknown = '?';
const IconOK = '✔';
const IconBad = '✖';
const IconPaused = '॥';
const IconNeutral = '•';
/** argo-rollouts `cmd/get` tree icons. */
const IconRollout = '⟳';
const IconRevision = '#';
const IconReplicaSet = '⧉';
const IconPod = '□';

/** `rolloutIcon`. */
function rolloutIcon(status: string): string {
  switch (status) {
    case 'Progressing':
      return IconProgressing;
    case 'Error':
    case 'InvalidSpec':
      return IconWarning;
    case 'Paused':
      return IconPaused;
    case 'Healthy':
      return IconOK;
    case 'Degraded':
      return IconBad;
    case 'Unknown':
      return IconUnknown;
    case 'ScaledDown':
      return IconNeutral;
    default:
      return ' ';
  }
}

/** `getReplicaSetHealth`: Progressing until observed and available, ReplicaFailure, ScaledDown or Healthy. */
function getReplicaSetHealth(rs: ReplicaSet): string {
  if ((rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) return 'Progressing';
  if ((rs.status?.conditions ?? []).some((c) => c.type === 'ReplicaFailure' && c.status === 'True')) return 'ReplicaFailure';
  if (rs.spec?.replicas !== undefined && (rs.status?.availableReplicas ?? 0) < rs.spec.replicas) return 'Progressing';
  if (rs.spec?.replicas === 0) return 'ScaledDown';
  return 'Healthy';
}

/** `replicaSetIcon`. */
function replicaSetIcon(status: string): string {
  switch (status) {
    case 'Progressing':
      return IconProgressing;
    case 'Healthy':
      return IconOK;
    case 'ReplicaFailure':
      return IconBad;
    case 'ScaledDown':
      return IconNeutral;
    default:
      return ' ';
  }
}

/** `podIcon`. */
function podIcon(status: string): string {
  if (status.startsWith('Init:')) return IconProgressing;
  if (status.startsWith('Signal:') || status.startsWith('ExitCode:')) return IconBad;
  if (status.endsWith('Error') || status.startsWith('Err')) return IconWarning;
  switch (status) {
    case 'Pending':
    case 'Terminating':
    case 'ContainerCreating':
      return IconProgressing;
    case 'Running':
    case 'Completed':
      return IconOK;
    case 'Failed':
    case 'InvalidImageName':
    case 'CrashLoopBackOff':
      return IconBad;
    case 'ImagePullBackOff':
    case 'RegistryUnavailable':
      return IconWarning;
    case 'Unknown':
      return IconUnknown;
    default:
      return ' ';
  }
}

/** `newPodInfo`: the STATUS reason (as `kubectl get pods`, from the last container back), ready count, restarts. */
function newPodInfo(pod: Pod): { status: string; ready: string; restarts: number } {
  const st = pod.status ?? {};
  let reason = st.reason || st.phase || '';
  let restarts = 0;
  let initializing = false;
  const inits = st.initContainerStatuses ?? [];
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i]!;
    restarts += c.restartCount;
    const t = c.state?.terminated;
    if (t && t.exitCode === 0) continue;
    if (t) reason = t.reason ? `Init:${t.reason}` : t.signal ? `Init:Signal:${t.signal}` : `Init:ExitCode:${t.exitCode}`;
    else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') reason = `Init:${c.state.waiting.reason}`;
    else reason = `Init:${i}/${(pod.spec?.initContainers ?? []).length}`;
    initializing = true;
    break;
  }
  let ready = 0;
  if (!initializing) {
    restarts = 0;
    let hasRunning = false;
    const statuses = st.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      restarts += c.restartCount;
      const t = c.state?.terminated;
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (t?.reason) reason = t.reason;
      else if (t) reason = t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = 'Running';
  }
  if (pod.metadata?.deletionTimestamp) reason = st.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return { status: reason, ready: `${ready}/${(pod.spec?.containers ?? []).length}`, restarts };
}

/** `getPrefixes`: the tree branch of a child and the indent of its own children. */
function getPrefixes(isLast: boolean, subPrefix: string): [string, string] {
  return isLast ? [`${subPrefix}└──`, `${subPrefix}   `] : [`${subPrefix}├──`, `${subPrefix}│  `];
}

/** The `%-17s%v` rows of `PrintRollout`. */
function tableRow(title: string, value: string | number): string {
  return `${title.padEnd(17)}${value}\n`;
}

/**
 * `kubectl argo rollouts get rollout` (PrintRollout + PrintRolloutTree) without colours. `replicaSets` and `pods`
 * may hold any; those the rollout controls (and their pods) form the tree. Status and message are the
 * controller's `status.phase` / `status.message` (CalculateRolloutPhase); Step is `currentStepIndex/steps`,
 * SetWeight `GetCurrentSetWeight`, and without traffic routing ActualWeight is the canary ReplicaSet's share of
 * available pods, in integer percent: 1 of 5 available → 100/5 = 20. Analysis runs and experiments are not shown.
 */
export function describeRollout(ro: Rollout, replicaSets: readonly ReplicaSet[], pods: readonly Pod[], clock: SimClock): string {
  const view = viewOf(ro);
  const { spec, status } = view;
  const meta = ro.metadata;
  const age = (m: ObjectMeta | undefined): string => translateTimestampSince(m?.creationTimestamp, clock);
  const revision = (rs: ReplicaSet): number => Number(rs.metadata?.annotations?.['rollout.argoproj.io/revision'] ?? 0);
  const infos = controlledBy(replicaSets, 'Rollout', meta)
    .map((rs) => {
      const hash = rs.metadata?.labels?.['rollouts-pod-template-hash'] ?? '';
      let stable = false;
      let canary = false;
      let active = false;
      let preview = false;
      if (spec.strategy.canary) {
        if (status.stableRS === hash) stable = true;
        else if (status.currentPodHash === hash) canary = true;
      }
      if (spec.strategy.blueGreen) {
        stable = status.stableRS === hash;
        if (status.blueGreen?.activeSelector === hash) active = true;
        else if (status.blueGreen?.previewSelector === hash) preview = true;
      }
      const health = getReplicaSetHealth(rs);
      const rsPods = controlledBy(pods, 'ReplicaSet', rs.metadata).sort((a, b) => {
        const ta = a.metadata?.creationTimestamp ?? '';
        const tb = b.metadata?.creationTimestamp ?? '';
        if (ta !== tb) return ta < tb ? -1 : 1;
        return (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1;
      });
      return { rs, revision: revision(rs), stable, canary, active, preview, health, pods: rsPods };
    })
    // Newest revision first, then by name (upstream's creation-time branch has no effect: it discards its result).
    .sort((a, b) => (a.revision !== b.revision ? b.revision - a.revision : (a.rs.metadata?.name ?? '') < (b.rs.metadata?.name ?? '') ? -1 : 1));

  let strategy = '';
  let step = '';
  let setWeight = '';
  let actualWeight = '';
  if (spec.strategy.canary) {
    strategy = 'Canary';
    const steps = spec.strategy.canary.steps ?? [];
    if (status.currentStepIndex !== undefined && steps.length > 0) step = `${status.currentStepIndex}/${steps.length}`;
    setWeight = String(GetCurrentSetWeight(view));
    actualWeight = '0';
    const available = status.availableReplicas ?? 0;
    if (GetCurrentCanaryStep(view).step === undefined) actualWeight = '100';
    else if (available > 0) {
      if (!spec.strategy.canary.trafficRouting) {
        for (const i of infos) if (i.canary) actualWeight = String(Math.trunc(((i.rs.status?.availableReplicas ?? 0) * 100) / available));
      } else actualWeight = setWeight;
    }
  } else if (spec.strategy.blueGreen) strategy = 'BlueGreen';
  const phase = status.phase ?? 'Unknown';
  const icon = rolloutIcon(phase);

  let text = tableRow('Name:', meta?.name ?? '');
  text += tableRow('Namespace:', meta?.namespace ?? 'default');
  text += tableRow('Status:', `${icon} ${phase}`);
  if (status.message) text += tableRow('Message:', status.message);
  text += tableRow('Strategy:', strategy);
  if (strategy === 'Canary') {
    text += tableRow('  Step:', step);
    text += tableRow('  SetWeight:', setWeight);
    text += tableRow('  ActualWeight:', actualWeight);
  }
  // info.Images: images of the ReplicaSets that have pods, merged, tags sorted, images sorted.
  const images = new Map<string, Set<string>>();
  for (const i of infos) {
    if ((i.rs.status?.replicas ?? 0) <= 0) continue;
    for (const c of i.rs.spec?.template?.spec?.containers ?? []) {
      const tags = images.get(c.image ?? '') ?? new Set<string>();
      if (i.canary) tags.add('canary');
      if (i.stable) tags.add('stable');
      if (i.active) tags.add('active');
      if (i.preview) tags.add('preview');
      images.set(c.image ?? '', tags);
    }
  }
  [...images.keys()].sort().forEach((image, n) => {
    const tags = [...(images.get(image) ?? [])].sort();
    text += tableRow(n === 0 ? 'Images:' : '', tags.length > 0 ? `${image} (${tags.join(', ')})` : image);
  });
  text += 'Replicas:\n';
  text += tableRow('  Desired:', GetReplicasOrDefault(spec.replicas));
  text += tableRow('  Current:', status.replicas ?? 0);
  text += tableRow('  Updated:', status.updatedReplicas ?? 0);
  text += tableRow('  Ready:', status.readyReplicas ?? 0);
  text += tableRow('  Available:', status.availableReplicas ?? 0);
  text += '\n';

  let tree = 'NAME\tKIND\tSTATUS\tAGE\tINFO\n';
  tree += `${IconRollout} ${meta?.name ?? ''}\tRollout\t${icon} ${phase}\t${age(meta)}\t\n`;
  const revisions = [...new Set(infos.map((i) => i.revision))].sort((a, b) => b - a);
  revisions.forEach((rev, r) => {
    const [prefix, subpfx] = getPrefixes(r === revisions.length - 1, '');
    tree += `${prefix}${IconRevision} revision:${rev}\t\t \t\t\n`;
    const members = infos.filter((i) => i.revision === rev);
    members.forEach((i, m) => {
      const [childPrefix, childSubpfx] = getPrefixes(m === members.length - 1, subpfx);
      const tags: string[] = [];
      if (i.stable) tags.push('stable');
      if (i.canary) tags.push('canary');
      else if (i.active) tags.push('active');
      else if (i.preview) tags.push('preview');
      tree += `${childPrefix}${IconReplicaSet} ${i.rs.metadata?.name ?? ''}\tReplicaSet\t${replicaSetIcon(i.health)} ${i.health}\t${age(i.rs.metadata)}\t${tags.join(',')}\n`;
      i.pods.forEach((p, k) => {
        const [podPrefix] = getPrefixes(k === i.pods.length - 1, childSubpfx);
        const info = newPodInfo(p);
        const cols = [`ready:${info.ready}`, ...(info.restarts > 0 ? [`restarts:${info.restarts}`] : [])];
        tree += `${podPrefix}${IconPod} ${p.metadata?.name ?? ''}\tPod\t${podIcon(info.status)} ${info.status}\t${age(p.metadata)}\t${cols.join(',')}\n`;
      });
    });
  });
  return text + tabwriterFormat(tree, { minWidth: 0, padding: 2 });
}

/**
 * `kubesim describe nodegroup`: the group's spec, the autoscaler's status of it (the Health, ScaleUp and ScaleDown
 * lines of the `cluster-autoscaler-status` ConfigMap), its nodes at that instant, its node-hours and cost so far, the
 * autoscaler's decisions about it and its nodes (simulated time) and its events (scale-ups of the group,
 * scale-downs of its nodes), each naming the object it concerns.
 */
export function describeNodeGroup(
  v: NodeGroupView,
  events: readonly ReportEvent[],
  decisions: readonly { tMs: number; object: string; summary: string }[],
  clock: SimClock,
): string {
  const w = new PrefixWriter();
  const g = v.spec;
  w.write(0, `Name:\t${g.name}\n`);
  w.write(0, `Instance Type:\t${g.instanceType ?? '<none>'}\n`);
  w.write(0, `Capacity Type:\t${g.capacityType}\n`);
  if (g.capacityType === 'spot') w.write(0, `Interruption Rate:\t${g.interruptionRatePerHour}/node-hour\n`);
  w.write(0, `Price:\t${formatPrice(g.pricePerHour)} per node\n`);
  w.write(0, `Min Size:\t${g.minSize}\n`);
  w.write(0, `Max Size:\t${g.maxSize}\n`);
  w.write(0, `Provisioning Delay:\t${formatDurationShort(g.provisioningDelayMs)}\n`);
  const s = v.status;
  if (!s) {
    w.write(0, 'Status:\t<none> (the autoscaler has not scanned yet)\n');
  } else {
    w.write(0, `Status:\t(cluster-autoscaler-status, ${v.statusTime ?? '<unknown>'})\n`);
    w.write(1, `Health:\t${healthLine(s)}\n`);
    w.write(1, `ScaleUp:\t${s.scaleUp.status} (ready=${s.health.nodeCounts.registered.ready} cloudProviderTarget=${s.health.cloudProviderTarget})\n`);
    w.write(1, `ScaleDown:\t${s.scaleDown.status} (candidates=${s.scaleDown.candidates})\n`);
  }
  w.write(0, `Cost:\t${v.nodeHours.toFixed(2)} node-hours, $${v.dollars.toFixed(2)} so far\n`);
  if (v.nodes.length === 0) {
    w.write(0, 'Nodes:\t<none>\n');
  } else {
    w.write(0, `Nodes:\t(${v.nodes.length} in total)\n`);
    w.write(1, 'Name\tStatus\tAge\n');
    w.write(1, '----\t------\t---\n');
    for (const n of v.nodes) w.write(1, `${n.metadata?.name ?? ''}\t${nodeStatus(n)}\t${translateTimestampSince(n.metadata?.creationTimestamp, clock)}\n`);
  }
  if (decisions.length === 0) {
    w.write(0, 'Decisions:\t<none>\n');
  } else {
    w.write(0, 'Decisions (cluster-autoscaler, simulated time):\n');
    for (const d of decisions) w.write(1, `${formatDurationShort(d.tMs)}\t${d.object}\t${d.summary}\n`);
  }
  describeEvents(w, events, clock, true);
  return w.toString();
}

/** Go's `%v` of a string slice: `[a b]`. */
const goSlice = (items: readonly string[] | undefined): string => `[${(items ?? []).join(' ')}]`;

/** `labels.FormatLabels`: sorted `k=v` comma-joined, `<none>` when empty. */
function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** `kubectl describe statefulset` (StatefulSetDescriber); `pods` may hold any pods, those the set controls count. */
export function describeStatefulSet(set: StatefulSet, pods: readonly Pod[], events: readonly ReportEvent[], clock: SimClock): string {
  const w = new PrefixWriter();
  const meta = set.metadata;
  const spec = set.spec;
  w.write(0, `Name:\t${meta?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${meta?.namespace ?? 'default'}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(meta?.creationTimestamp)}\n`);
  w.write(0, `Selector:\t${spec ? formatLabelSelector(spec.selector) : '<none>'}\n`);
  printLabelsMultiline(w, 'Labels', meta?.labels);
  printAnnotationsMultiline(w, 'Annotations', meta?.annotations);
  w.write(0, `Replicas:\t${spec?.replicas ?? 1} desired | ${set.status?.replicas ?? 0} total\n`);
  w.write(0, `Update Strategy:\t${spec?.updateStrategy?.type ?? 'RollingUpdate'}\n`);
  const ru = spec?.updateStrategy?.rollingUpdate;
  if (ru?.partition !== undefined) w.write(1, `Partition:\t${ru.partition}\n`);
  if (ru?.maxUnavailable !== undefined) w.write(1, `MaxUnavailable:\t${ru.maxUnavailable}\n`);
  const c = podStatusCounts(controlledBy(pods, 'StatefulSet', meta));
  w.write(0, `Pods Status:\t${c.running} Running / ${c.waiting} Waiting / ${c.succeeded} Succeeded / ${c.failed} Failed\n`);
  describePodTemplate(w, spec?.template);
  const templates = spec?.volumeClaimTemplates ?? [];
  if (templates.length === 0) {
    w.write(0, 'Volume Claims:\t<none>\n');
  } else {
    w.write(0, 'Volume Claims:\n');
    for (const t of templates) {
      w.write(1, `Name:\t${t.metadata?.name ?? ''}\n`);
      w.write(1, `StorageClass:\t${getPersistentVolumeClaimClass(t)}\n`);
      printLabelsMultiline(w, '  Labels', t.metadata?.labels);
      printAnnotationsMultiline(w, '  Annotations', t.metadata?.annotations);
      const storage = t.spec?.resources?.requests?.['storage'];
      w.write(1, `Capacity:\t${storage !== undefined ? String(storage) : '<default>'}\n`);
      w.write(1, `Access Modes:\t${goSlice(t.spec?.accessModes)}\n`);
    }
  }
  describeEvents(w, eventsFor(events, 'StatefulSet', meta), clock);
  return w.toString();
}

/** `kubectl describe persistentvolumeclaim`; `pods` are the pods of its namespace, those mounting it are "Used By". */
export function describePersistentVolumeClaim(pvc: PersistentVolumeClaim, pods: readonly Pod[], events: readonly ReportEvent[], clock: SimClock): string {
  const w = new PrefixWriter();
  const meta = pvc.metadata;
  w.write(0, `Name:\t${meta?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${meta?.namespace ?? 'default'}\n`);
  w.write(0, `StorageClass:\t${getPersistentVolumeClaimClass(pvc)}\n`);
  if (meta?.deletionTimestamp) w.write(0, `Status:\tTerminating (lasts ${translateTimestampSince(meta.deletionTimestamp, clock)})\n`);
  else w.write(0, `Status:\t${pvc.status?.phase ?? ''}\n`);
  w.write(0, `Volume:\t${pvc.spec?.volumeName ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', meta?.labels);
  printAnnotationsMultiline(w, 'Annotations', meta?.annotations);
  w.write(0, `Finalizers:\t${goSlice(meta?.finalizers)}\n`);
  const bound = (pvc.spec?.volumeName ?? '') !== '';
  w.write(0, `Capacity:\t${bound ? String(pvc.status?.capacity?.['storage'] ?? '') : ''}\n`);
  w.write(0, `Access Modes:\t${bound ? getAccessModesAsString(pvc.status?.accessModes) : ''}\n`);
  if (pvc.spec?.volumeMode) w.write(0, `VolumeMode:\t${pvc.spec.volumeMode}\n`);
  const users = pods.filter((p) => p.spec?.volumes?.some((v) => v.persistentVolumeClaim?.claimName === meta?.name)).map((p) => p.metadata?.name ?? '');
  if (users.length === 0) w.write(0, 'Used By:\t<none>\n');
  else users.forEach((u, i) => w.write(0, i === 0 ? `Used By:\t${u}\n` : `\t${u}\n`));
  const conditions = pvc.status?.conditions ?? [];
  if (conditions.length > 0) {
    // An unset lastProbeTime prints as Go's zero time, as kubectl's does.
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of conditions) {
      w.write(1, `${c.type} \t${c.status} \t${c.lastProbeTime ? rfc1123z(c.lastProbeTime) : GO_ZERO_TIME_RFC1123Z} \t${c.lastTransitionTime ? rfc1123z(c.lastTransitionTime) : GO_ZERO_TIME_RFC1123Z} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
    }
  }
  describeEvents(w, eventsFor(events, 'PersistentVolumeClaim', meta), clock);
  return w.toString();
}

/** `kubectl describe persistentvolume`, with its node affinity terms and its CSI or hostPath source. */
export function describePersistentVolume(pv: PersistentVolume, events: readonly ReportEvent[], clock: SimClock): string {
  const w = new PrefixWriter();
  const meta = pv.metadata;
  const spec = pv.spec ?? {};
  w.write(0, `Name:\t${meta?.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', meta?.labels);
  printAnnotationsMultiline(w, 'Annotations', meta?.annotations);
  w.write(0, `Finalizers:\t${goSlice(meta?.finalizers)}\n`);
  w.write(0, `StorageClass:\t${getPersistentVolumeClass(pv)}\n`);
  if (meta?.deletionTimestamp) w.write(0, `Status:\tTerminating (lasts ${translateTimestampSince(meta.deletionTimestamp, clock)})\n`);
  else w.write(0, `Status:\t${pv.status?.phase ?? ''}\n`);
  w.write(0, `Claim:\t${spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : ''}\n`);
  w.write(0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ''}\n`);
  w.write(0, `Access Modes:\t${getAccessModesAsString(spec.accessModes)}\n`);
  if (spec.volumeMode) w.write(0, `VolumeMode:\t${spec.volumeMode}\n`);
  w.write(0, `Capacity:\t${String(spec.capacity?.['storage'] ?? '0')}\n`);
  const required = spec.nodeAffinity?.required;
  if (!required) {
    w.write(0, 'Node Affinity:\t<none>\n');
  } else {
    w.write(0, 'Node Affinity:\t\n');
    const terms = required.nodeSelectorTerms ?? [];
    if (terms.length === 0) w.write(1, 'Required Terms:\t<none>\n');
    else {
      w.write(1, 'Required Terms:\t\n');
      terms.forEach((term, i) => {
        const exprs = term.matchExpressions ?? [];
        if (exprs.length === 0) {
          w.write(2, `Term ${i}:\t<none>\n`);
          return;
        }
        exprs.forEach((e, j) => {
          const text = `${e.key} ${e.operator.toLowerCase()}${e.values && e.values.length > 0 ? ` [${e.values.join(', ')}]` : ''}`;
          w.write(2, j === 0 ? `Term ${i}:\t${text}\n` : `\t${text}\n`);
        });
      });
    }
  }
  w.write(0, `Message:\t${pv.status?.message ?? ''}\n`);
  w.write(0, 'Source:\n');
  if (spec.csi) {
    w.write(2, `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n`);
    w.write(2, `Driver:\t${spec.csi.driver}\n`);
    w.write(2, `FSType:\t${spec.csi.fsType ?? ''}\n`);
    w.write(2, `VolumeHandle:\t${spec.csi.volumeHandle}\n`);
    w.write(2, `ReadOnly:\t${spec.csi.readOnly ?? false}\n`);
    w.write(2, `VolumeAttributes:\t${formatLabels(spec.csi.volumeAttributes)}\n`);
  } else if (spec.hostPath) {
    w.write(2, `Type:\tHostPath (bare host directory volume)\n`);
    w.write(2, `Path:\t${spec.hostPath.path}\n`);
    w.write(2, `HostPathType:\t${spec.hostPath.type ?? ''}\n`);
  }
  describeEvents(w, eventsFor(events, 'PersistentVolume', { ...meta, namespace: '' }), clock);
  return w.toString();
}

/** `kubectl describe storageclass`. */
export function describeStorageClass(sc: StorageClass, events: readonly ReportEvent[], clock: SimClock): string {
  const w = new PrefixWriter();
  const meta = sc.metadata;
  w.write(0, `Name:\t${meta?.name ?? ''}\n`);
  w.write(0, `IsDefaultClass:\t${isDefaultAnnotation(sc) ? 'Yes' : 'No'}\n`);
  w.write(0, `Annotations:\t${formatLabels(meta?.annotations)}\n`);
  w.write(0, `Provisioner:\t${sc.provisioner}\n`);
  w.write(0, `Parameters:\t${formatLabels(sc.parameters)}\n`);
  w.write(0, `AllowVolumeExpansion:\t${sc.allowVolumeExpansion === undefined ? '<unset>' : sc.allowVolumeExpansion ? 'True' : 'False'}\n`);
  const mount = sc.mountOptions ?? [];
  if (mount.length === 0) w.write(0, 'MountOptions:\t<none>\n');
  else {
    w.write(0, 'MountOptions:\n');
    for (const m of mount) w.write(1, `${m}\n`);
  }
  if (sc.reclaimPolicy) w.write(0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
  if (sc.volumeBindingMode) w.write(0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
  if (sc.allowedTopologies) {
    if (sc.allowedTopologies.length === 0) w.write(0, 'AllowedTopologies:\t<none>\n');
    else {
      w.write(0, 'AllowedTopologies:\t\n');
      sc.allowedTopologies.forEach((term, i) => {
        const exprs = term.matchLabelExpressions ?? [];
        if (exprs.length === 0) w.write(1, `Term ${i}:\t<none>\n`);
        exprs.forEach((e, j) => w.write(1, j === 0 ? `Term ${i}:\t${e.key} in [${e.values.join(', ')}]\n` : `\t${e.key} in [${e.values.join(', ')}]\n`));
      });
    }
  }
  describeEvents(w, eventsFor(events, 'StorageClass', { ...meta, namespace: '' }), clock);
  return w.toString();
}
