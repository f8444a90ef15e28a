/**
 * A readable table of an HPA's decisions, for `kubesim describe hpa/<name> --at T`: one row per sync with the
 * metric values against their targets, the raw proposal, the stabilised recommendation, the policy limit, the final
 * size and the reason.
 */
import type { Decision } from '../../record/decisions.ts';
import type { HpaDecisionDetails } from './controller.ts';

/** Formats simulated ms as `1h02m03s` (no Date, no locale). */
function clockTime(tMs: number): string {
  const s = Math.floor(tMs / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${h}h${String(m).padStart(2, '0')}m${String(sec).padStart(2, '0')}s`;
}

/**
 * Renders `hpa` decisions (in the order given) as an aligned text table with columns TIME, CURRENT, METRICS,
 * PROPOSAL, STABILIZED, LIMIT, DESIRED, REASON. Decisions of other controllers are skipped.
 */
export function describeHpaDecisions(decisions: readonly Decision[]): string {
  const header = ['TIME', 'CURRENT', 'METRICS', 'PROPOSAL', 'STABILIZED', 'LIMIT', 'DESIRED', 'REASON'];
  const rows: string[][] = [header];
  for (const d of decisions) {
    if (d.controller !== 'hpa') continue;
    const x = d.details as unknown as HpaDecisionDetails;
    const metrics = (x.metrics ?? [])
      .map((m) => {
        if (m.error !== undefined) return `${m.metric}: <error>`;
        const unit = m.metric.includes('utilization') ? '%' : 'm';
        const groups =
          m.readyPods !== undefined
            ? ` (ready ${m.readyPods}${m.unreadyPods?.length ? `, unready ${m.unreadyPods.length}` : ''}${m.missingPods?.length ? `, missing ${m.missingPods.length}` : ''})`
            : '';
        return `${m.metric.split(' ')[0]} ${m.current}${unit}/${m.target}${unit} → ${m.proposal}${groups}`;
      })
      .join('; ');
    rows.push([
      clockTime(d.tMs),
      String(x.currentReplicas),
      metrics || '-',
      x.proposal === undefined ? '-' : String(x.proposal),
      x.stabilized === undefined ? '-' : String(x.stabilized),
      x.limit === undefined ? '-' : String(x.limit),
      String(x.desiredReplicas),
      d.summary,
    ]);
  }
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('   ').trimEnd()).join('\n') + '\n';
}
