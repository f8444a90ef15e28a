/**
 * Alert transitions as events, so `kubesim events` (and events.jsonl) show them in time order beside the cluster's
 * own events, the way an SRE reads an incident: the alert is about the object its labels name.
 *
 * | transition | TYPE    | REASON        | when                                                             |
 * |------------|---------|---------------|------------------------------------------------------------------|
 * | pending    | Normal  | AlertPending  | the first evaluation that returned it, when it has a `for` delay |
 * | firing     | Warning | AlertFiring   | the evaluation that made it fire                                 |
 * | resolved   | Normal  | AlertResolved | the first evaluation that no longer returned it (after firing)   |
 *
 * OBJECT is the most specific object the alert's labels name ({@link ALERT_OBJECT_LABELS}, in the namespace of its
 * `namespace` label), else `Alert/<alertname>`; MESSAGE the alert's name and its `summary` annotation (else
 * `description`, else its labels), as `KubePodCrashLooping: Pod is crash looping.` The source component is `prometheus`, the rule evaluator. Kubernetes itself records no such
 * events: these are kubesim's rendering of what Alertmanager would notify.
 */
import type { AlertRecord } from '../record/alerts/evaluate.ts';
import type { ReportEvent } from './types.ts';

/** Label → kind of the object an alert is about, most specific first (kube-state-metrics' label names). */
export const ALERT_OBJECT_LABELS: readonly (readonly [label: string, kind: string])[] = Object.freeze([
  ['pod', 'Pod'],
  ['persistentvolumeclaim', 'PersistentVolumeClaim'],
  ['job_name', 'Job'],
  ['replicaset', 'ReplicaSet'],
  ['deployment', 'Deployment'],
  ['statefulset', 'StatefulSet'],
  ['daemonset', 'DaemonSet'],
  ['horizontalpodautoscaler', 'HorizontalPodAutoscaler'],
  ['cronjob', 'CronJob'],
  ['service', 'Service'],
  ['node', 'Node'],
]);

/** Kinds without a namespace: their events carry none. */
const CLUSTER_SCOPED = new Set(['Node']);

/** The object an alert is about, from its labels. */
export function alertObject(labels: Readonly<Record<string, string>>): ReportEvent['involvedObject'] {
  for (const [label, kind] of ALERT_OBJECT_LABELS) {
    const name = labels[label];
    if (name === undefined || name === '') continue;
    const namespace = labels['namespace'];
    return CLUSTER_SCOPED.has(kind) || namespace === undefined ? { kind, name } : { kind, name, namespace };
  }
  const namespace = labels['namespace'];
  return { kind: 'Alert', name: labels['alertname'] ?? '', ...(namespace !== undefined ? { namespace } : {}) };
}

/**
 * The transitions of `alerts` (times in Unix ms) as events in simulated ms (`epochMs` is simulated time 0), in time
 * order (ties: the alerts' order, pending before firing before resolved).
 */
export function alertEvents(alerts: readonly AlertRecord[], epochMs: number): ReportEvent[] {
  const out: ReportEvent[] = [];
  for (const a of alerts) {
    const involvedObject = alertObject(a.labels);
    const text =
      a.annotations['summary'] ??
      a.annotations['description'] ??
      Object.keys(a.labels)
        .filter((k) => k !== 'alertname')
        .map((k) => `${k}=${a.labels[k]}`)
        .join(', ');
    const message = text === '' ? a.name : `${a.name}: ${text}`;
    const at = (unixMs: number, type: ReportEvent['type'], reason: string): ReportEvent => {
      const t = unixMs - epochMs;
      return { type, reason, message, involvedObject: { ...involvedObject }, firstTimestampMs: t, lastTimestampMs: t, count: 1, source: { component: 'prometheus' } };
    };
    // With `for: 0` an alert fires at its first evaluation and is never seen pending.
    if (a.firedAtMs === undefined || a.firedAtMs > a.activeAtMs) out.push(at(a.activeAtMs, 'Normal', 'AlertPending'));
    if (a.firedAtMs !== undefined) out.push(at(a.firedAtMs, 'Warning', 'AlertFiring'));
    if (a.resolvedAtMs !== undefined) out.push(at(a.resolvedAtMs, 'Normal', 'AlertResolved'));
  }
  return out.map((e, i) => ({ e, i })).sort((x, y) => x.e.firstTimestampMs - y.e.firstTimestampMs || x.i - y.i).map((x) => x.e);
}
