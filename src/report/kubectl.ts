/**
 * kubectl-like views of simulated objects: `kubectl get` tables and the `kubectl get rollouts` / `kubectl argo
 * rollouts list` views, ported from kubernetes `pkg/printers/internalversion/printers.go` (print* functions, column
 * definitions) and argo-rollouts `pkg/kubectl-argo-rollouts/cmd/list/rollloutinfo.go`. Every view takes a
 * {@link SimClock} so ages are measured on the simulated clock. Output goes through the same tabwriter settings
 * kubectl uses, so the columns line up as they would in a terminal.
 *
 * Deviation: quantities (HPA targets) are printed as written in the object, not re-canonicalised as Go's
 * `Quantity.String()` would (`0.5` stays `0.5`, Go prints `500m`).
 */
import type { Container, ContainerStatus, Node, Pod, PodCondition, Service } from 'kubernetes-types/core/v1';
import type { DaemonSet, Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { CronJob, Job, JobCondition } from 'kubernetes-types/batch/v1';
import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { humanDuration, sinceMs, translateTimestampSince, type SimClock } from './duration.ts';
import { KUBECTL_GET_TABWRITER, tabwriterFormat } from './tabwriter.ts';
import type { ReportEvent } from './types.ts';

export type { SimClock } from './duration.ts';

/** Options shared by the `get` views. */
export interface GetOptions {
  /** `-o wide`: the extra Priority 1 columns. Default false. */
  wide?: boolean;
}

/** Pod.status.reason set by the node lifecycle controller on pods of an unreachable node (`node.NodeUnreachablePodReason`). */
export const NODE_UNREACHABLE_POD_REASON = 'NodeLost';
/** `PodReasonSchedulingGated`. */
const POD_REASON_SCHEDULING_GATED = 'SchedulingGated';

/** Renders header + rows as kubectl's table printer does: upper-case headers, tab-separated, tabwriter-aligned. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [headers.map((h) => h.toUpperCase()), ...rows].map((cells) => cells.join('\t'));
  return tabwriterFormat(`${lines.join('\n')}\n`, KUBECTL_GET_TABWRITER);
}

/** `podutil.IsRestartableInitContainer`: an init container with `restartPolicy: Always` (a sidecar). */
function isRestartableInitContainer(container: Container | undefined): boolean {
  return container?.restartPolicy === 'Always';
}

function isPodInitializedConditionTrue(conditions: readonly PodCondition[] | undefined): boolean {
  return (conditions ?? []).some((c) => c.type === 'Initialized' && c.status === 'True');
}

function hasPodReadyCondition(conditions: readonly PodCondition[] | undefined): boolean {
  return (conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Latest `lastState.terminated.finishedAt` seen so far, as Unix ms; `undefined` is Go's zero time. */
function laterFinish(current: number | undefined, status: ContainerStatus): number | undefined {
  const finishedAt = status.lastState?.terminated?.finishedAt;
  if (finishedAt === undefined) return current;
  const ms = Date.parse(finishedAt);
  if (Number.isNaN(ms)) return current;
  return current === undefined || current < ms ? ms : current;
}

/**
 * The cells of `kubectl get pods`: NAME READY STATUS RESTARTS AGE (+ IP NODE NOMINATED NODE READINESS GATES when
 * wide), computed as `printPod` does. STATUS starts from the phase (or `status.reason`), then is overridden by
 * `SchedulingGated`, by the first unfinished init container (`Init:<reason>`, `Init:ExitCode:<n>`, `Init:<i>/<n>`),
 * by the last container with a waiting or terminated reason (`CrashLoopBackOff`, `Completed`, `OOMKilled`, …), and
 * finally by `Terminating` / `Unknown` when the pod is being deleted.
 */
export function printPod(pod: Pod, clock: SimClock, options: GetOptions = {}): string[] {
  const spec = pod.spec;
  const status = pod.status ?? {};
  let restarts = 0;
  let restartableInitContainerRestarts = 0;
  let totalContainers = spec?.containers.length ?? 0;
  let readyContainers = 0;
  let lastRestartDate: number | undefined;
  let lastRestartableInitContainerRestartDate: number | undefined;

  const podPhase = status.phase ?? '';
  let reason = status.reason ? status.reason : podPhase;

  for (const condition of status.conditions ?? []) {
    if (condition.type === 'PodScheduled' && condition.reason === POD_REASON_SCHEDULING_GATED) {
      reason = POD_REASON_SCHEDULING_GATED;
    }
  }

  const initContainers = new Map<string, Container>();
  for (const c of spec?.initContainers ?? []) {
    initContainers.set(c.name, c);
    if (isRestartableInitContainer(c)) totalContainers++;
  }

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i] as ContainerStatus;
    restarts += container.restartCount;
    lastRestartDate = laterFinish(lastRestartDate, container);
    const restartable = isRestartableInitContainer(initContainers.get(container.name));
    if (restartable) {
      restartableInitContainerRestarts += container.restartCount;
      lastRestartableInitContainerRestartDate = laterFinish(lastRestartableInitContainerRestartDate, container);
    }
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated !== undefined && terminated.exitCode === 0) continue;
    if (restartable && container.started === true) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (terminated !== undefined) {
      // Initialization failed.
      if (!terminated.reason) {
        reason = terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${spec?.initContainers?.length ?? 0}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || isPodInitializedConditionTrue(status.conditions)) {
    restarts = restartableInitContainerRestarts;
    lastRestartDate = lastRestartableInitContainerRestartDate;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    // Walked last to first so the first container's reason wins, as upstream.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i] as ContainerStatus;
      restarts += container.restartCount;
      lastRestartDate = laterFinish(lastRestartDate, container);
      const waiting = container.state?.waiting;
      const terminated = container.state?.terminated;
      if (waiting?.reason) {
        reason = waiting.reason;
      } else if (terminated?.reason) {
        reason = terminated.reason;
      } else if (terminated !== undefined) {
        reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
      } else if (container.ready && container.state?.running !== undefined) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A pod with one container still running is not "Completed" yet.
    if (reason === 'Completed' && hasRunning) {
      reason = hasPodReadyCondition(status.conditions) ? 'Running' : 'NotReady';
    }
  }

  const deleting = pod.metadata?.deletionTimestamp !== undefined;
  if (deleting && status.reason === NODE_UNREACHABLE_POD_REASON) {
    reason = 'Unknown';
  } else if (deleting && podPhase !== 'Failed' && podPhase !== 'Succeeded') {
    reason = 'Terminating';
  }

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestartDate !== undefined) {
    restartsStr = `${restarts} (${humanDuration(clock.epochMs + clock.nowMs - lastRestartDate)} ago)`;
  }

  const cells = [
    pod.metadata?.name ?? '',
    `${readyContainers}/${totalContainers}`,
    reason,
    restartsStr,
    translateTimestampSince(pod.metadata?.creationTimestamp, clock),
  ];
  if (options.wide) {
    const podIP = status.podIPs?.[0]?.ip || '<none>';
    const nodeName = spec?.nodeName || '<none>';
    const nominatedNodeName = status.nominatedNodeName || '<none>';
    let readinessGates = '<none>';
    const gates = spec?.readinessGates ?? [];
    if (gates.length > 0) {
      let trueConditions = 0;
      for (const gate of gates) {
        const condition = (status.conditions ?? []).find((c) => c.type === gate.conditionType);
        if (condition?.status === 'True') trueConditions++;
      }
      readinessGates = `${trueConditions}/${gates.length}`;
    }
    cells.push(podIP, nodeName, nominatedNodeName, readinessGates);
  }
  return cells;
}

/** `kubectl get pods [-o wide]`. */
export function getPods(pods: readonly Pod[], clock: SimClock, options: GetOptions = {}): string {
  const headers = ['Name', 'Ready', 'Status', 'Restarts', 'Age'];
  if (options.wide) headers.push('IP', 'Node', 'Nominated Node', 'Readiness Gates');
  return formatTable(
    headers,
    pods.map((p) => printPod(p, clock, options)),
  );
}

/** `layoutContainerCells`: container names and images, comma-joined. */
function layoutContainerCells(containers: readonly Container[]): [string, string] {
  return [containers.map((c) => c.name).join(','), containers.map((c) => c.image ?? '').join(',')];
}

/** `metav1.FormatLabelSelector` for the matchLabels part (sorted `k=v`, comma-joined), `<none>` when empty. */
function formatLabelSelector(selector: { matchLabels?: Record<string, string> } | undefined): string {
  const labels = selector?.matchLabels ?? {};
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels[k]}`).join(',');
}

/** `printDeployment`: NAME READY UP-TO-DATE AVAILABLE AGE (+ CONTAINERS IMAGES SELECTOR). */
export function printDeployment(d: Deployment, clock: SimClock, options: GetOptions = {}): string[] {
  const cells = [
    d.metadata?.name ?? '',
    `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
    String(d.status?.updatedReplicas ?? 0),
    String(d.status?.availableReplicas ?? 0),
    translateTimestampSince(d.metadata?.creationTimestamp, clock),
  ];
  if (options.wide) cells.push(...layoutContainerCells(d.spec?.template.spec?.containers ?? []), formatLabelSelector(d.spec?.selector));
  return cells;
}

/** `kubectl get deployments [-o wide]`. */
export function getDeployments(items: readonly Deployment[], clock: SimClock, options: GetOptions = {}): string {
  const headers = ['Name', 'Ready', 'Up-to-date', 'Available', 'Age'];
  if (options.wide) headers.push('Containers', 'Images', 'Selector');
  return formatTable(headers, items.map((d) => printDeployment(d, clock, options)));
}

/** `printReplicaSet`: NAME DESIRED CURRENT READY AGE (+ CONTAINERS IMAGES SELECTOR). */
export function printReplicaSet(rs: ReplicaSet, clock: SimClock, options: GetOptions = {}): string[] {
  const cells = [
    rs.metadata?.name ?? '',
    String(rs.spec?.replicas ?? 0),
    String(rs.status?.replicas ?? 0),
    String(rs.status?.readyReplicas ?? 0),
    translateTimestampSince(rs.metadata?.creationTimestamp, clock),
  ];
  if (options.wide) {
    cells.push(...layoutContainerCells(rs.spec?.template?.spec?.containers ?? []), formatLabelSelector(rs.spec?.selector));
  }
  return cells;
}

/** `kubectl get replicasets [-o wide]`. */
export function getReplicaSets(items: readonly ReplicaSet[], clock: SimClock, options: GetOptions = {}): string {
  const headers = ['Name', 'Desired', 'Current', 'Ready', 'Age'];
  if (options.wide) headers.push('Containers', 'Images', 'Selector');
  return formatTable(headers, items.map((rs) => printReplicaSet(rs, clock, options)));
}

/**
 * `printDaemonSet`: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE (+ CONTAINERS IMAGES
 * SELECTOR), the counts from status, NODE SELECTOR the template's `nodeSelector`.
 */
export function printDaemonSet(ds: DaemonSet, clock: SimClock, options: GetOptions = {}): string[] {
  const s = ds.status;
  const cells = [
    ds.metadata?.name ?? '',
    String(s?.desiredNumberScheduled ?? 0),
    String(s?.currentNumberScheduled ?? 0),
    String(s?.numberReady ?? 0),
    String(s?.updatedNumberScheduled ?? 0),
    String(s?.numberAvailable ?? 0),
    // labels.FormatLabels prints a label map as FormatLabelSelector prints matchLabels.
    formatLabelSelector({ matchLabels: ds.spec?.template?.spec?.nodeSelector ?? {} }),
    translateTimestampSince(ds.metadata?.creationTimestamp, clock),
  ];
  if (options.wide) cells.push(...layoutContainerCells(ds.spec?.template?.spec?.containers ?? []), formatLabelSelector(ds.spec?.selector));
  return cells;
}

/** `kubectl get daemonsets` headers. */
export function daemonSetHeaders(wide: boolean): string[] {
  return ['Name', 'Desired', 'Current', 'Ready', 'Up-to-date', 'Available', 'Node Selector', 'Age', ...(wide ? ['Containers', 'Images', 'Selector'] : [])];
}

/** `kubectl get daemonsets [-o wide]`. */
export function getDaemonSets(items: readonly DaemonSet[], clock: SimClock, options: GetOptions = {}): string {
  return formatTable(daemonSetHeaders(options.wide ?? false), items.map((d) => printDaemonSet(d, clock, options)));
}

/** `hasJobCondition`: a condition of the type that is True. */
function hasJobCondition(conditions: readonly JobCondition[] | undefined, type: string): boolean {
  return (conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

/** The STATUS column of `printJob`, in kubectl's order of precedence. */
export function jobStatus(job: Job): string {
  const c = job.status?.conditions;
  if (hasJobCondition(c, 'Complete')) return 'Complete';
  if (hasJobCondition(c, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (hasJobCondition(c, 'Suspended')) return 'Suspended';
  if (hasJobCondition(c, 'FailureTarget')) return 'FailureTarget';
  if (hasJobCondition(c, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

/**
 * `printJob`: NAME STATUS COMPLETIONS DURATION AGE (+ CONTAINERS IMAGES SELECTOR). COMPLETIONS is `succeeded/
 * completions`, or `succeeded/1 [of parallelism]` without completions; DURATION runs from startTime to
 * completionTime (or to now while the Job runs).
 */
export function printJob(job: Job, clock: SimClock, options: GetOptions = {}): string[] {
  const succeeded = job.status?.succeeded ?? 0;
  let completions: string;
  if (job.spec?.completions !== undefined && job.spec.completions !== null) completions = `${succeeded}/${job.spec.completions}`;
  else {
    const parallelism = job.spec?.parallelism ?? 0;
    completions = parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
  }
  let jobDuration = '';
  const start = job.status?.startTime;
  if (start !== undefined) {
    const end = job.status?.completionTime;
    jobDuration = end === undefined ? humanDuration(sinceMs(start, clock) ?? 0) : humanDuration(Date.parse(end) - Date.parse(start));
  }
  const cells = [job.metadata?.name ?? '', jobStatus(job), completions, jobDuration, translateTimestampSince(job.metadata?.creationTimestamp, clock)];
  if (options.wide) cells.push(...layoutContainerCells(job.spec?.template?.spec?.containers ?? []), formatLabelSelector(job.spec?.selector));
  return cells;
}

/** `kubectl get jobs` headers (without the wide columns). */
export const JOB_HEADERS: readonly string[] = ['Name', 'Status', 'Completions', 'Duration', 'Age'];

/** `kubectl get jobs` columns, with `-o wide`'s pod-template columns. */
export function jobHeaders(wide: boolean): string[] {
  return [...JOB_HEADERS, ...(wide ? ['Containers', 'Images', 'Selector'] : [])];
}

/** `kubectl get jobs [-o wide]`. */
export function getJobs(items: readonly Job[], clock: SimClock, options: GetOptions = {}): string {
  return formatTable(jobHeaders(!!options.wide), items.map((j) => printJob(j, clock, options)));
}

/** `printCronJob`: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE (+ CONTAINERS IMAGES SELECTOR). */
export function printCronJob(cj: CronJob, clock: SimClock, options: GetOptions = {}): string[] {
  const last = cj.status?.lastScheduleTime;
  const suspend = cj.spec?.suspend;
  const cells = [
    cj.metadata?.name ?? '',
    cj.spec?.schedule ?? '',
    cj.spec?.timeZone ?? '<none>',
    suspend === undefined || suspend === null ? '<unset>' : suspend ? 'True' : 'False',
    String(cj.status?.active?.length ?? 0),
    last === undefined ? '<none>' : translateTimestampSince(last, clock),
    translateTimestampSince(cj.metadata?.creationTimestamp, clock),
  ];
  if (options.wide) {
    const spec = cj.spec?.jobTemplate?.spec;
    cells.push(...layoutContainerCells(spec?.template?.spec?.containers ?? []), formatLabelSelector(spec?.selector));
  }
  return cells;
}

/** `kubectl get cronjobs` headers (without the wide columns). */
export const CRONJOB_HEADERS: readonly string[] = ['Name', 'Schedule', 'Timezone', 'Suspend', 'Active', 'Last Schedule', 'Age'];

/** `kubectl get cronjobs` columns, with `-o wide`'s pod-template columns. */
export function cronJobHeaders(wide: boolean): string[] {
  return [...CRONJOB_HEADERS, ...(wide ? ['Containers', 'Images', 'Selector'] : [])];
}

/** `kubectl get cronjobs [-o wide]`. */
export function getCronJobs(items: readonly CronJob[], clock: SimClock, options: GetOptions = {}): string {
  return formatTable(cronJobHeaders(!!options.wide), items.map((c) => printCronJob(c, clock, options)));
}

const LABEL_NODE_ROLE_PREFIX = 'node-role.kubernetes.io/';
const NODE_LABEL_ROLE = 'kubernetes.io/role';

/** `findNodeRoles`: roles from `node-role.kubernetes.io/<role>` keys and `kubernetes.io/role=<role>`, sorted, unique. */
export function findNodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith(LABEL_NODE_ROLE_PREFIX)) {
      const role = k.slice(LABEL_NODE_ROLE_PREFIX.length);
      if (role.length > 0) roles.add(role);
    } else if (k === NODE_LABEL_ROLE && v !== '') {
      roles.add(v);
    }
  }
  return [...roles].sort();
}

/** `printNode` STATUS: `Ready` / `NotReady` from the Ready condition (`Unknown` without one), `,SchedulingDisabled` when cordoned. */
export function nodeStatus(node: Node): string {
  const status: string[] = [];
  const ready = (node.status?.conditions ?? []).filter((c) => c.type === 'Ready').at(-1);
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** `printNode`: NAME STATUS ROLES AGE VERSION (+ INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME). */
export function printNode(node: Node, clock: SimClock, options: GetOptions = {}): string[] {
  const roles = findNodeRoles(node).join(',') || '<none>';
  const info = node.status?.nodeInfo;
  const cells = [
    node.metadata?.name ?? '',
    nodeStatus(node),
    roles,
    translateTimestampSince(node.metadata?.creationTimestamp, clock),
    info?.kubeletVersion ?? '',
  ];
  if (options.wide) {
    const address = (type: string): string =>
      (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? '<none>';
    cells.push(
      address('InternalIP'),
      address('ExternalIP'),
      info?.osImage || '<unknown>',
      info?.kernelVersion || '<unknown>',
      info?.containerRuntimeVersion || '<unknown>',
    );
  }
  return cells;
}

/** `kubectl get nodes [-o wide]`. */
export function getNodes(items: readonly Node[], clock: SimClock, options: GetOptions = {}): string {
  const headers = ['Name', 'Status', 'Roles', 'Age', 'Version'];
  if (options.wide) headers.push('Internal-IP', 'External-IP', 'OS-Image', 'Kernel-Version', 'Container-Runtime');
  return formatTable(headers, items.map((n) => printNode(n, clock, options)));
}

/**
 * `formatHPAMetrics`: the TARGETS column, e.g. `cpu: 45%/80%, memory: 30%/80%`. Current values missing from
 * `status.currentMetrics` print `<unknown>`; more than two metrics end in `+ N more...`.
 */
export function formatHPAMetrics(specs: readonly MetricSpec[] | undefined, statuses: readonly MetricStatus[] | undefined): string {
  if (!specs || specs.length === 0) return '<none>';
  const list: string[] = [];
  const max = 2;
  specs.forEach((spec, i) => {
    const st = statuses?.[i];
    switch (spec.type) {
      case 'External': {
        const target = spec.external?.target;
        if (target?.averageValue !== undefined) {
          const current = st?.external?.current.averageValue ?? '<unknown>';
          list.push(`${current}/${target.averageValue} (avg)`);
        } else {
          const current = st?.external ? (st.external.current.value ?? '0') : '<unknown>';
          list.push(`${current}/${target?.value ?? '0'}`);
        }
        break;
      }
      case 'Pods': {
        const current = st?.pods ? (st.pods.current.averageValue ?? '0') : '<unknown>';
        list.push(`${current}/${spec.pods?.target.averageValue ?? '0'}`);
        break;
      }
      case 'Object': {
        const target = spec.object?.target;
        if (target?.averageValue !== undefined) {
          const current = st?.object?.current.averageValue ?? '<unknown>';
          list.push(`${current}/${target.averageValue} (avg)`);
        } else {
          const current = st?.object ? (st.object.current.value ?? '0') : '<unknown>';
          list.push(`${current}/${target?.value ?? '0'}`);
        }
        break;
      }
      case 'Resource':
      case 'ContainerResource': {
        const source = spec.type === 'Resource' ? spec.resource : spec.containerResource;
        const current = spec.type === 'Resource' ? st?.resource?.current : st?.containerResource?.current;
        const name = source?.name ?? '';
        if (source?.target.averageValue !== undefined) {
          const cur = current ? (current.averageValue ?? '0') : '<unknown>';
          list.push(`${name}: ${cur}/${source.target.averageValue}`);
        } else {
          const cur = current?.averageUtilization !== undefined ? `${current.averageUtilization}%` : '<unknown>';
          const target = source?.target.averageUtilization !== undefined ? `${source.target.averageUtilization}%` : '<auto>';
          list.push(`${name}: ${cur}/${target}`);
        }
        break;
      }
      default:
        list.push('<unknown type>');
    }
  });
  const count = list.length;
  if (count > max) return `${list.slice(0, max).join(', ')} + ${count - max} more...`;
  return list.join(', ');
}

/** `printHorizontalPodAutoscaler`: NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE. */
export function printHorizontalPodAutoscaler(hpa: HorizontalPodAutoscaler, clock: SimClock): string[] {
  const ref = hpa.spec?.scaleTargetRef;
  return [
    hpa.metadata?.name ?? '',
    `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
    formatHPAMetrics(hpa.spec?.metrics, hpa.status?.currentMetrics),
    hpa.spec?.minReplicas !== undefined ? String(hpa.spec.minReplicas) : '<unset>',
    String(hpa.spec?.maxReplicas ?? 0),
    String(hpa.status?.currentReplicas ?? 0),
    translateTimestampSince(hpa.metadata?.creationTimestamp, clock),
  ];
}

/** `kubectl get hpa`. */
export function getHorizontalPodAutoscalers(items: readonly HorizontalPodAutoscaler[], clock: SimClock): string {
  return formatTable(
    ['Name', 'Reference', 'Targets', 'MinPods', 'MaxPods', 'Replicas', 'Age'],
    items.map((h) => printHorizontalPodAutoscaler(h, clock)),
  );
}

/** `makePortString`: `80/TCP`, `80:30080/TCP`, comma-joined. */
function makePortString(service: Service): string {
  return (service.spec?.ports ?? [])
    .map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`))
    .join(',');
}

/** `getServiceExternalIP` for the types a simulation has (no load-balancer status: `<pending>`). */
function serviceExternalIP(service: Service): string {
  const spec = service.spec;
  const externalIPs = spec?.externalIPs ?? [];
  switch (spec?.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = [...new Set((service.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter((s) => s))].sort();
      const all = [...lb, ...externalIPs];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** `printService`: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE (+ SELECTOR). */
export function printService(service: Service, clock: SimClock, options: GetOptions = {}): string[] {
  const cells = [
    service.metadata?.name ?? '',
    service.spec?.type ?? 'ClusterIP',
    service.spec?.clusterIPs?.[0] ?? service.spec?.clusterIP ?? '<none>',
    serviceExternalIP(service),
    makePortString(service) || '<none>',
    translateTimestampSince(service.metadata?.creationTimestamp, clock),
  ];
  if (options.wide) cells.push(formatLabelSelector({ matchLabels: service.spec?.selector }));
  return cells;
}

/** `kubectl get services [-o wide]`. */
export function getServices(items: readonly Service[], clock: SimClock, options: GetOptions = {}): string {
  const headers = ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age'];
  if (options.wide) headers.push('Selector');
  return formatTable(headers, items.map((s) => printService(s, clock, options)));
}

/** Age of a simulated-time instant at `clock.nowMs`, by {@link humanDuration}. */
function simAge(atMs: number, clock: SimClock): string {
  return humanDuration(clock.nowMs - atMs);
}

/** `printEvent`: LAST SEEN TYPE REASON OBJECT MESSAGE (wide adds SUBOBJECT SOURCE FIRST SEEN COUNT NAME). */
export function printEvent(event: ReportEvent, clock: SimClock, options: GetOptions = {}): string[] {
  const kind = event.involvedObject.kind.toLowerCase();
  const target = event.involvedObject.name ? `${kind}/${event.involvedObject.name}` : kind;
  const last = simAge(event.lastTimestampMs, clock);
  const message = event.message.trim();
  if (!options.wide) return [last, event.type, event.reason, target, message];
  const source = event.source.host ? `${event.source.component}, ${event.source.host}` : event.source.component;
  return [last, event.type, event.reason, target, '', source, message, simAge(event.firstTimestampMs, clock), String(Math.max(1, event.count)), ''];
}

/** `kubectl get events [-o wide]`, in the order given (kubectl prints the server's order). */
export function getEvents(events: readonly ReportEvent[], clock: SimClock, options: GetOptions = {}): string {
  const headers = options.wide
    ? ['Last Seen', 'Type', 'Reason', 'Object', 'Subobject', 'Source', 'Message', 'First Seen', 'Count', 'Name']
    : ['Last Seen', 'Type', 'Reason', 'Object', 'Message'];
  return formatTable(headers, events.map((e) => printEvent(e, clock, options)));
}

/** The fields of an Argo Rollout (argoproj.io/v1alpha1) the views read; the simulator's Rollout objects fit it. */
export interface RolloutView {
  metadata?: ObjectMeta;
  spec?: {
    replicas?: number;
    strategy?: {
      canary?: { steps?: Array<{ setWeight?: number } & Record<string, unknown>> };
      blueGreen?: Record<string, unknown>;
    };
  };
  status?: {
    phase?: string;
    abort?: boolean;
    currentStepIndex?: number;
    replicas?: number;
    readyReplicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
  };
}

/**
 * argo-rollouts `replicasetutil.GetCurrentSetWeight`: 0 when aborted; 100 past the last step (or without steps);
 * otherwise the nearest `setWeight` at or before the current step, 0 if none.
 * Example: steps [setWeight 20, pause, setWeight 50, pause], currentStepIndex 1 → 20; index 4 → 100.
 */
export function getCurrentSetWeight(rollout: RolloutView): number {
  if (rollout.status?.abort) return 0;
  const steps = rollout.spec?.strategy?.canary?.steps ?? [];
  const index = rollout.status?.currentStepIndex ?? 0;
  if (steps.length === 0 || steps.length <= index) return 100;
  for (let i = index; i >= 0; i--) {
    const w = steps[i]?.setWeight;
    if (w !== undefined) return w;
  }
  return 0;
}

/**
 * `kubectl get rollouts`: the Rollout CRD's printer columns NAME DESIRED CURRENT UP-TO-DATE AVAILABLE AGE.
 */
export function getRollouts(items: readonly RolloutView[], clock: SimClock): string {
  return formatTable(
    ['Name', 'Desired', 'Current', 'Up-to-date', 'Available', 'Age'],
    items.map((r) => rolloutRow(r, clock)),
  );
}

/** One row of {@link getRollouts}: NAME DESIRED CURRENT UP-TO-DATE AVAILABLE AGE. */
export function rolloutRow(r: RolloutView, clock: SimClock): string[] {
  return [
    r.metadata?.name ?? '',
    String(r.spec?.replicas ?? 1),
    String(r.status?.replicas ?? 0),
    String(r.status?.updatedReplicas ?? 0),
    String(r.status?.availableReplicas ?? 0),
    translateTimestampSince(r.metadata?.creationTimestamp, clock),
  ];
}

/** Go's `%-Ns`: left-justify to at least `width` characters. */
function padRight(s: string, width: number): string {
  return s.length >= width ? s : s + ' '.repeat(width - s.length);
}

/**
 * `kubectl argo rollouts list rollouts`: NAME STRATEGY STATUS STEP SET-WEIGHT READY DESIRED UP-TO-DATE AVAILABLE,
 * with the plugin's fixed `%-10s`-style cell padding under its own tabwriter (padding 2). STATUS is `status.phase`.
 */
export function listRollouts(items: readonly RolloutView[]): string {
  const widths = [10, 9, 12, 4, 10, 5, 7, 10, 9];
  const rows = items.map((r) => {
    const canary = r.spec?.strategy?.canary;
    let strategy = 'unknown';
    let step = '-';
    let setWeight = '-';
    if (canary) {
      strategy = 'Canary';
      const steps = canary.steps ?? [];
      if (r.status?.currentStepIndex !== undefined && steps.length > 0) step = `${r.status.currentStepIndex}/${steps.length}`;
      setWeight = String(getCurrentSetWeight(r));
    } else if (r.spec?.strategy?.blueGreen) {
      strategy = 'BlueGreen';
    }
    const cells = [
      r.metadata?.name ?? '',
      strategy,
      r.status?.phase ?? '',
      step,
      setWeight,
      `${r.status?.readyReplicas ?? 0}/${r.status?.replicas ?? 0}`,
      String(r.spec?.replicas ?? 1),
      String(r.status?.updatedReplicas ?? 0),
      String(r.status?.availableReplicas ?? 0),
    ];
    return cells.map((c, i) => padRight(c, widths[i] ?? 0)).join('\t');
  });
  const text = ['NAME\tSTRATEGY\tSTATUS\tSTEP\tSET-WEIGHT\tREADY\tDESIRED\tUP-TO-DATE\tAVAILABLE', ...rows].join('\n');
  // The plugin's own tabwriter: NewWriter(out, 0, 0, 2, ' ', 0).
  return tabwriterFormat(`${text}\n`, { minWidth: 0, padding: 2 });
}

/** Milliseconds since a timestamp on the simulated clock, or `undefined`; re-exported for describe. */
export { sinceMs };
