/**
 * The EndpointSlice controller: for every Service with a selector, keeps EndpointSlice objects listing the
 * selected pods with their `ready`, `serving` and `terminating` conditions (computed by `slices.ts` exactly as
 * upstream). The load balancer reads these slices, as kube-proxy does: a pod out of the slice's ready set gets no
 * new requests.
 *
 * Like upstream's informer caches, the controller keeps its own indexes, maintained from the watches, instead of
 * listing the namespace on every change: with 1,000 Services and 10,000 pods in one namespace, a pod event used to
 * match every Service's selector and a sync used to filter every pod and every slice of the namespace.
 * - Services by one label of their selector (its smallest key), so a pod's candidate Services are found from its
 *   own labels and then confirmed with the full selector;
 * - each Service's member pods (the pods its selector matches), and pods by label, to recompute members when a
 *   selector changes;
 * - each Service's EndpointSlices (by the `kubernetes.io/service-name` label).
 */
import type { Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { involved, Priority, WorkQueue, type Controller, type ControllerContext } from '../context.ts';
import { generateName } from '../../cluster/names.ts';
import { isPodReady } from '../../cluster/pods.ts';
import type { Stored, WatchEvent } from '../../cluster/store.ts';
import { desiredEndpointSlices, LABEL_SERVICE_NAME, selectorMatches } from './slices.ts';

/** What the controller knows of one Service with a selector. */
interface IndexedService {
  readonly selector: Readonly<Record<string, string>>;
  /** The `key\0value` bucket it is filed under, or undefined for an empty selector (it selects every pod). */
  readonly labelKey: string | undefined;
  /** Names of the pods of the namespace its selector matches. */
  readonly members: Set<string>;
  /** {@link members} sorted, until they change. */
  sortedMembers: string[] | undefined;
}

/** Names of a Service's EndpointSlices. */
interface ServiceSlices {
  readonly names: Set<string>;
  /** {@link names} sorted, until a slice is added or removed. */
  sorted: string[] | undefined;
}

/**
 * The indexes of one namespace. Every watch event re-reads the object from the store rather than trusting the
 * event's copy, so the indexes equal the store even if a watcher ahead of this one writes while an event is being
 * delivered (the nested event would then reach this controller before the outer one).
 */
interface NamespaceIndex {
  /** Service name → its selector and members (Services without a selector are left out: they select nothing). */
  readonly services: Map<string, IndexedService>;
  /** `key\0value` → names of the Services filed under that label of their selector. */
  readonly servicesByLabel: Map<string, Set<string>>;
  /** Services with an empty selector, which matches every pod. */
  readonly selectAll: Set<string>;
  /** Pod name → the labels it is indexed under (the object from the store, compared by identity). */
  readonly podLabels: Map<string, Readonly<Record<string, string>> | undefined>;
  /** `key\0value` → names of the pods carrying that label. */
  readonly podsByLabel: Map<string, Set<string>>;
  /** Service name (the slices' service-name label) → its slices; kept even for a missing Service, to delete them. */
  readonly slices: Map<string, ServiceSlices>;
  /** Slice name → the service-name label it is indexed under. */
  readonly sliceService: Map<string, string>;
}

function labelKey(key: string, value: string): string {
  return `${key}\0${value}`;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function addTo<K, V>(m: Map<K, Set<V>>, key: K, value: V): void {
  let s = m.get(key);
  if (!s) {
    s = new Set();
    m.set(key, s);
  }
  s.add(value);
}

function removeFrom<K, V>(m: Map<K, Set<V>>, key: K, value: V): void {
  const s = m.get(key);
  if (!s) return;
  s.delete(value);
  if (s.size === 0) m.delete(key);
}

export class EndpointSliceController implements Controller {
  readonly name = 'endpointslice-controller';
  private ctx!: ControllerContext;
  private queue!: WorkQueue;
  private readonly namespaces = new Map<string, NamespaceIndex>();
  /** Whether the pod indexes are kept ({@link indexPods}): from the first Service on. */
  private podsIndexed = false;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.queue = new WorkQueue(ctx.engine, Priority.Endpoints, (key) => this.sync(key));
    // Objects stored before the controller started are indexed but not queued, as the watches alone never did.
    if (ctx.store.size('Service') > 0) this.indexPods();
    for (const svc of ctx.store.list<Service>('Service')) this.refreshService(svc.metadata.namespace, svc.metadata.name);
    for (const slice of ctx.store.list<EndpointSlice>('EndpointSlice')) this.refreshSlice(slice.metadata.namespace, slice.metadata.name);
    ctx.store.watch<Service>('Service', (e) => {
      this.indexPods();
      this.queue.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
      this.refreshService(e.object.metadata.namespace, e.object.metadata.name);
    });
    ctx.store.watch<Pod>('Pod', (e) => this.onPod(e));
    ctx.store.watch<EndpointSlice>('EndpointSlice', (e) => this.refreshSlice(e.object.metadata.namespace, e.object.metadata.name));
  }

  private namespace(ns: string): NamespaceIndex {
    let n = this.namespaces.get(ns);
    if (!n) {
      n = {
        services: new Map(), servicesByLabel: new Map(), selectAll: new Set(),
        podLabels: new Map(), podsByLabel: new Map(), slices: new Map(), sliceService: new Map(),
      };
      this.namespaces.set(ns, n);
    }
    return n;
  }

  /** Services filed under one of these labels, and those selecting every pod (a superset of those matching). */
  private candidateServices(n: NamespaceIndex, labelSets: readonly (Readonly<Record<string, string>> | undefined)[]): Set<string> {
    const out = new Set(n.selectAll);
    for (const labels of labelSets) {
      for (const k in labels) {
        const filed = n.servicesByLabel.get(labelKey(k, labels[k]!));
        if (filed) for (const s of filed) out.add(s);
      }
    }
    return out;
  }

  /**
   * Starts the pod indexes at the first Service: until one exists no pod is a member of anything, and a cluster
   * without Services pays nothing per pod event. The indexes equal the store however late they start.
   */
  private indexPods(): void {
    if (this.podsIndexed) return;
    this.podsIndexed = true;
    for (const pod of this.ctx.store.list<Pod>('Pod')) this.refreshPod(pod.metadata.namespace, pod.metadata.name);
  }

  private onPod(e: WatchEvent<Pod>): void {
    if (!this.podsIndexed) return;
    const pod = e.object;
    const ns = pod.metadata.namespace;
    this.refreshPod(ns, pod.metadata.name);
    const old = e.old;
    if (e.type === 'MODIFIED' && old) {
      if (
        old.status?.podIP === pod.status?.podIP &&
        old.metadata.labels === pod.metadata.labels &&
        old.metadata.deletionTimestamp === pod.metadata.deletionTimestamp &&
        old.status?.phase === pod.status?.phase &&
        isPodReady(old) === isPodReady(pod) &&
        old.spec?.nodeName === pod.spec?.nodeName
      ) {
        return;
      }
    }
    const n = this.namespace(ns);
    // The queue drains its keys sorted, so the order of these adds does not matter.
    for (const svcName of this.candidateServices(n, [pod.metadata.labels, old?.metadata.labels])) {
      const sel = n.services.get(svcName)!.selector;
      if (selectorMatches(sel, pod.metadata.labels) || (old && selectorMatches(sel, old.metadata.labels))) {
        this.queue.add(`${ns}/${svcName}`);
      }
    }
  }

  /** Brings a pod's label buckets and Service memberships in line with the store. */
  private refreshPod(ns: string, name: string): void {
    const n = this.namespace(ns);
    const pod = this.ctx.store.get<Pod>('Pod', ns, name);
    const had = n.podLabels.has(name);
    const before = n.podLabels.get(name);
    const after = pod?.metadata.labels;
    if (had === !!pod && before === after) return;
    if (had) for (const k in before) removeFrom(n.podsByLabel, labelKey(k, before[k]!), name);
    if (pod) {
      n.podLabels.set(name, after);
      for (const k in after) addTo(n.podsByLabel, labelKey(k, after[k]!), name);
    } else n.podLabels.delete(name);
    for (const svcName of this.candidateServices(n, [before, after])) {
      const svc = n.services.get(svcName)!;
      const member = !!pod && selectorMatches(svc.selector, after);
      if (member === svc.members.has(name)) continue;
      if (member) svc.members.add(name);
      else svc.members.delete(name);
      svc.sortedMembers = undefined;
    }
  }

  /** Files a Service under its selector as the store has it, recomputing its members when the selector changed. */
  private refreshService(ns: string, name: string): void {
    const n = this.namespace(ns);
    const selector = this.ctx.store.get<Service>('Service', ns, name)?.spec?.selector;
    const have = n.services.get(name);
    if (have?.selector === selector) return;
    if (have) {
      n.services.delete(name);
      if (have.labelKey === undefined) n.selectAll.delete(name);
      else removeFrom(n.servicesByLabel, have.labelKey, name);
    }
    if (!selector) return;
    // File it under its smallest selector key: any fixed choice works, the full selector is checked on every match.
    const first = Object.keys(selector).sort(compareStrings)[0];
    const key = first === undefined ? undefined : labelKey(first, selector[first]!);
    const members = new Set<string>();
    for (const p of key === undefined ? n.podLabels.keys() : (n.podsByLabel.get(key) ?? [])) {
      if (selectorMatches(selector, n.podLabels.get(p))) members.add(p);
    }
    n.services.set(name, { selector, labelKey: key, members, sortedMembers: undefined });
    if (key === undefined) n.selectAll.add(name);
    else addTo(n.servicesByLabel, key, name);
  }

  /** Files a slice under its Service (its service-name label) as the store has it. */
  private refreshSlice(ns: string, name: string): void {
    const n = this.namespace(ns);
    const before = n.sliceService.get(name);
    const after = this.ctx.store.get<EndpointSlice>('EndpointSlice', ns, name)?.metadata.labels?.[LABEL_SERVICE_NAME];
    if (before === after) return;
    if (before !== undefined) {
      const s = n.slices.get(before)!;
      s.names.delete(name);
      s.sorted = undefined;
      if (s.names.size === 0) n.slices.delete(before);
      n.sliceService.delete(name);
    }
    if (after !== undefined) {
      let s = n.slices.get(after);
      if (!s) {
        s = { names: new Set(), sorted: undefined };
        n.slices.set(after, s);
      }
      s.names.add(name);
      s.sorted = undefined;
      n.sliceService.set(name, after);
    }
  }

  /** The Service's slices sorted by name (the order `store.list` gives), a snapshot safe to iterate while writing. */
  private existingSlices(ns: string, service: string): Stored<EndpointSlice>[] {
    const s = this.namespaces.get(ns)?.slices.get(service);
    if (!s) return [];
    s.sorted ??= [...s.names].sort(compareStrings);
    return s.sorted.map((n) => this.ctx.store.get<EndpointSlice>('EndpointSlice', ns, n)!);
  }

  /** The Service's member pods sorted by name (the order `store.list` gives). */
  private memberPods(ns: string, service: string): Stored<Pod>[] {
    const svc = this.namespaces.get(ns)?.services.get(service);
    if (!svc) return [];
    svc.sortedMembers ??= [...svc.members].sort(compareStrings);
    return svc.sortedMembers.map((p) => this.ctx.store.get<Pod>('Pod', ns, p)!);
  }

  private sync(key: string): void {
    const { store } = this.ctx;
    const slash = key.indexOf('/');
    const ns = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const existing = this.existingSlices(ns, name);
    const svc = store.get<Service>('Service', ns, name);
    const desired = svc ? desiredEndpointSlices(svc, this.memberPods(ns, name), (n) => store.get<Node>('Node', '', n)) : undefined;
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
