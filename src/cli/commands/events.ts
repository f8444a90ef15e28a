/**
 * `kubesim events -f <scenario> [--for kind/name] [--at T] [--types Warning]`: the events of a run as `kubectl events`
 * prints them (kubectl `pkg/cmd/events`): LAST SEEN TYPE REASON OBJECT MESSAGE, sorted by last timestamp, ages
 * relative to `--at`, repeats as `5m (x12 over 20m)`. With alerting rules in the scenario, the alerts' transitions
 * are events too (AlertPending, AlertFiring, AlertResolved about the object their labels name: `alert-events.ts`).
 */
import { formatDurationShort } from '../../engine/duration.ts';
import { alertEvents } from '../../report/alert-events.ts';
import { humanDuration, type SimClock } from '../../report/duration.ts';
import { KUBECTL_GET_TABWRITER, tabwriterFormat } from '../../report/tabwriter.ts';
import type { ReportEvent } from '../../report/types.ts';
import { UsageError } from '../exit-codes.ts';
import type { RegisterCommand } from './index.ts';
import {
  eventNamespace,
  eventObject,
  parseOutputFormat,
  printObjects,
  resolveKind,
  runToAt,
  splitKindName,
  timeTravelOptions,
  toReportEvents,
  type TimeTravelFlags,
} from './get.ts';

interface EventsFlags extends TimeTravelFlags {
  for?: string;
  types?: string;
  type?: string;
  output?: string;
  /** `--no-headers` sets this false. */
  headers?: boolean;
}

/** kubectl's `escapeCell`: a cell stops at its first line break (`\f`, `\n`, `\r`), marked by `...`. */
function escapeCell(text: string): string {
  const i = text.search(/[\f\n\r]/);
  return i >= 0 ? `${text.slice(0, i)}...` : text;
}

/**
 * `getInterval`: the LAST SEEN cell. A repeated event (count > 1) prints the age of its last occurrence and
 * `(xN over <age of the first>)`; a single one the age of its first. Example at t = 30m: count 8, first at 10m,
 * last at 28m → `2m (x8 over 20m)`.
 */
export function eventInterval(e: ReportEvent, clock: SimClock): string {
  const first = humanDuration(clock.nowMs - e.firstTimestampMs);
  return e.count > 1 ? `${humanDuration(clock.nowMs - e.lastTimestampMs)} (x${e.count} over ${first})` : first;
}

/**
 * `SortableEvents`: by last timestamp. Go's sort.Sort is not stable; we keep ties in the order the events were
 * first recorded, so the output is deterministic.
 */
export function sortEvents(events: readonly ReportEvent[]): ReportEvent[] {
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.lastTimestampMs - b.e.lastTimestampMs || a.i - b.i)
    .map((x) => x.e);
}

/** `EventPrinter`: the `kubectl events` table (NAMESPACE first with `-A`), aligned by kubectl's tabwriter. */
export function printEvents(events: readonly ReportEvent[], clock: SimClock, options: { allNamespaces?: boolean; noHeaders?: boolean } = {}): string {
  const lines: string[] = [];
  if (!options.noHeaders) lines.push(`${options.allNamespaces ? 'NAMESPACE\t' : ''}LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE`);
  for (const e of events) {
    const cells = [
      eventInterval(e, clock),
      escapeCell(e.type),
      escapeCell(e.reason),
      `${escapeCell(e.involvedObject.kind)}/${escapeCell(e.involvedObject.name)}`,
      escapeCell(e.message.trim()),
    ];
    lines.push((options.allNamespaces ? [eventNamespace(e), ...cells] : cells).join('\t'));
  }
  return tabwriterFormat(lines.length ? `${lines.join('\n')}\n` : '', KUBECTL_GET_TABWRITER);
}

/** `--types` (kubectl) or `--type`: a comma-separated list of Normal and Warning, case-insensitive. */
function parseTypes(flags: EventsFlags): string[] {
  const raw = [flags.types, flags.type].filter((v): v is string => v !== undefined).flatMap((v) => v.split(','));
  const types = raw.map((t) => t.trim()).filter((t) => t !== '');
  for (const t of types) {
    if (t.toLowerCase() !== 'normal' && t.toLowerCase() !== 'warning') throw new UsageError(`valid --types are Normal or Warning, got ${JSON.stringify(t)}`);
  }
  return types.map((t) => t.toLowerCase());
}

export const registerEvents: RegisterCommand = (program, io) => {
  const cmd = program
    .command('events')
    .description('print the Kubernetes events of a run up to a simulated time, as kubectl events does')
    .option('--for <kind/name>', 'only events about this object, e.g. deployment/webapi-deployment')
    .option('--types <types>', 'only events of these types: Normal, Warning (comma-separated)')
    .option('--type <type>', 'same as --types')
    .option('-o, --output <format>', 'json or yaml')
    .option('--no-headers', 'no header line');
  timeTravelOptions(cmd)
    .addHelpText(
      'after',
      `
Events up to --at (default: the scenario's end), oldest first by last occurrence; LAST SEEN is measured from --at.
With alerting rules (spec.alerting), alert transitions are listed too: AlertPending, AlertFiring (Warning) and
AlertResolved, about the object the alert's labels name (pod, deployment, …, node; else Alert/<alertname>).

Examples:
  kubesim events -f scenarios/webapi-peak.yaml --at 14h12m
  kubesim events -f scenarios/webapi-peak.yaml --for hpa/webapi-hpa --types Warning
  kubesim events -f scenarios/webapi-peak.yaml -A -o yaml`,
    )
    .action((flags: EventsFlags) => {
      const types = parseTypes(flags);
      const format = parseOutputFormat(flags.output, ['json', 'yaml']);
      let forObject: { kind: string; name: string } | undefined;
      if (flags.for !== undefined) {
        const split = splitKindName(flags.for);
        if (split.name === undefined) throw new UsageError(`--for must be in resource/name form, got ${JSON.stringify(flags.for)}`);
        forObject = { kind: resolveKind(split.kind).kind, name: split.name };
      }
      const at = runToAt(flags, io);
      const namespace = flags.allNamespaces ? undefined : (flags.namespace ?? 'default');
      const events = sortEvents(
        [...toReportEvents(at.run.sim.events.all), ...alertEvents(at.run.alerts().alerts, at.run.sim.clock.epochMs)].filter(
          (e) =>
            (namespace === undefined || eventNamespace(e) === namespace) &&
            (types.length === 0 || types.includes(e.type.toLowerCase())) &&
            (forObject === undefined || (e.involvedObject.kind === forObject.kind && e.involvedObject.name === forObject.name)),
        ),
      );
      if (format === 'json' || format === 'yaml') {
        io.out(printObjects(events.map((e) => eventObject(e, at.run.sim)), format, false, 'EventList'));
        return;
      }
      if (events.length === 0) {
        io.err(namespace === undefined ? 'No events found.\n' : `No events found in ${namespace} namespace (up to ${formatDurationShort(at.atMs)}).\n`);
        return;
      }
      io.out(printEvents(events, at.clock, { allNamespaces: namespace === undefined, noHeaders: flags.headers === false }));
    });
};
