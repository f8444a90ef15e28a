/**
 * The recorder's events in the shape the views print (`kubectl get events`, `describe`'s Events table), shared by
 * the CLI's time-travel commands and the browser playground.
 */
import type { SimEvent } from '../record/events.ts';
import type { ReportEvent } from './types.ts';

/**
 * The recorder's events in the report's shape. Events about cluster-scoped objects (Nodes) carry no namespace in
 * the recorder; client-go records them in `default` (`metav1.NamespaceDefault`), and so do we.
 */
export function toReportEvents(events: readonly SimEvent[]): ReportEvent[] {
  return events.map((e) => ({
    type: e.type,
    reason: e.reason,
    message: e.message,
    involvedObject: { kind: e.involvedObject.kind, name: e.involvedObject.name, namespace: eventNamespace(e) },
    firstTimestampMs: e.firstTimestampMs,
    lastTimestampMs: e.lastTimestampMs,
    count: e.count,
    source: { ...e.source },
  }));
}

/** The namespace an event object lives in: its involved object's, or `default` for cluster-scoped objects. */
export function eventNamespace(e: { involvedObject: { namespace?: string } }): string {
  return e.involvedObject.namespace || 'default';
}
