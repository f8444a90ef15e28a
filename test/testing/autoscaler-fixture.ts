/** A one-Deployment scenario on a node group, shared by the kit's autoscaler tests. */

/** Deployment `web` with `replicas` pods requesting `cpu` and 256Mi each. */
export const webDeployment = (replicas: number, cpu = '900m') => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1', resources: { requests: { cpu, memory: '256Mi' } } }] } },
  },
});

/** 15 minutes of {@link webDeployment} on one pool (or node group) with the given autoscaler options. */
export const groupScenario = (name: string, pool: object, autoscaler: object, replicas: number, cpu?: string) => ({
  apiVersion: 'kubesim.dev/v1alpha1',
  kind: 'Scenario',
  metadata: { name },
  spec: { duration: '15m', cluster: { nodePools: [pool], autoscaler }, manifests: [webDeployment(replicas, cpu)] },
});
