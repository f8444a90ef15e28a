/**
 * `kubectl describe` for pods, deployments, nodes and HPAs, in the layout of kubectl's `pkg/describe/describe.go`:
 * `Key:\tvalue` lines through a tabwriter (minwidth 0, padding 2), nested levels indented by two spaces, and a
 * trailing `Events:` table (`DescribeEvents`). Times print as RFC 1123Z on the simulated wall clock.
 *
 * Deviations: sections a simulation has no data for are left out (volumes' details, environment, mounts,
 * tolerations' effects beyond key/operator, node `Allocated resources` totals, HPA `Behavior`).
 */
import type { Container, ContainerStatus, Node, Pod } from 'kubernetes-types/core/v1';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { humanDuration, translateTimestampSince, type SimClock } from './duration.ts';
import { KUBECTL_DESCRIBE_TABWRITER, tabwriterFormat } from './tabwriter.ts';
import { findNodeRoles } from './kubectl.ts';
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

function rfc1123z(timestamp: string | undefined): string {
  const ms = timestamp === undefined ? Number.NaN : Date.parse(timestamp);
  return Number.isNaN(ms) ? '<unknown>' : formatRFC1123Z(ms);
}

/** kubectl's PrefixWriter + tabbedString: collects `Writef(level, …)` output, aligned on flush. */
class PrefixWriter {
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
function printLabelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | undefined, sep = '='): void {
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

function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined): void {
  printLabelsMultiline(w, title, annotations, ': ');
}

/** `DescribeEvents` for the events whose involvedObject is the described object, oldest first. */
function describeEvents(w: PrefixWriter, events: readonly ReportEvent[], clock: SimClock): void {
  if (events.length === 0) {
    w.write(0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  // SortableEvents orders by lastTimestamp; ties keep their recorded order (stable sort).
  const sorted = [...events].sort((a, b) => a.lastTimestampMs - b.lastTimestampMs);
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const first = humanDuration(clock.nowMs - e.firstTimestampMs);
    const interval = e.count > 1 ? `${humanDuration(clock.nowMs - e.lastTimestampMs)} (x${e.count} over ${first})` : first;
    w.write(1, `${e.type}\t${e.reason}\t${interval}\t${e.source.component}\t${e.message.trim()}\n`);
  }
}

function eventsFor(events: readonly ReportEvent[], kind: string, meta: ObjectMeta | undefined): ReportEvent[] {
  return events.filter(
    (e) =>
      e.involvedObject.kind === kind &&
      e.involvedObject.name === meta?.name &&
      (e.involvedObject.namespace ?? 'default') === (meta?.namespace ?? 'default'),
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
