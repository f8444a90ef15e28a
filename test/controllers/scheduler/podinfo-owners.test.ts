/** storePodInfo: the selectors default topology spreading counts, as upstream `helper.DefaultSelector` gathers them. */
import { describe, expect, it } from 'vitest';
import { ServiceSelectorIndex } from '../../../src/cluster/service-selectors.ts';
import { createControllerContext } from '../../../src/controllers/context.ts';
import { storePodInfo } from '../../../src/controllers/scheduler/podinfo.ts';

function podOf(kind: string, name: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${name}-0`, namespace: 'default', labels: { app: 'db', tier: 'data' }, ownerReferences: [{ apiVersion: 'apps/v1', kind, name, uid: 'u1', controller: true }] },
    spec: { containers: [{ name: 'c', image: 'i' }] },
  };
}

describe('storePodInfo owner selectors', () => {
  it.each(['ReplicaSet', 'StatefulSet'])('a pod controlled by a %s spreads by its selector', (kind) => {
    const ctx = createControllerContext();
    ctx.store.create(kind, { apiVersion: 'apps/v1', kind, metadata: { name: 'db', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'db' } }, template: {} } } as never);
    const info = storePodInfo(podOf(kind, 'db') as never, ctx.store, new ServiceSelectorIndex(ctx.store), ctx.clock);
    expect(info.defaultSpreadSelector?.toString()).toBe('app=db');
  });

  it('a pod of another controller kind has no owner selector (upstream: only ReplicationController, ReplicaSet, StatefulSet)', () => {
    const ctx = createControllerContext();
    const info = storePodInfo(podOf('DaemonSet', 'agent') as never, ctx.store, new ServiceSelectorIndex(ctx.store), ctx.clock);
    expect(info.defaultSpreadSelector).toBeNull();
  });
});
