/** The service graph shows the requests a connection pool refused (circuit-breaker.yaml's inventory). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../../src/cli/node-fs.ts';
import { renderServiceGraph } from '../../src/report/service-graph.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { buildReportData } from '../../src/scenario/report-data.ts';
import { ScenarioRun } from '../../src/scenario/run.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('service graph: circuit breaker', () => {
  const r = new ScenarioRun(loadScenarioFile(path.resolve(here, '../../scenarios/circuit-breaker.yaml'), nodeFileSystem, {}).scenario!).run();
  const graph = buildReportData(r, r.expectations()).summary.serviceGraph!;
  const inventory = graph.nodes.find((n) => n.service === 'inventory')!;
  const model = r.sim.workload!.model;

  it('counts inventory\'s refusals, which are among its errors; the frontend has none', () => {
    const refused = model.totals.circuitBreakerOverflow[model.serviceIndex('inventory')]!;
    expect(inventory.circuitBreaker).toBe(Math.round(refused));
    expect(inventory.errorRate * inventory.requests).toBeGreaterThanOrEqual(refused);
    expect(graph.nodes.find((n) => n.service === 'frontend')!.circuitBreaker).toBeUndefined();
  });

  it('draws them in the box, the tooltip and the note', () => {
    const svg = renderServiceGraph(graph);
    expect(svg).toContain(`⊘ ${inventory.circuitBreaker}`);
    expect(svg).toContain(`${inventory.circuitBreaker} refused by the circuit breaker`);
    expect(svg).toContain('circuit breakers refused (503 UO)');
  });
});
