/**
 * The sweep report `sweep.html`: one self-contained file (no script needed, nothing fetched) with the scatter of
 * mean cost against mean SLO attainment per grid point — the Pareto front joined by a line, the recommendation
 * ringed — and the table of every point, each with the command that replays it. Each dot links to its row and
 * shows its command on hover. Uses the run report's stylesheet so both look alike.
 */
import type { PointSummary } from '../sweep/aggregate.ts';
import { replayCommand, type SweepAnalysis, type SweepDocument } from '../sweep/document.ts';
import { documentHead, escapeHtml, STYLE, type ReportAssets } from './html.ts';

const W = 760;
const H = 380;
const PAD = { left: 70, right: 24, top: 18, bottom: 46 };

/** Round, readable tick values covering [lo, hi]. */
function ticks(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

/** Pads a range so dots at the edges stay inside the plot; a single value gets a small span around it. */
function padRange(xs: readonly number[], minSpan: number): [number, number] {
  let lo = Math.min(...xs);
  let hi = Math.max(...xs);
  if (hi - lo < minSpan) {
    const mid = (lo + hi) / 2;
    lo = mid - minSpan / 2;
    hi = mid + minSpan / 2;
  }
  const pad = (hi - lo) * 0.06;
  return [lo - pad, hi + pad];
}

function label(doc: SweepDocument, p: PointSummary): string {
  return doc.parameters.map((x, i) => `${x.path}=${p.values[i]}`).join(' ');
}

function scatter(doc: SweepDocument, analysis: SweepAnalysis): string {
  const pts = analysis.points.filter((p) => p.cost_mean !== null && p.slo_attainment_mean !== null);
  if (pts.length === 0) return '<p>No run produced figures.</p>';
  const [x0, x1] = padRange(pts.map((p) => p.cost_mean!), 0.01);
  const [y0, y1] = padRange(pts.map((p) => p.slo_attainment_mean! * 100), 0.01);
  const sx = (v: number) => PAD.left + ((v - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const sy = (v: number) => H - PAD.bottom - ((v - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
  const f = (n: number) => n.toFixed(1);
  const out: string[] = [];
  out.push(`<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="Mean cost against mean SLO attainment per grid point">`);
  for (const t of ticks(x0, x1, 6)) {
    out.push(`<line class="grid" x1="${f(sx(t))}" x2="${f(sx(t))}" y1="${PAD.top}" y2="${H - PAD.bottom}"/><text class="tick" x="${f(sx(t))}" y="${H - PAD.bottom + 16}" text-anchor="middle">$${escapeHtml(String(t))}</text>`);
  }
  for (const t of ticks(y0, y1, 5)) {
    out.push(`<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${f(sy(t))}" y2="${f(sy(t))}"/><text class="tick" x="${PAD.left - 6}" y="${f(sy(t) + 4)}" text-anchor="end">${escapeHtml(String(t))}%</text>`);
  }
  out.push(`<text class="axis" x="${(PAD.left + W - PAD.right) / 2}" y="${H - 8}" text-anchor="middle">mean cost per run (US dollars)</text>`);
  out.push(`<text class="axis" transform="translate(16 ${(PAD.top + H - PAD.bottom) / 2}) rotate(-90)" text-anchor="middle">mean SLO attainment</text>`);
  const front = pts.filter((p) => p.pareto).sort((a, b) => a.cost_mean! - b.cost_mean! || a.point - b.point);
  if (front.length > 1) out.push(`<polyline class="front" points="${front.map((p) => `${f(sx(p.cost_mean!))},${f(sy(p.slo_attainment_mean! * 100))}`).join(' ')}"/>`);
  const rec = analysis.recommendation?.point;
  for (const p of pts) {
    const cx = f(sx(p.cost_mean!));
    const cy = f(sy(p.slo_attainment_mean! * 100));
    const title = `point ${p.point}: ${label(doc, p)}\ncost $${p.cost_mean!.toFixed(2)}, SLO ${(p.slo_attainment_mean! * 100).toFixed(3)}%\n${replayCommand(doc, p)}`;
    out.push(
      `<a href="#point-${p.point}"><g class="dot${p.pareto ? ' pareto' : ''}"><title>${escapeHtml(title)}</title>` +
        (p.point === rec ? `<circle class="ring" cx="${cx}" cy="${cy}" r="10"/>` : '') +
        `<circle cx="${cx}" cy="${cy}" r="5"/><text x="${cx}" y="${f(sy(p.slo_attainment_mean! * 100) - 9)}" text-anchor="middle">${p.point}</text></g></a>`,
    );
  }
  out.push('</svg>');
  return out.join('\n');
}

const money = (x: number | null) => (x === null ? '-' : `$${x.toFixed(2)}`);
const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(3)}%`);
const burn = (x: number | null) => (x === null ? '-' : Number.isFinite(x) ? `${(x * 100).toFixed(0)}%` : '∞');
const ms = (x: number | null) => (x === null ? '-' : `${Math.round(x)} ms`);

function pointsTable(doc: SweepDocument, analysis: SweepAnalysis): string {
  const head = ['point', ...doc.parameters.map((p) => p.path), 'seeds', 'cost mean', 'cost p95', 'SLO mean', 'SLO worst', 'burn mean', 'burn worst', 'p99 mean', 'p99 worst', 'max pending', 'peak nodes', 'pass', 'Pareto', 'replay'];
  const rows = analysis.points.map((p) => {
    const cells = [
      String(p.point),
      ...p.values,
      p.runs_failed ? `${p.seeds - p.runs_failed}/${p.seeds}` : String(p.seeds),
      money(p.cost_mean),
      money(p.cost_p95),
      pct(p.slo_attainment_mean),
      pct(p.slo_attainment_worst),
      burn(p.error_budget_burn_mean),
      burn(p.error_budget_burn_worst),
      ms(p.latency_p99_ms_mean),
      ms(p.latency_p99_ms_worst),
      p.pending_max_ms === null ? '-' : `${Math.round(p.pending_max_ms / 1000)} s`,
      p.nodes_peak === null ? '-' : String(p.nodes_peak),
      `${Math.round(p.expectations_pass_rate * 100)}%`,
      p.pareto ? '★' : '',
    ];
    const cls = [p.pareto ? 'pareto' : '', p.point === analysis.recommendation?.point ? 'recommended' : ''].filter(Boolean).join(' ');
    return `<tr id="point-${p.point}"${cls ? ` class="${cls}"` : ''}>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}<td><code>${escapeHtml(replayCommand(doc, p))}</code></td></tr>`;
  });
  return `<div class="table-wrap"><table class="events"><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

const SWEEP_STYLE = `
svg text { font-size:12px; fill:var(--muted); } svg .axis { fill:var(--fg); font-weight:600; }
svg .grid { stroke:#eef1f4; } svg .front { fill:none; stroke:var(--accent); stroke-width:1.5; stroke-dasharray:5 4; }
svg .dot circle { fill:#94a3b8; } svg .dot.pareto circle { fill:var(--accent); } svg .dot text { fill:var(--fg); font-size:11px; }
svg .dot circle.ring { fill:none; stroke:var(--ok); stroke-width:2.5; } svg a:hover circle { fill:var(--bad); }
tr.pareto td:first-child { font-weight:700; color:var(--accent); } tr.recommended td { background:#e3f6ec; }
tr:target td { background:#fff4e5; } td code { font-size:12px; white-space:nowrap; }
`;

/** Renders `sweep.html`. `assets` gives the stylesheet of the chart library, kept for a look like `report.html`. */
export function renderSweepHtml(doc: SweepDocument, analysis: SweepAnalysis, assets: ReportAssets): string {
  const r = analysis.recommendation;
  const failed = doc.runs.filter((x) => x.error !== undefined);
  const verdict = r
    ? `<p class="description">Recommendation: <strong>point ${r.point}</strong> (${escapeHtml(label(doc, r))}), the cheapest point whose every seed met every SLO — ${escapeHtml(money(r.cost_mean))} mean, SLO attainment ${escapeHtml(pct(r.slo_attainment_mean))} mean. Replay: <code>${escapeHtml(replayCommand(doc, r))}</code></p>`
    : '<p class="description">No point met every SLO on every seed.</p>';
  const failures = failed.length
    ? `<section class="card"><h2>Failed runs <span class="count">(${failed.length})</span></h2><ul>${failed.map((x) => `<li>run ${x.index}, point ${x.point}, seed ${x.seed ?? '-'}: ${escapeHtml(x.error!.split('\n')[0]!)}</li>`).join('')}</ul></section>`
    : '';
  return `${documentHead(`${doc.scenario} — kubesim sweep`, [assets.chartCss ?? '', STYLE + SWEEP_STYLE])}
<body>
<header>
  <div class="title"><h1>Sweep of ${escapeHtml(doc.scenario)}</h1><span class="badge neutral">${analysis.points.length} points × ${doc.seeds?.length ?? 1} seed(s) = ${doc.runs.length} runs</span></div>
  ${verdict}
</header>
<main>
<section class="card"><h2>Cost against SLO attainment <span class="count">(blue: Pareto front; ringed: recommendation; hover a dot for its replay command)</span></h2>
${scatter(doc, analysis)}
</section>
<section class="card"><h2>Grid points</h2>
${pointsTable(doc, analysis)}
</section>
${failures}
</main>
<footer>kubesim sweep · each figure is per grid point across its seeds; the replay command runs the seed with the lowest attainment</footer>
</body>
</html>
`;
}
