/**
 * Services by the labels of their selectors, kept from a Store watch: which Services select a pod with these
 * labels, without matching every Service of the namespace (the scheduler asks this for every pod it queues; with
 * 1,000 Services that scan was most of a large run's scheduling cost). Each Service is filed under one pair of its
 * selector (the smallest key) and confirmed against the whole selector. Services without a selector are left out,
 * as upstream's `GetPodServices` leaves them out. A Service whose selector is empty (`{}`) matches every pod
 * upstream, but it adds no requirement to the default spreading selector built from these, so leaving it out too
 * changes nothing.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { Store, Stored } from './store.ts';

export class ServiceSelectorIndex {
  /** namespace → `key\0value` → Service name → Service. */
  private readonly byLabel = new Map<string, Map<string, Map<string, Stored<Service>>>>();
  /** `namespace/name` → the bucket key the Service is filed under. */
  private readonly filedUnder = new Map<string, string>();

  constructor(store: Store) {
    for (const svc of store.list<Service>('Service')) this.file(svc);
    store.watch<Service>('Service', (e) => {
      this.unfile(e.object.metadata.namespace, e.object.metadata.name);
      if (e.type !== 'DELETED') this.file(e.object);
    });
  }

  /** Selectors of the Services in `namespace` whose selector matches `labels`, in Service name order. */
  selectorsMatching(namespace: string, labels: Readonly<Record<string, string>>): Readonly<Record<string, string>>[] {
    const buckets = this.byLabel.get(namespace);
    if (!buckets) return [];
    let found: Stored<Service>[] | undefined;
    for (const k in labels) {
      const bucket = buckets.get(`${k}\0${labels[k]}`);
      if (!bucket) continue;
      for (const svc of bucket.values()) {
        const sel = svc.spec!.selector!;
        let all = true;
        for (const sk in sel) {
          if (labels[sk] !== sel[sk]) {
            all = false;
            break;
          }
        }
        if (all) (found ??= []).push(svc);
      }
    }
    if (!found) return [];
    found.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
    return found.map((s) => s.spec!.selector!);
  }

  private file(svc: Stored<Service>): void {
    const sel = svc.spec?.selector;
    if (!sel) return;
    let first: string | undefined;
    for (const k in sel) if (first === undefined || k < first) first = k;
    if (first === undefined) return;
    const key = `${first}\0${sel[first]}`;
    const ns = svc.metadata.namespace;
    let buckets = this.byLabel.get(ns);
    if (!buckets) this.byLabel.set(ns, (buckets = new Map()));
    let bucket = buckets.get(key);
    if (!bucket) buckets.set(key, (bucket = new Map()));
    bucket.set(svc.metadata.name, svc);
    this.filedUnder.set(`${ns}/${svc.metadata.name}`, key);
  }

  private unfile(ns: string, name: string): void {
    const id = `${ns}/${name}`;
    const key = this.filedUnder.get(id);
    if (key === undefined) return;
    this.filedUnder.delete(id);
    const buckets = this.byLabel.get(ns);
    const bucket = buckets?.get(key);
    bucket?.delete(name);
    if (bucket && bucket.size === 0) buckets!.delete(key);
  }
}
