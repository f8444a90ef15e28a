/**
 * `kubesim describe <kind>/<name> -f <scenario> --at T`: kubectl's describe layout at a simulated instant, with the
 * object's conditions and its events up to T, followed by the decisions that explain it: for an HPA the table of its
 * syncs (metrics, proposal, stabilisation, limits), for a pod the scheduler's verdict with the plugin scores of the
 * best nodes.
 */
import type { Stored } from '../../cluster/store.ts';
import { describeHpaDecisions } from '../../controllers/hpa/describe.ts';
import type { NodeScoreReport, SchedulingDecision } from '../../controllers/scheduler/framework/runtime.ts';
import { formatDurationShort } from '../../engine/duration.ts';
import type { Decision } from '../../record/decisions.ts';
import { describeNodeGroup } from '../../report/describe.ts';
import { DESCRIBED_KINDS, describeObject } from '../../report/describe-object.ts';
import { KUBECTL_DESCRIBE_TABWRITER, tabwriterFormat } from '../../report/tabwriter.ts';
import type { ReportEvent } from '../../report/types.ts';
import { UsageError } from '../exit-codes.ts';
import type { RegisterCommand } from './index.ts';
import { NODE_GROUP_KIND } from '../../scenario/resources.ts';
import type { NodeGroupView } from '../../report/nodegroups.ts';
import { KINDS, nodeGroupViewsAt, resolveKind, runToAt, splitKindName, timeTravelOptions, toReportEvents, type RunAt, type TimeTravelFlags } from './get.ts';

/** Kinds with a describer, in `--help` order. */
const DESCRIBABLE = [...DESCRIBED_KINDS, NODE_GROUP_KIND];

/** Default number of the latest decisions shown (an HPA syncs every 15 s: 5,760 syncs a day). */
const DEFAULT_DECISIONS = 20;

interface DescribeFlags extends TimeTravelFlags {
  decisions?: string;
}

/** The decision log key of an object: `Kind/namespace/name`. */
function decisionKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

/** The last `limit` decisions (all when `limit` is 0), with a line saying how many earlier ones were left out. */
function latest(decisions: readonly Decision[], limit: number): { shown: readonly Decision[]; omitted: number } {
  if (limit === 0 || decisions.length <= limit) return { shown: decisions, omitted: 0 };
  return { shown: decisions.slice(decisions.length - limit), omitted: decisions.length - limit };
}

function omittedLine(omitted: number): string {
  return omitted > 0 ? `  (${omitted} earlier decision(s) not shown; --decisions 0 shows all)\n` : '';
}

/**
 * The HPA's "why": one row per sync up to `--at`, the latest `limit` of them, as `describeHpaDecisions` lays them
 * out. Times are simulated time since the start of the run.
 */
export function describeHpaSection(decisions: readonly Decision[], limit: number): string {
  if (decisions.length === 0) return 'Decisions:\t<none>\n';
  const { shown, omitted } = latest(decisions, limit);
  const table = describeHpaDecisions(shown)
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => `  ${l}\n`)
    .join('');
  return `Decisions (horizontal-pod-autoscaler syncs, simulated time):\n${omittedLine(omitted)}${table}`;
}

/** Plugin columns of a score table: every plugin that scored one of the nodes, in the profile's weight order. */
function scoredPlugins(d: SchedulingDecision): string[] {
  const scored = new Set(d.topNodes.flatMap((n: NodeScoreReport) => Object.keys(n.scores)));
  return Object.keys(d.weights).filter((p) => scored.has(p));
}

/**
 * The scheduler's verdicts on a pod up to `--at`: each cycle's outcome, and for a cycle decided by scores the top
 * nodes with each Score plugin's normalized score (0–100) and its weight; the total is Σ weight × score.
 */
export function describeSchedulingSection(decisions: readonly Decision[], limit: number): string {
  if (decisions.length === 0) return 'Scheduling:\t<none>\n';
  const { shown, omitted } = latest(decisions, limit);
  let text = `Scheduling (kube-scheduler cycles, simulated time):\n${omittedLine(omitted)}`;
  for (const d of shown) {
    text += `  ${formatDurationShort(d.tMs)}\t${d.summary}\n`;
    const details = d.details as unknown as SchedulingDecision;
    const plugins = scoredPlugins(details);
    if (details.via !== 'scores' || plugins.length === 0) continue;
    const rows = [
      ['Node', 'Total', ...plugins.map((p) => `${p} (×${details.weights[p]})`)],
      ...details.topNodes.map((n) => [n.nodeName, String(n.totalScore), ...plugins.map((p) => (n.scores[p] === undefined ? '-' : String(n.scores[p])))]),
    ];
    const table = tabwriterFormat(`${rows.map((r) => r.join('\t')).join('\n')}\n`, KUBECTL_DESCRIBE_TABWRITER);
    text += table
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => `    ${l.trimEnd()}\n`)
      .join('');
  }
  // The cycle lines share one tab stop so the summaries line up.
  return tabwriterFormat(text, KUBECTL_DESCRIBE_TABWRITER);
}

/** The describe text of one object at `--at`, with its decision section. */
function describeOne(kind: string, obj: Stored, at: RunAt, events: readonly ReportEvent[], limit: number): string {
  const { sim } = at.run;
  const { namespace, name } = obj.metadata;
  const text = describeObject(sim.store, kind, obj, at.atMs, events, at.clock);
  if (text === undefined) throw new UsageError(`describe of ${kind} is not supported`);
  // The "why" after the object: a pod's scheduling cycles, an HPA's syncs.
  if (kind === 'Pod') return `${text}${describeSchedulingSection(sim.decisions.for(decisionKey('Pod', namespace, name), at.atMs), limit)}`;
  if (kind === 'HorizontalPodAutoscaler') return `${text}${describeHpaSection(sim.decisions.for(decisionKey('HorizontalPodAutoscaler', namespace, name), at.atMs), limit)}`;
  return text;
}

/**
 * A node group's describe text: its events are the autoscaler's about the group (scale-ups name it) and about its
 * nodes, including nodes gone by `--at`; its decisions are those about the group and its nodes, the latest `limit`.
 */
function describeNodeGroupAt(v: NodeGroupView, at: RunAt, events: readonly ReportEvent[], limit: number): string {
  const { sim } = at.run;
  const group = v.spec.name;
  const member = (node: string) => sim.poolOf(node) === group;
  // Status events (on the ConfigMap) name the group ("setting group burst size to 3") or a node ("removing empty node burst-1").
  const aboutGroup = (message: string) => message.includes(`group ${group} `) || (message.match(/[a-z0-9][a-z0-9.-]*/g) ?? []).some(member);
  const own = events.filter(
    (e) =>
      e.source.component === 'cluster-autoscaler' &&
      ((e.involvedObject.kind === 'Node' && member(e.involvedObject.name)) || (e.involvedObject.kind === 'ConfigMap' && aboutGroup(e.message))),
  );
  const decisions = sim.decisions.all.filter(
    (d) => d.tMs <= at.atMs && (d.object === `NodeGroup/${group}` || (d.object.startsWith('Node/') && member(d.object.slice('Node/'.length)))),
  );
  const { shown, omitted } = latest(decisions, limit);
  return `${describeNodeGroup(v, own, shown, at.clock)}${omittedLine(omitted)}`;
}

function parseDecisionLimit(value: string | undefined): number {
  if (value === undefined) return DEFAULT_DECISIONS;
  if (!/^\d+$/.test(value)) throw new UsageError(`--decisions: expected a non-negative integer, got ${JSON.stringify(value)}`);
  return Number(value);
}

export const registerDescribe: RegisterCommand = (program, io) => {
  const cmd = program
    .command('describe <kind/name> [name]')
    .description('describe an object with its conditions, events and decisions (--at)')
    .option('--decisions <n>', `how many of the latest decisions to show (default ${DEFAULT_DECISIONS}; 0 shows all)`);
  const names = KINDS.filter((k) => DESCRIBABLE.includes(k.kind)).map((k) => [k.resource, ...k.names.slice(2)].join('/'));
  timeTravelOptions(cmd)
    .addHelpText(
      'after',
      `
Kinds: ${names.join(', ')}. Give kind/name (hpa/webapi-hpa) or kind and name (hpa webapi-hpa); a kind alone
describes every object of it. Events are those up to --at. An HPA adds the table of its syncs (the "why" of each
size); a pod adds the scheduler's cycles with the plugin scores of the best nodes. A rollout prints the view of
\`kubectl argo rollouts get rollout\` (status, step, weights, images, replicas and the tree of ReplicaSets and pods).
A node group prints the cluster autoscaler's status of it, its nodes, its cost so far and the autoscaler's decisions.

Examples:
  kubesim describe hpa/webapi-hpa -f scenarios/webapi-peak.yaml --at 14h12m
  kubesim describe pod/webapi-deployment-697fc4956c-6vlg8 -f scenarios/webapi-peak.yaml --at 30s
  kubesim describe deploy/webapi-deployment -f scenarios/webapi-peak.yaml --at 14h12m
  kubesim describe nodes -f scenarios/webapi-peak.yaml --at 14h06m
  kubesim describe rollout/canary -f scenarios/canary.yaml --at 10m
  kubesim describe nodegroup/burst -f scenarios/autoscaler-spike.yaml --at 1h`,
    )
    .action((target: string, nameArg: string | undefined, flags: DescribeFlags) => {
      const split = splitKindName(target);
      if (split.name !== undefined && nameArg !== undefined) {
        throw new UsageError(`give either kind/name or kind and name, not both (got ${target} and ${nameArg})`);
      }
      const info = resolveKind(split.kind);
      if (!DESCRIBABLE.includes(info.kind)) {
        throw new UsageError(`kubesim cannot describe ${info.resource} yet; it describes ${names.join(', ')}`);
      }
      const limit = parseDecisionLimit(flags.decisions);
      const name = split.name ?? nameArg;
      const at = runToAt(flags, io);
      const namespace = flags.allNamespaces || info.clusterScoped ? undefined : (flags.namespace ?? 'default');
      const events = toReportEvents(at.run.sim.events.all);
      if (info.kind === NODE_GROUP_KIND) {
        const views = nodeGroupViewsAt(at).filter((v) => name === undefined || v.spec.name === name);
        if (views.length === 0) {
          const known = nodeGroupViewsAt(at).map((v) => v.spec.name);
          const what = name === undefined ? `no ${info.resource}` : `${info.resource} "${name}" not found`;
          throw new UsageError(`${what}: ${known.length > 0 ? `the scenario's node groups are ${known.join(', ')}` : 'the scenario has no node groups (pools with min and max)'}`);
        }
        io.out(views.map((v) => describeNodeGroupAt(v, at, events, limit)).join('\n\n'));
        return;
      }
      const objects = at.run.sim.store.listAt<Stored>(info.kind, at.atMs, namespace).filter((o) => name === undefined || o.metadata.name === name);
      if (objects.length === 0) {
        const where = namespace === undefined ? '' : ` in namespace ${namespace}`;
        throw new UsageError(
          name === undefined
            ? `no ${info.resource} at ${formatDurationShort(at.atMs)}${where}`
            : `${info.resource} "${name}" not found at ${formatDurationShort(at.atMs)}${where}`,
        );
      }
      // kubectl separates several descriptions with a blank line pair.
      io.out(objects.map((o) => describeOne(info.kind, o, at, events, limit)).join('\n\n'));
    });
};
