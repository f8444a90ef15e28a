import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Pod } from 'kubernetes-types/core/v1';
import { probeTimeouts, sameProbeClass } from '../../src/runtime/workload-driver.ts';
import { latencyClass } from '../../src/controllers/kubelet/kubelet.ts';

describe('the workload driver skips a probe latency only when the kubelet would class it alike', () => {
  it('collects the shortest timeout of each probed container, init containers included', () => {
    const pod: Pod = {
      spec: {
        initContainers: [{ name: 'proxy', readinessProbe: { timeoutSeconds: 3 } }],
        containers: [
          { name: 'app', livenessProbe: { timeoutSeconds: 2 }, readinessProbe: {} },
          { name: 'plain' },
          { name: 'again', startupProbe: { timeoutSeconds: 3 } },
        ],
      },
    };
    expect(probeTimeouts(pod)).toEqual([3000, 1000]);
  });

  it('agrees with latencyClass for every timeout, and never skips the first report', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 40 }).map((s) => s * 250), { maxLength: 3 }), fc.double({ min: 0, max: 12_000, noNaN: true }), fc.double({ min: 0, max: 12_000, noNaN: true }), (timeouts, before, after) => {
        const alike = timeouts.every((t) => latencyClass(t, before) === latencyClass(t, after));
        expect(sameProbeClass(timeouts, before, after)).toBe(alike);
        expect(sameProbeClass(timeouts, Number.NaN, after)).toBe(false);
      }),
    );
  });
});
