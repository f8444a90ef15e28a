/**
 * The claims of `scenarios/canary-header.yaml` (a traffic profile's request mix routed by Istio's header and path
 * matches), the loader's checks of `traffic[].requests`, and the mix arithmetic of `meshPolicyForMix`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../../src/api/errors.ts';
import { nodeFileSystem } from '../../src/cli/node-fs.ts';
import { meshPolicyForMix, NO_ROUTE_SUBSET, type MeshObjects } from '../../src/runtime/mesh.ts';
import { loadScenarioFile, loadScenarioFromText } from '../../src/scenario/load.ts';
import { ScenarioRun } from '../../src/scenario/run.ts';
import type { Scenario } from '../../src/scenario/types.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const file = path.resolve(here, '../../scenarios/canary-header.yaml');

function scenario(): Scenario {
  const r = loadScenarioFile(file, nodeFileSystem, {});
  expect(r.errors).toEqual([]);
  return r.scenario!;
}

describe('canary-header', () => {
  const r = new ScenarioRun(scenario()).run();
  const model = r.sim.workload!.model;
  const s = model.serviceIndex('reviews');
  const podRps = (prefix: string) => {
    const table = r.sim.workload!.table;
    let sum = 0;
    for (let i = 0; i < table.size; i++) if (table.alive[i] === 1 && table.name[i]!.startsWith(`bookinfo/${prefix}`)) sum += model.pods.rps[i]!;
    return sum;
  };

  it('v2 takes the header and path classes, 15 % of 200 requests a second; v1 the other 170', () => {
    expect(podRps('reviews-v2-')).toBeCloseTo(30, 6);
    expect(podRps('reviews-v1-')).toBeCloseTo(170, 6);
  });

  it('1.5 % of the requests fail (v2\'s 10 % of its 15 %), 98.5 % availability', () => {
    expect(model.totals.failedAppError[s]! / model.totals.offered[s]!).toBeCloseTo(0.015, 3);
    expect(r.sloReports()[0]!.availability!.actual).toBeCloseTo(0.985, 3);
    expect(r.expectations().every((e) => e.ok)).toBe(true);
  });

  it('without the mix every request is GET /: v2 gets nothing and nothing fails', () => {
    const sc = scenario();
    const plain = new ScenarioRun({ ...sc, traffic: sc.traffic.map(({ requests: _drop, ...t }) => t) }).run();
    expect(plain.sloReports()[0]!.availability!.actual).toBe(1);
  });
});

describe('traffic[].requests in the loader', () => {
  const text = fs.readFileSync(file, 'utf8');
  const errors = (requests: string) => {
    const r = loadScenarioFromText(text.replace(/    requests:\n(    - .*\n)+/, `    requests: ${requests}\n`), 'canary-header.yaml', nodeFileSystem);
    return r.errors.map((e) => formatFieldError(e).replace(/^canary-header\.yaml:\d+:\d+: /, ''));
  };
  it('reads names case-insensitively and splits a query string off the path', () => {
    const sc = loadScenarioFromText(text.replace(/    requests:\n(    - .*\n)+/, '    requests: [{weight: 1, path: "/a?x=1", method: post, headers: {X-Canary: "true"}}]\n'), 'c.yaml', nodeFileSystem).scenario!;
    expect(sc.traffic[0]!.requests).toEqual([{ weight: 1, request: { path: '/a', method: 'POST', headers: { 'x-canary': 'true' }, query: { x: '1' } } }]);
  });
  it('reports every problem with its field path, all at once', () => {
    expect(errors('[{weight: 0, path: api, headers: {x-canary: true}}, {path: /}, {weight: 1, colour: red}]')).toEqual([
      'spec.traffic[0].requests[0].weight: Invalid value: 0: must be greater than 0',
      "spec.traffic[0].requests[0].path: Invalid value: \"api\": must be an absolute path starting with '/'",
      'spec.traffic[0].requests[0].headers.x-canary: Invalid value: true: expected a string (quote values such as "true")',
      'spec.traffic[0].requests[1].weight: Required value: weight must be set',
      'spec.traffic[0].requests[2].colour: Unknown field: unknown field "colour"',
    ]);
  });
  it('an empty list is an error', () => {
    expect(errors('[]')).toEqual(['spec.traffic[0].requests: Required value: list at least one request class, or leave requests out']);
  });
});

describe('meshPolicyForMix', () => {
  const objects: MeshObjects = {
    destinationRules: [{ namespace: 'ns', name: 'r', createdAt: '1', spec: { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] } }],
    virtualServices: [
      {
        namespace: 'ns',
        name: 'r',
        createdAt: '1',
        spec: {
          hosts: ['reviews'],
          http: [
            { name: 'canary', match: [{ headers: { 'x-canary': { exact: 'true' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }], timeout: '1s' },
            { name: 'post', match: [{ method: { exact: 'POST' } }], route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 50 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 50 }] },
            { name: 'default', match: [{ uri: { prefix: '/' } }], route: [{ destination: { host: 'reviews', subset: 'v1' } }], timeout: '3s' },
          ],
        },
      },
    ],
    httpRoutes: [],
  };
  const get = (headers: Record<string, string> = {}, method = 'GET', p = '/') => ({ path: p, method, headers });
  const weights = (mix: Parameters<typeof meshPolicyForMix>[4]) => {
    const m = meshPolicyForMix(objects, 'ns', 'reviews', true, mix)!;
    return { subsets: Object.fromEntries(m.subsets!.map((w) => [w.subset, Math.round(w.weight * 1e9) / 1e9])), timeoutMs: m.policy.timeoutMs };
  };

  it.each<[string, Parameters<typeof meshPolicyForMix>[4], Record<string, number>, number]>([
    ['the module comment\'s example: 90 plain, 10 with the header', [{ weight: 90, request: get() }, { weight: 10, request: get({ 'x-canary': 'true' }) }], { v1: 90, v2: 10 }, 3000],
    ['a weighted route inside the mix', [{ weight: 3, request: get() }, { weight: 1, request: get({}, 'POST') }], { v1: 87.5, v2: 12.5 }, 3000],
    ['the heaviest class sets the timeout', [{ weight: 1, request: get() }, { weight: 3, request: get({ 'x-canary': 'true' }) }], { v1: 25, v2: 75 }, 1000],
    ['a class no route matches finds no endpoint', [{ weight: 1, request: get() }, { weight: 1, request: get({}, 'GET', 'relative') }], { v1: 50, [NO_ROUTE_SUBSET]: 50 }, 3000],
  ])('%s', (_name, mix, subsets, timeoutMs) => {
    expect(weights(mix)).toEqual({ subsets, timeoutMs });
  });

  it('one class, or no mix, is the default request\'s routing', () => {
    expect(meshPolicyForMix(objects, 'ns', 'reviews', true, [{ weight: 5, request: get() }])).toEqual(meshPolicyForMix(objects, 'ns', 'reviews', true));
  });
});
