/**
 * `kubesim get <kind> [name] -f <scenario> --at T`: runs a scenario to a simulated instant and prints what
 * `kubectl get` would print at that moment, read from the store's history. Also home of the pieces the other
 * time-travel commands (`describe`, `events`) share: the kind table with kubectl's short names and the
 * "run to --at" step.
 */
import type { Command } from 'commander';
import { stringify as yamlStringify } from 'yaml';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { DaemonSet, Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Stored } from '../../cluster/store.ts';
import { formatDurationShort } from '../../engine/duration.ts';
import { translateTimestampSince, type SimClock } from '../../report/duration.ts';
import {
  formatTable,
  printDeployment,
  printEvent,
  printHorizontalPodAutoscaler,
  printNode,
  printPod,
  printReplicaSet,
  printDaemonSet,
  daemonSetHeaders,
  printJob,
  jobHeaders,
  printCronJob,
  cronJobHeaders,
  printService,
  rolloutRow,
  type RolloutView,
} from '../../report/kubectl.ts';
import type { ReportEvent } from '../../report/types.ts';
import { eventNamespace, toReportEvents } from '../../report/events.ts';

export { eventNamespace, toReportEvents };
import type { Ingress, IngressClass, NetworkPolicy } from 'kubernetes-types/networking/v1';
import { printIngress, printIngressClass, printNetworkPolicy } from '../../report/networking.ts';
import { MESH_GET_HEADERS, printMeshObject, type MeshResource } from '../../report/mesh.ts';
import { ScenarioRun } from '../../scenario/run.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { UsageError } from '../exit-codes.ts';
import type { CliIo } from '../main.ts';
import type { RegisterCommand } from './index.ts';
import { loadScenarioOrExit, parseSeed, parseTimeFlag, runWithProgress } from './run.ts';
import { findKind, KINDS, NODE_GROUP_KIND, type KindInfo } from '../../scenario/resources.ts';
import { nodeGroupHeaders, parseAutoscalerStatus, printNodeGroup, type NodeGroupView } from '../../report/nodegroups.ts';
import { AUTOSCALER_NAMESPACE, STATUS_CONFIGMAP_NAME } from '../../controllers/autoscaler/controller.ts';
import type { ConfigMap } from 'kubernetes-types/core/v1';
import type { StatefulSet } from 'kubernetes-types/apps/v1';
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import {
  printPersistentVolume,
  printPersistentVolumeClaim,
  printStatefulSet,
  printStorageClass,
  PV_HEADERS,
  PVC_HEADERS,
  STATEFULSET_HEADERS,
  STORAGECLASS_HEADERS,
} from '../../report/kubectl-storage.ts';

export { KINDS, type KindInfo };

/** Resolves a kind as typed on the command line (`po`, `Pods`, `deployment.apps`…); throws a UsageError naming the accepted ones. */
export function resolveKind(text: string): KindInfo {
  const found = findKind(text);
  if (!found) {
    const known = KINDS.map((k) => [k.resource, ...k.names.slice(2)].join('/')).join(', ');
    throw new UsageError(`the server doesn't have a resource type "${text}"; kubesim knows ${known}`);
  }
  return found;
}

/** Splits `kind/name` (kubectl's TYPE/NAME form) or returns the kind alone. */
export function splitKindName(text: string): { kind: string; name?: string } {
  const parts = text.split('/');
  if (parts.length > 2) throw new UsageError(`arguments in resource/name form may not have more than one slash: ${JSON.stringify(text)}`);
  const [kind = '', name] = parts;
  if (kind === '' || name === '') throw new UsageError(`expected kind/name, got ${JSON.stringify(text)}`);
  return name === undefined ? { kind } : { kind, name };
}

/** Flags every time-travel command shares. */
export interface TimeTravelFlags {
  filename?: string;
  at?: string;
  seed?: string;
  set?: string[];
  namespace?: string;
  allNamespaces?: boolean;
  progress?: boolean;
}

/** Adds `-f`, `--at`, `--seed`, `--set`, `-n`, `-A` and `--no-progress` to a time-travel command. */
export function timeTravelOptions(cmd: Command): Command {
  return cmd
    .requiredOption('-f, --filename <scenario>', 'the scenario file to run')
    .option('--at <time>', "simulated time to look at, e.g. 30s, 14h12m (default: the scenario's end)")
    .option('--seed <n>', 'override the scenario seed')
    .option('--set <path=value...>', 'override scenario fields, e.g. spec.traffic[0].profile.diurnal.max=800')
    .option('-n, --namespace <ns>', 'namespace to look in', 'default')
    .option('-A, --all-namespaces', 'look in every namespace')
    .option('--no-progress', 'no progress bar');
}

/** A scenario run advanced to the instant a command looks at. */
export interface RunAt {
  run: ScenarioRun;
  /** The simulated instant, ms since the start of the run. */
  atMs: number;
  /** The clock the kubectl views measure ages on. */
  clock: SimClock;
}

/**
 * Loads the scenario of `-f`, runs it to `--at` (default: its end) and returns the run. Running only to `--at`
 * makes everything recorded so far (events with their counts, decisions) exactly what existed at that instant.
 */
export function runToAt(flags: TimeTravelFlags, io: CliIo): RunAt {
  if (!flags.filename) throw new UsageError('-f, --filename <scenario> is required');
  const scenario = loadScenarioOrExit(flags.filename, io, flags.set);
  const seed = parseSeed(flags.seed);
  let atMs = scenario.durationMs;
  if (flags.at !== undefined) {
    atMs = parseTimeFlag('--at', flags.at);
    if (atMs < 0) throw new UsageError(`--at: must not be negative, got ${flags.at}`);
    if (atMs > scenario.durationMs) {
      throw new UsageError(`--at ${flags.at} is past the end of the scenario (${formatDurationShort(scenario.durationMs)})`);
    }
  }
  const run = new ScenarioRun(scenario, seed !== undefined ? { seed } : {});
  runWithProgress(run, atMs, io, flags.progress !== false && process.stderr.isTTY === true);
  return { run, atMs, clock: { epochMs: run.sim.clock.epochMs, nowMs: atMs } };
}

/**
 * client-go's event name (`record/event.go` makeEvent): `<object name>.<first timestamp in Unix nanoseconds, hex>`.
 * Example: an event about `web-1` first seen at 2026-01-05T00:00:00Z (1,767,571,200,000 ms) is `web-1.1887aca433360000`.
 */
export function eventName(e: ReportEvent, epochMs: number): string {
  const nanos = BigInt(epochMs + e.firstTimestampMs) * 1_000_000n;
  return `${e.involvedObject.name}.${nanos.toString(16)}`;
}

/** An event as the core/v1 Event object `kubectl get events -o json` prints. */
export function eventObject(e: ReportEvent, sim: Simulation): Record<string, unknown> {
  const ts = (ms: number): string => sim.clock.timestamp(ms);
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: eventName(e, sim.clock.epochMs), namespace: eventNamespace(e), creationTimestamp: ts(e.firstTimestampMs) },
    involvedObject: { kind: e.involvedObject.kind, name: e.involvedObject.name, ...(e.involvedObject.namespace ? { namespace: e.involvedObject.namespace } : {}) },
    reason: e.reason,
    message: e.message,
    source: e.source,
    firstTimestamp: ts(e.firstTimestampMs),
    lastTimestamp: ts(e.lastTimestampMs),
    count: e.count,
    type: e.type,
  };
}

/** `-o` values `get` accepts. */
const OUTPUT_FORMATS = ['wide', 'json', 'yaml', 'name'] as const;
type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Parses `-o`; throws a UsageError naming the accepted formats. */
export function parseOutputFormat(value: string | undefined, allowed: readonly string[] = OUTPUT_FORMATS): OutputFormat | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value)) {
    throw new UsageError(`-o: unable to match a printer suitable for the output format ${JSON.stringify(value)}, allowed formats are: ${allowed.join(',')}`);
  }
  return value as OutputFormat;
}

/**
 * `-o json|yaml`: one object as itself, several as a `List` (kubectl's shape; `kubectl events` prints an
 * `EventList`). kubectl's JSON printer indents by four spaces; the YAML printer writes block style.
 */
export function printObjects(objects: readonly unknown[], format: 'json' | 'yaml', single: boolean, listKind = 'List'): string {
  const doc = single ? objects[0] : { apiVersion: 'v1', items: objects, kind: listKind, metadata: { resourceVersion: '' } };
  return format === 'json' ? `${JSON.stringify(doc, null, 4)}\n` : yamlStringify(doc);
}

/** `listWithMoreString`: up to three items, then `+ N more...`; `<unset>` when empty. */
function listWithMoreString(items: readonly string[]): string {
  const max = 3;
  if (items.length > max) return `${items.slice(0, max).join(',')} + ${items.length - max} more...`;
  return items.length === 0 ? '<unset>' : items.join(',');
}

/** `printEndpointSlice`: NAME ADDRESSTYPE PORTS ENDPOINTS AGE, ports by number (or name, or `*`). */
export function printEndpointSlice(slice: EndpointSlice, clock: SimClock): string[] {
  const ports = (slice.ports ?? []).map((p) => (p.port !== undefined ? String(p.port) : (p.name ?? '*')));
  const addresses = (slice.endpoints ?? []).flatMap((e) => e.addresses);
  return [
    slice.metadata?.name ?? '',
    slice.addressType,
    listWithMoreString(ports),
    listWithMoreString(addresses),
    translateTimestampSince(slice.metadata?.creationTimestamp, clock),
  ];
}

/** `printPodDisruptionBudget`: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE (`N/A` for an unset bound). */
export function printPodDisruptionBudget(pdb: PodDisruptionBudget, clock: SimClock): string[] {
  return [
    pdb.metadata?.name ?? '',
    pdb.spec?.minAvailable !== undefined ? String(pdb.spec.minAvailable) : 'N/A',
    pdb.spec?.maxUnavailable !== undefined ? String(pdb.spec.maxUnavailable) : 'N/A',
    String(pdb.status?.disruptionsAllowed ?? 0),
    translateTimestampSince(pdb.metadata?.creationTimestamp, clock),
  ];
}

/**
 * The node groups at `--at`: each group's spec, its nodes then (by the pool label), the autoscaler's last status of
 * it up to then, and its node-hours and cost so far (the run stands at `--at`). Empty without an autoscaler.
 */
export function nodeGroupViewsAt(at: RunAt): NodeGroupView[] {
  const { sim } = at.run;
  if (!sim.nodeGroups) return [];
  const cm = sim.store.listAt<ConfigMap & Stored>('ConfigMap', at.atMs, AUTOSCALER_NAMESPACE).find((c) => c.metadata.name === STATUS_CONFIGMAP_NAME);
  const status = parseAutoscalerStatus(cm);
  const nodes = sim.store.listAt<Node & Stored>('Node', at.atMs);
  const usage = sim.nodeHours();
  return sim.nodeGroups.nodeGroups().map((spec) => {
    const own = usage.filter((u) => u.pool === spec.name);
    return {
      spec,
      nodes: nodes.filter((n) => sim.nodeGroups!.nodeGroupForNode(n) === spec.name),
      status: status.groups.get(spec.name),
      statusTime: status.time,
      nodeHours: own.reduce((a, u) => a + u.nodeHours, 0),
      dollars: own.reduce((a, u) => a + u.dollars, 0),
    };
  });
}

/** A node group as `-o json|yaml` prints it: the spec's fields, then the status and node names at that instant. */
function nodeGroupObject(v: NodeGroupView): Record<string, unknown> {
  return {
    apiVersion: 'kubesim.dev/v1',
    kind: NODE_GROUP_KIND,
    metadata: { name: v.spec.name },
    spec: { ...v.spec },
    status: { ...(v.status ?? {}), nodes: v.nodes.map((n) => n.metadata?.name ?? ''), nodeHours: v.nodeHours, dollars: v.dollars },
  };
}

/** Headers and row printer of one kind's `kubectl get` table. */
interface TablePrinter {
  headers: (wide: boolean) => string[];
  row: (obj: unknown, clock: SimClock, wide: boolean) => string[];
}

const PRINTERS: Record<string, TablePrinter> = {
  Pod: {
    headers: (wide) => ['Name', 'Ready', 'Status', 'Restarts', 'Age', ...(wide ? ['IP', 'Node', 'Nominated Node', 'Readiness Gates'] : [])],
    row: (o, clock, wide) => printPod(o as Pod, clock, { wide }),
  },
  Deployment: {
    headers: (wide) => ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', ...(wide ? ['Containers', 'Images', 'Selector'] : [])],
    row: (o, clock, wide) => printDeployment(o as Deployment, clock, { wide }),
  },
  ReplicaSet: {
    headers: (wide) => ['Name', 'Desired', 'Current', 'Ready', 'Age', ...(wide ? ['Containers', 'Images', 'Selector'] : [])],
    row: (o, clock, wide) => printReplicaSet(o as ReplicaSet, clock, { wide }),
  },
  DaemonSet: {
    headers: daemonSetHeaders,
    row: (o, clock, wide) => printDaemonSet(o as DaemonSet, clock, { wide }),
  },
  Node: {
    headers: (wide) => ['Name', 'Status', 'Roles', 'Age', 'Version', ...(wide ? ['Internal-IP', 'External-IP', 'OS-Image', 'Kernel-Version', 'Container-Runtime'] : [])],
    row: (o, clock, wide) => printNode(o as Node, clock, { wide }),
  },
  Service: {
    headers: (wide) => ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', ...(wide ? ['Selector'] : [])],
    row: (o, clock, wide) => printService(o as Service, clock, { wide }),
  },
  HorizontalPodAutoscaler: {
    headers: () => ['Name', 'Reference', 'Targets', 'MinPods', 'MaxPods', 'Replicas', 'Age'],
    row: (o, clock) => printHorizontalPodAutoscaler(o as HorizontalPodAutoscaler, clock),
  },
  Event: {
    headers: (wide) =>
      wide
        ? ['Last Seen', 'Type', 'Reason', 'Object', 'Subobject', 'Source', 'Message', 'First Seen', 'Count', 'Name']
        : ['Last Seen', 'Type', 'Reason', 'Object', 'Message'],
    row: (o, clock, wide) => printEvent(o as ReportEvent, clock, { wide }),
  },
  Rollout: {
    headers: () => ['Name', 'Desired', 'Current', 'Up-to-date', 'Available', 'Age'],
    row: (o, clock) => rolloutRow(o as RolloutView, clock),
  },
  EndpointSlice: {
    headers: () => ['Name', 'AddressType', 'Ports', 'Endpoints', 'Age'],
    row: (o, clock) => printEndpointSlice(o as EndpointSlice, clock),
  },
  PodDisruptionBudget: {
    headers: () => ['Name', 'Min Available', 'Max Unavailable', 'Allowed Disruptions', 'Age'],
    row: (o, clock) => printPodDisruptionBudget(o as PodDisruptionBudget, clock),
  },
  NetworkPolicy: {
    headers: () => ['Name', 'Pod-Selector', 'Age'],
    row: (o, clock) => printNetworkPolicy(o as NetworkPolicy, clock),
  },
  Ingress: {
    headers: () => ['Name', 'Class', 'Hosts', 'Address', 'Ports', 'Age'],
    row: (o, clock) => printIngress(o as Ingress, clock),
  },
  IngressClass: {
    headers: () => ['Name', 'Controller', 'Parameters', 'Age'],
    row: (o, clock) => printIngressClass(o as IngressClass, clock),
  },
  ...Object.fromEntries(
    Object.entries(MESH_GET_HEADERS).map(([kind, headers]) => [kind, { headers: () => [...headers], row: (o: unknown, clock: SimClock) => printMeshObject(kind, o as MeshResource, clock) }]),
  ),
  [NODE_GROUP_KIND]: {
    headers: (wide) => nodeGroupHeaders(wide),
    row: (o, _clock, wide) => printNodeGroup(o as NodeGroupView, { wide }),
  },
  StatefulSet: { headers: STATEFULSET_HEADERS, row: (o, clock, wide) => printStatefulSet(o as StatefulSet, clock, wide) },
  PersistentVolumeClaim: { headers: PVC_HEADERS, row: (o, clock, wide) => printPersistentVolumeClaim(o as PersistentVolumeClaim, clock, wide) },
  PersistentVolume: { headers: PV_HEADERS, row: (o, clock, wide) => printPersistentVolume(o as PersistentVolume, clock, wide) },
  StorageClass: { headers: STORAGECLASS_HEADERS, row: (o, clock) => printStorageClass(o as StorageClass, clock) },
  Job: {
    headers: jobHeaders,
    row: (o, clock, wide) => printJob(o as Job, clock, { wide }),
  },
  CronJob: {
    headers: cronJobHeaders,
    row: (o, clock, wide) => printCronJob(o as CronJob, clock, { wide }),
  },
};

/** One listed item: the object for `-o json|yaml`, its namespace and name for the table. */
interface Listed {
  object: unknown;
  namespace: string;
  name: string;
}

/** Objects of a kind at `--at`, filtered by namespace (unless cluster-scoped or `-A`) and name. */
function listAt(info: KindInfo, at: RunAt, namespace: string | undefined, name: string | undefined): Listed[] {
  const { sim } = at.run;
  let items: Listed[];
  if (info.kind === 'Event') {
    // kubectl get events lists in the API server's key order: namespace, then name.
    items = toReportEvents(sim.events.all)
      .map((e) => ({ object: e, namespace: eventNamespace(e), name: eventName(e, sim.clock.epochMs) }))
      .sort((a, b) => compareStrings(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`));
  } else if (info.kind === NODE_GROUP_KIND) {
    items = nodeGroupViewsAt(at).map((v) => ({ object: v, namespace: '', name: v.spec.name }));
  } else {
    items = sim.store
      .listAt<Stored>(info.kind, at.atMs, info.clusterScoped ? undefined : namespace)
      .map((o) => ({ object: o, namespace: o.metadata.namespace, name: o.metadata.name }));
  }
  return items.filter((i) => (info.clusterScoped || namespace === undefined || i.namespace === namespace) && (name === undefined || i.name === name));
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface GetFlags extends TimeTravelFlags {
  output?: string;
}

/** `<kind>.<group>` as kubectl's name printer writes it: `pod`, `deployment.apps`. */
function kindGroup(info: KindInfo): string {
  return `${info.kind.toLowerCase()}${info.group ? `.${info.group}` : ''}`;
}

/** The objects found for one kind. */
interface Found {
  info: KindInfo;
  items: Listed[];
}

/**
 * The text `kubesim get` prints. Several kinds (`hpa,deploy`) print one table each, separated by a blank line, with
 * NAME prefixed by `<kind>.<group>/` as kubectl does when a listing mixes kinds; `-o json|yaml` puts them in one List.
 */
function renderGet(found: readonly Found[], at: RunAt, format: OutputFormat | undefined, allNamespaces: boolean, single: boolean): string {
  if (format === 'json' || format === 'yaml') {
    const objects = found.flatMap(({ info, items }) =>
      items.map((i) => (info.kind === 'Event' ? eventObject(i.object as ReportEvent, at.run.sim) : info.kind === NODE_GROUP_KIND ? nodeGroupObject(i.object as NodeGroupView) : i.object)),
    );
    return printObjects(objects, format, single && objects.length === 1);
  }
  if (format === 'name') return found.flatMap(({ info, items }) => items.map((i) => `${kindGroup(info)}/${i.name}\n`)).join('');
  const wide = format === 'wide';
  const mixed = found.length > 1;
  const tables = found
    .filter((f) => f.items.length > 0)
    .map(({ info, items }) => {
      const printer = PRINTERS[info.kind]!;
      const withNamespace = allNamespaces && !info.clusterScoped;
      const headers = printer.headers(wide);
      const rows = items.map((i) => {
        const cells = printer.row(i.object, at.clock, wide);
        // Events have no NAME column to prefix.
        if (mixed && info.kind !== 'Event') cells[0] = `${kindGroup(info)}/${cells[0]}`;
        return withNamespace ? [i.namespace, ...cells] : cells;
      });
      return formatTable(withNamespace ? ['Namespace', ...headers] : headers, rows);
    });
  return tables.join('\n');
}

export const registerGet: RegisterCommand = (program, io) => {
  const cmd = program
    .command('get <kind> [name]')
    .description('list objects as kubectl would, at any simulated time (--at)')
    .option('-o, --output <format>', 'wide, json, yaml or name');
  timeTravelOptions(cmd)
    .addHelpText(
      'after',
      `
Kinds: ${KINDS.map((k) => [k.resource, ...k.names.slice(2)].join('/')).join(', ')}.
Also kind/name (pods/web-1) and several kinds at once (hpa,deploy). The scenario runs to --at (default: its end);
objects are read from the store's history at that instant, events are those recorded up to it.

Examples:
  kubesim get pods -f scenarios/webapi-peak.yaml --at 14h12m
  kubesim get deploy webapi-deployment -f scenarios/webapi-peak.yaml --at 14h12m -o yaml
  kubesim get hpa,deploy,rs -f scenarios/webapi-peak.yaml --at 14h30m --set spec.traffic[0].profile.diurnal.max=800
  kubesim get pods -A -o wide -f scenarios/webapi-peak.yaml --at 30s
  kubesim get nodegroups -o wide -f scenarios/autoscaler-spike.yaml --at 1h`,
    )
    .action((kindArg: string, nameArg: string | undefined, flags: GetFlags) => {
      const split = splitKindName(kindArg);
      if (split.name !== undefined && nameArg !== undefined) {
        throw new UsageError(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (got ${kindArg} and ${nameArg})`);
      }
      const infos = split.kind.split(',').map(resolveKind);
      const name = split.name ?? nameArg;
      const format = parseOutputFormat(flags.output);
      const at = runToAt(flags, io);
      const namespace = flags.allNamespaces ? undefined : (flags.namespace ?? 'default');
      const found = infos.map((info) => ({ info, items: listAt(info, at, namespace, name) }));
      if (name !== undefined) {
        const notFound = found
          .filter((f) => f.items.length === 0)
          .map(({ info }) => `${info.resource} "${name}" not found at ${formatDurationShort(at.atMs)}${info.clusterScoped || namespace === undefined ? '' : ` in namespace ${namespace}`}`);
        // As kubectl: the kinds that have it are printed, the others reported; nothing found at all is an error.
        if (notFound.length === found.length) throw new UsageError(notFound.join('; '));
        for (const message of notFound) io.err(`Error: ${message}\n`);
      }
      if (found.every((f) => f.items.length === 0) && format !== 'json' && format !== 'yaml') {
        io.err(namespace === undefined || infos.every((i) => i.clusterScoped) ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`);
        return;
      }
      io.out(renderGet(found, at, format, flags.allNamespaces === true, name !== undefined && found.length === 1));
    });
};
