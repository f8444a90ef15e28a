/**
 * The report's service graph: the workload call graph as an inline SVG, drawn when the page is written (no script,
 * so it is the same bytes for the same run). Services are boxes in columns by call depth (the longest call chain
 * from a Service that receives external traffic), callers left of callees, names in order within a column. Each
 * box is filled by the Service's error rate over the run and shows its request rate, error rate and, when the
 * data counts them, the retries sent to it and the requests a connection pool refused (⊘, Envoy's 503 `UO`); each edge is labelled with its mean call rate. A call to a Service in
 * the same or an earlier column (a cycle) is drawn as an arc.
 */
import type { ServiceGraph, ServiceGraphNode } from './types.ts';

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const COL_W = 350;
const BOX_W = 190;
const BOX_H = 52;
const ROW_H = 74;
const PAD = 24;

/** Error-rate bands and their fill, stroke and legend text. */
export const ERROR_BANDS: readonly { below: number; fill: string; stroke: string; label: string }[] = [
  { below: 0.001, fill: '#e3f6ec', stroke: '#0f7b4f', label: '< 0.1 %' },
  { below: 0.01, fill: '#fef6d8', stroke: '#b7791f', label: '0.1–1 %' },
  { below: 0.05, fill: '#feebd6', stroke: '#c05621', label: '1–5 %' },
  { below: Infinity, fill: '#fde8e8', stroke: '#c81e1e', label: '≥ 5 %' },
];

/** The band of an error rate (0..1). */
export function errorBand(errorRate: number): (typeof ERROR_BANDS)[number] {
  return ERROR_BANDS.find((b) => errorRate < b.below) ?? ERROR_BANDS[ERROR_BANDS.length - 1]!;
}

/** Column of each Service: longest path from an entry Service, cycles cut after as many rounds as Services. */
export function callDepths(graph: ServiceGraph): Map<string, number> {
  const depth = new Map(graph.nodes.map((n) => [n.service, 0]));
  const roots = graph.nodes.filter((n) => n.entry || !graph.edges.some((e) => e.to === n.service && e.from !== n.service));
  const reached = new Set(roots.map((n) => n.service));
  for (let round = 0; round < graph.nodes.length; round++) {
    let changed = false;
    for (const e of graph.edges) {
      if (!reached.has(e.from) || e.from === e.to) continue;
      const d = depth.get(e.from)! + 1;
      if (!reached.has(e.to) || d > depth.get(e.to)!) {
        if (d >= graph.nodes.length) continue;
        depth.set(e.to, d);
        reached.add(e.to);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return depth;
}

function rate(rps: number): string {
  return rps >= 100 ? rps.toFixed(0) : rps >= 10 ? rps.toFixed(1) : rps.toFixed(2);
}

function percent(ratio: number): string {
  return ratio === 0 ? '0 %' : ratio < 0.001 ? '< 0.1 %' : `${(ratio * 100).toFixed(ratio < 0.1 ? 2 : 1)} %`;
}

/** The `<section>` with the SVG and its legend; empty without a graph. */
export function renderServiceGraph(graph: ServiceGraph | undefined): string {
  if (!graph || graph.nodes.length === 0) return '';
  const depth = callDepths(graph);
  const columns = new Map<number, ServiceGraphNode[]>();
  for (const n of graph.nodes) {
    const d = depth.get(n.service) ?? 0;
    if (!columns.has(d)) columns.set(d, []);
    columns.get(d)!.push(n);
  }
  const pos = new Map<string, { x: number; y: number }>();
  let rows = 0;
  for (const [d, list] of columns) {
    list.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
    list.forEach((n, i) => pos.set(n.service, { x: PAD + d * COL_W, y: PAD + i * ROW_H }));
    rows = Math.max(rows, list.length);
  }
  const width = PAD * 2 + (Math.max(...columns.keys()) + 1) * COL_W - (COL_W - BOX_W);
  const height = PAD * 2 + rows * ROW_H - (ROW_H - BOX_H) + 20;
  // Edges leave a box spread over its right side and arrive spread over the target's left side, both in the order
  // of the other end's position, so arrows do not pile up; each edge's label names its caller, beside its arrow.
  const shown = graph.edges.filter((e) => pos.has(e.from) && pos.has(e.to) && e.from !== e.to);
  const order = (a: { x: number; y: number }, b: { x: number; y: number }) => a.y - b.y || a.x - b.x;
  const outgoing = new Map<string, typeof shown>();
  const incoming = new Map<string, typeof shown>();
  for (const e of shown) {
    (outgoing.get(e.from) ?? outgoing.set(e.from, []).get(e.from)!).push(e);
    (incoming.get(e.to) ?? incoming.set(e.to, []).get(e.to)!).push(e);
  }
  for (const list of outgoing.values()) list.sort((p, q) => order(pos.get(p.to)!, pos.get(q.to)!));
  for (const list of incoming.values()) list.sort((p, q) => order(pos.get(p.from)!, pos.get(q.from)!));
  const edges = shown
    .map((e) => {
      const a = pos.get(e.from)!;
      const b = pos.get(e.to)!;
      const outs = outgoing.get(e.from)!;
      const ins = incoming.get(e.to)!;
      const x1 = a.x + BOX_W;
      const y1 = a.y + ((outs.indexOf(e) + 1) * BOX_H) / (outs.length + 1);
      const x2 = b.x;
      const y2 = b.y + ((ins.indexOf(e) + 1) * BOX_H) / (ins.length + 1);
      // A call to the same or an earlier column loops out to the right and comes back into the target's left side.
      const path = x2 > x1 ? `M${x1},${y1} C${(x1 + x2) / 2},${y1} ${(x1 + x2) / 2},${y2} ${x2},${y2}` : `M${x1},${y1} C${x1 + 80},${y1} ${x2 - 80},${y2} ${x2},${y2}`;
      const band = errorBand(graph.nodes.find((n) => n.service === e.to)?.errorRate ?? 0);
      return `<g class="edge" data-from="${escape(e.from)}" data-to="${escape(e.to)}" data-rps="${e.rps}"><path d="${path}" fill="none" stroke="${band.stroke}" stroke-opacity="0.5" stroke-width="${(1 + Math.log10(1 + e.rps)).toFixed(2)}" marker-end="url(#sg-arrow)"/><text x="${x2 - 10}" y="${y2 - 3}" class="edge-label">${escape(`${e.from} ${rate(e.rps)}/s`)}</text></g>`;
    })
    .join('');
  const nodes = graph.nodes
    .map((n) => {
      const p = pos.get(n.service)!;
      const band = errorBand(n.errorRate);
      const retried = (n.retried === undefined ? '' : ` · ↻ ${n.retried}`) + (n.circuitBreaker === undefined ? '' : ` · ⊘ ${n.circuitBreaker}`);
      return `<g class="node" data-service="${escape(n.service)}" data-error-rate="${n.errorRate}"><title>${escape(`${n.service}: ${n.requests} requests, ${percent(n.errorRate)} failed${n.retried === undefined ? '' : `, ${n.retried} retries`}${n.circuitBreaker === undefined ? '' : `, ${n.circuitBreaker} refused by the circuit breaker`}`)}</title><rect x="${p.x}" y="${p.y}" width="${BOX_W}" height="${BOX_H}" rx="7" fill="${band.fill}" stroke="${band.stroke}" stroke-width="${n.entry ? 2.5 : 1.2}"/><text x="${p.x + 10}" y="${p.y + 20}" class="node-name">${escape(n.service)}</text><text x="${p.x + 10}" y="${p.y + 39}" class="node-figures">${escape(`${rate(n.rps)}/s · ${percent(n.errorRate)} errors${retried}`)}</text></g>`;
    })
    .join('');
  const legend = ERROR_BANDS.map((b) => `<span><i style="background:${b.fill};border-color:${b.stroke}"></i>${escape(b.label)}</span>`).join('');
  const retriesNote =
    (graph.nodes.some((n) => n.retried !== undefined) ? ' ↻ retries sent to the Service.' : '') +
    (graph.nodes.some((n) => n.circuitBreaker !== undefined) ? ' ⊘ requests its callers\' circuit breakers refused (503 UO).' : '');
  return `<section class="card" id="service-graph">
  <h2>Service graph</h2>
  <p class="graph-note">Services by call depth; fill: error rate over the run; edge labels: mean calls per second; a thick border marks a Service with external traffic.${retriesNote}</p>
  <div class="graph-legend">${legend}</div>
  <div class="graph-wrap"><svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Service call graph"><defs><marker id="sg-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#616e7c"/></marker></defs>${edges}${nodes}</svg></div>
</section>`;
}

/** Styles of the service graph, appended to the report stylesheet. */
export const SERVICE_GRAPH_STYLE = `
.graph-note { color:var(--muted); margin:0 0 8px; font-size:12.5px; }
.graph-legend { display:flex; gap:14px; font-size:12px; color:var(--muted); margin-bottom:8px; }
.graph-legend i { display:inline-block; width:12px; height:12px; border:1px solid; border-radius:3px; margin-right:5px; vertical-align:-2px; }
.graph-wrap { overflow:auto; }
#service-graph .node-name { font-weight:650; font-size:13px; fill:var(--fg); }
#service-graph .node-figures { font-size:11.5px; fill:var(--muted); }
#service-graph .edge-label { font-size:10.5px; fill:var(--muted); text-anchor:end; paint-order:stroke; stroke:#fff; stroke-width:3px; }
`;
