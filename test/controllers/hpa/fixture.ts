/**
 * A small world for HPA loop tests: engine, store, recorders, the HPA controller over a MetricsServer, and a fake
 * workload controller that makes the target's pods follow `spec.replicas` at once (Running, Ready, started now).
 * CPU usage per pod comes from a function of time.
 */
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Pod } from 'kubernetes-types/core/v1';
import { createControllerContext } from '../../../src/controllers/context.ts';
import { HorizontalController, type HorizontalControllerOptions } from '../../../src/controllers/hpa/controller.ts';
import { MetricsServer, type UsageSource } from '../../../src/controllers/hpa/metrics-server.ts';

export interface FixtureOptions {
  /** Target kind: Deployment (default), StatefulSet, ReplicaSet or Rollout. */
  kind?: string;
  replicas?: number;
  cpuRequest?: string;
  /** Average CPU millicores of each pod over [fromMs, toMs]. */
  cpuMillisAvg: (fromMs: number, toMs: number) => number;
  hpa: HorizontalPodAutoscaler['spec'];
  controller?: Partial<Omit<HorizontalControllerOptions, 'metrics'>>;
  metricResolutionMs?: number;
  /** New pods start Ready=False and turn Ready this long after creation. Default: Ready at once. */
  readyAfterMs?: number;
  /** Per-pod CPU from the pod's name and the pod count; overrides `cpuMillisAvg` when set. */
  cpuMillisAvgOfPod?: (podName: string, fromMs: number, toMs: number, podCount: number) => number;
}

export function buildFixture(o: FixtureOptions) {
  const ctx = createControllerContext(1);
  const { engine, store, clock } = ctx;
  const kind = o.kind ?? 'Deployment';
  const apiVersion = kind === 'Rollout' ? 'argoproj.io/v1alpha1' : 'apps/v1';
  const labels = { app: 'webapi' };
  let seq = 0;
  const podsOf = () => store.list<Pod>('Pod', 'default').filter((p) => p.metadata.labels?.app === 'webapi');
  const reconcilePods = (want: number) => {
    const have = podsOf().sort((a, b) => podIndex(a) - podIndex(b));
    for (let i = have.length; i < want; i++) {
      const t = clock.timestamp(engine.nowMs);
      const name = `webapi-${seq++}`;
      const ready = o.readyAfterMs === undefined ? 'True' : 'False';
      store.create<Pod>('Pod', {
        metadata: { name, namespace: 'default', labels },
        spec: { containers: [{ name: 'webapi', image: 'webapi:v1', resources: { requests: { cpu: o.cpuRequest ?? '100m' } } }] },
        status: { phase: 'Running', startTime: t, conditions: [{ type: 'Ready', status: ready, lastTransitionTime: t }] },
      });
      if (o.readyAfterMs !== undefined) {
        engine.at(engine.nowMs + o.readyAfterMs, () => {
          if (!store.get('Pod', 'default', name)) return;
          const at = clock.timestamp(engine.nowMs);
          store.mutate<Pod>('Pod', 'default', name, (d) => {
            d.status!.conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: at }];
          });
        });
      }
    }
    for (let i = have.length - 1; i >= want; i--) store.delete('Pod', 'default', have[i]!.metadata.name);
  };
  store.create(kind, {
    apiVersion,
    kind,
    metadata: { name: 'webapi', namespace: 'default' },
    spec: { replicas: o.replicas ?? 3, selector: { matchLabels: labels } },
    status: { replicas: o.replicas ?? 3 },
  });
  reconcilePods(o.replicas ?? 3);
  store.watch<{ spec?: { replicas?: number }; status?: { replicas?: number } }>(kind, (e) => {
    if (e.type !== 'MODIFIED') return;
    const want = e.object.spec?.replicas ?? 1;
    if (e.object.status?.replicas === want) return;
    reconcilePods(want);
    store.mutate<{ status?: { replicas?: number } }>(kind, 'default', 'webapi', (d) => {
      d.status = { ...d.status, replicas: want };
    });
  });
  const usage: UsageSource = {
    cpuMillisAvg: (_ns, pod, from, to) => (o.cpuMillisAvgOfPod ? o.cpuMillisAvgOfPod(pod, from, to, podsOf().length) : o.cpuMillisAvg(from, to)),
    memoryBytes: () => 64 * 1024 * 1024,
  };
  const metricsServer = new MetricsServer(usage, {}, { metricResolutionMs: o.metricResolutionMs ?? 60_000 });
  const controller = new HorizontalController({ metrics: metricsServer, ...o.controller });
  store.create<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', {
    metadata: { name: 'webapi', namespace: 'default' },
    spec: { ...o.hpa!, scaleTargetRef: { apiVersion, kind, name: 'webapi' } },
  });
  controller.start(ctx);
  const replicas = () => (store.get<{ spec?: { replicas?: number } }>(kind, 'default', 'webapi')?.spec?.replicas ?? 0);
  return { engine, store, ctx, controller, replicas, podsOf };
}

function podIndex(p: Pod): number {
  return Number(p.metadata?.name?.split('-').pop());
}
