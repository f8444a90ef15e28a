/**
 * The EndpointSlice controller: for every Service with a selector, keeps EndpointSlice objects listing the
 * selected pods with their `ready`, `serving` and `terminating` conditions (computed by `slices.ts` exactly as
 * upstream). The load balancer reads these slices, as kube-proxy does: a pod out of the slice's ready set gets no
 * new requests.
 */
import type { Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { involved, Priority, WorkQueue, type Controller, type ControllerContext } from '../context.ts';
import { generateName } from '../../cluster/names.ts';
import { isPodReady } from '../../cluster/pods.ts';
import { desiredEndpointSlices, LABEL_SERVICE_NAME, selectorMatches } from './slices.ts';


export class EndpointSliceController implements Controller {
  readonly name = 'endpointslice-controller';
  private ctx!: ControllerContext;
  private queue!: WorkQueue;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.engine, Priority.Endpoints, (key) => this.sync(key));
    ctx.store.watch<Service>('Service', (e) => this.queue.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`));
    ctx.store.watch<Pod>('Pod', (e) => {
      const pod = e.object;
      if (e.type === 'MODIFIED' && e.old) {
        const o = e.old;
        if (
          o.status?.podIP === pod.status?.podIP &&
          o.metadata.labels === pod.metadata.labels &&
          o.metadata.deletionTimestamp === pod.metadata.deletionTimestamp &&
          o.status?.phase === pod.status?.phase &&
          isPodReady(o) === isPodReady(pod) &&
          o.spec?.nodeName === pod.spec?.nodeName
        ) {
          return;
        }
      }
      for (const svc of ctx.store.list<Service>('Service', pod.metadata.namespace)) {
        const sel = svc.spec?.selector;
        if (!sel) continue;
        if (selectorMatches(sel, pod.metadata.labels) || (e.old && selectorMatches(sel, e.old.metadata.labels))) {
          this.queue.add(`${svc.metadata.namespace}/${svc.metadata.name}`);
        }
      }
    });
  }

  private sync(key: string): void {
    const { store } = this.ctx;
    const slash = key.indexOf('/');
    const ns = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const existing = store
      .list<EndpointSlice>('EndpointSlice', ns)
      .filter((s) => s.metadata.labels?.[LABEL_SERVICE_NAME] === name);
    const svc = store.get<Service>('Service', ns, name);
    const desired = svc ? desiredEndpointSlices(svc, store.list<Pod>('Pod', ns), (n) => store.get<Node>('Node', '', n)) : undefined;
    const want = desired?.slices ?? [];
    // Reuse existing slices in name order, create the missing ones, delete the surplus.
    want.forEach((slice, i) => {
      let have = existing[i];
      if (have && have.addressType !== slice.addressType) {
        // addressType is immutable: replace the slice.
        store.delete('EndpointSlice', ns, have.metadata.name);
        have = undefined;
      }
      if (have) {
        if (JSON.stringify([have.endpoints, have.ports]) === JSON.stringify([slice.endpoints, slice.ports])) return;
        store.mutate<EndpointSlice>('EndpointSlice', ns, have.metadata.name, (d) => {
          d.endpoints = slice.endpoints;
          d.ports = slice.ports;
        });
        return;
      }
      store.create('EndpointSlice', {
        ...slice,
        metadata: {
          ...slice.metadata,
          name: this.sliceName(ns, name),
          namespace: ns,
          ownerReferences: svc ? [{ apiVersion: 'v1', kind: 'Service', name, uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }] : [],
        },
      });
    });
    for (const extra of existing.slice(want.length)) store.delete('EndpointSlice', ns, extra.metadata.name);
    if (svc && desired?.skipped.length) {
      for (const s of desired.skipped) this.ctx.events.record(involved(svc), 'Warning', 'FailedToUpdateEndpointSlices', s.reason, { component: this.name });
    }
  }

  private sliceName(ns: string, service: string): string {
    return generateName(`${service}-`, this.ctx.engine.rng('endpointslice-names'), (n) => !!this.ctx.store.get('EndpointSlice', ns, n));
  }
}

