/** The cluster the runtime and HPA benchmarks build: probed Deployments and 8-core nodes over three zones. */
import type { Node } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../src/cluster/store.ts';
import type { NodeSpecEntry } from '../src/runtime/simulation.ts';

/** An HTTP probe every 10 s with a 1 s timeout (both readiness and liveness use it). */
const probe = { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 };

/** A Deployment `name` (pods labelled `app: name`) with probes, requests 100m/128Mi and the given limits. */
export function benchDeployment(name: string, replicas: number, limits: { cpu: string; memory: string }, withPort = false): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: {
        metadata: { labels: { app: name } },
        spec: {
          terminationGracePeriodSeconds: 30,
          restartPolicy: 'Always',
          containers: [
            {
              name: 'app',
              image: `example/${name}:v1`,
              imagePullPolicy: 'IfNotPresent',
              ...(withPort ? { ports: [{ containerPort: 8080, protocol: 'TCP' }] } : {}),
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits },
              readinessProbe: probe,
              livenessProbe: probe,
            },
          ],
        },
      },
    },
  };
}

/** `n` nodes of 8 CPU and 32 GiB (110 pods), spread over three zones, at $0.38 an hour. */
export function benchNodes(n: number): NodeSpecEntry[] {
  return Array.from({ length: n }, (_, i) => {
    const name = `node-${i + 1}`;
    const node: Node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
      status: { capacity: { cpu: '8', memory: '32Gi', pods: '110' }, allocatable: { cpu: '8', memory: '32Gi', pods: '110' } },
    };
    return { node, pricePerHour: 0.38 };
  });
}
