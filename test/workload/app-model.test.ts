import { describe, expect, it } from 'vitest';
import { DEFAULT_APP_MODEL, parseQuantityValue, resolveAppModel, validateAppModel } from '../../src/workload/app-model.ts';

describe('parseQuantityValue', () => {
  it.each<[string | number, number | undefined]>([
    ['2m', 0.002], ['250m', 0.25], ['1.5', 1.5], ['90Mi', 90 * 2 ** 20], ['1Gi', 2 ** 30], ['1G', 1e9], ['1e3', 1000], ['1.5k', 1500], [3, 3], ['x', undefined], ['1Zi', undefined],
  ])('%s -> %s', (q, v) => {
    const got = parseQuantityValue(q);
    if (v === undefined) expect(got).toBeUndefined();
    else expect(got).toBeCloseTo(v, 12);
  });
});

describe('resolveAppModel', () => {
  it('defaults', () => {
    const { model, errors } = resolveAppModel({});
    expect(errors).toEqual([]);
    expect(model).toEqual(DEFAULT_APP_MODEL);
  });

  it('the DESIGN sketch workload, with a slower v2 image', () => {
    const spec = {
      startup: { imagePull: '4s', ready: '6s', cpuBurst: '500m', burstDuration: '20s' },
      cpuPerRequest: '2m', baseCpu: '20m', memory: { base: '90Mi', perInflightRequest: '1Mi' },
      versions: { 'myregistry.azurecr.io/webapi:v2': { cpuPerRequest: '3m', memory: { leakPerHour: '10Mi' } } },
    };
    const v1 = resolveAppModel(spec).model;
    expect(v1.cpuPerRequestMillis).toBeCloseTo(2);
    expect(v1.baseCpuMillis).toBeCloseTo(20);
    expect(v1.memoryBaseBytes).toBe(90 * 2 ** 20);
    expect(v1.startupCpuBurstMillis).toBeCloseTo(500);
    expect(v1.startupBurstMs).toBe(20_000);
    const v2 = resolveAppModel(spec, 'myregistry.azurecr.io/webapi:v2').model;
    expect(v2.cpuPerRequestMillis).toBeCloseTo(3);
    expect(v2.memoryBaseBytes).toBe(90 * 2 ** 20); // inherited
    expect(v2.memoryLeakBytesPerHour).toBe(10 * 2 ** 20);
    expect(resolveAppModel(spec, 'other:v9').model).toEqual(v1);
  });

  it('concurrency 0 means unlimited', () => {
    expect(resolveAppModel({ concurrency: 0 }).model.concurrencyLimit).toBe(Infinity);
    expect(resolveAppModel({ concurrency: 50 }).model.concurrencyLimit).toBe(50);
  });

  it('collects every error with its path, in versions too', () => {
    const errors = validateAppModel({
      cpuPerRequest: 'lots', errorRate: 2, concurrency: -1, timeout: '0s', calls: [{ service: '' }],
      versions: { v2: { baseCpu: '-5m' } },
    }, 'workloads.web');
    expect(errors.map((e) => e.field)).toEqual([
      'workloads.web.cpuPerRequest', 'workloads.web.concurrency', 'workloads.web.errorRate', 'workloads.web.calls[0].service',
      'workloads.web.timeout', 'workloads.web.versions["v2"].baseCpu',
    ]);
  });
});
