/**
 * The objects of one kind as the metrics sample walks them every step (ReplicaSets, Deployments, …): in the
 * store's list order, with each object's series, kept up to date by a watch. A step where an object did not
 * change reads neither the store nor a series map for it; a list is built again only after an object came or
 * went.
 */
import type { KubeObject, Store, Stored } from '../cluster/store.ts';

interface Entry<T extends KubeObject, S> {
  readonly namespace: string;
  readonly name: string;
  object: Stored<T>;
  /** Written since the last walk: the object is read from the store again. */
  stale: boolean;
  series: S;
  /** The version `series` was made for. */
  seriesOf: Stored<T>;
}

export class SampledObjects<T extends KubeObject, S> {
  /** In list order; undefined after an object came or went. */
  private entries: Entry<T, S>[] | undefined = undefined;
  private readonly byKey = new Map<string, Entry<T, S>>();

  /** @param seriesFor the series of one stored version (called again only for a new version). */
  constructor(
    private readonly store: Store,
    private readonly kind: string,
    private readonly seriesFor: (object: Stored<T>) => S,
  ) {
    store.watch<T>(kind, (e) => {
      const entry = e.type === 'MODIFIED' ? this.byKey.get(keyOf(e.object)) : undefined;
      // The store is read at the walk, not here: a watcher ahead of this one may have written a newer version
      // while this event was being delivered.
      if (entry) entry.stale = true;
      else this.entries = undefined;
    });
  }

  /** Calls `fn` with every object of the kind, in the store's list order, and its series. */
  forEach(fn: (object: Stored<T>, series: S) => void): void {
    const entries = this.entries ?? this.rebuild();
    for (const entry of entries) {
      if (entry.stale) {
        entry.object = this.store.get<T>(this.kind, entry.namespace, entry.name)!;
        entry.stale = false;
      }
      if (entry.seriesOf !== entry.object) {
        entry.series = this.seriesFor(entry.object);
        entry.seriesOf = entry.object;
      }
      fn(entry.object, entry.series);
    }
  }

  private rebuild(): Entry<T, S>[] {
    const entries: Entry<T, S>[] = [];
    const kept = new Map<string, Entry<T, S>>();
    for (const object of this.store.list<T>(this.kind)) {
      const key = keyOf(object);
      let entry = this.byKey.get(key);
      if (entry) {
        entry.object = object;
        entry.stale = false;
      } else {
        entry = { namespace: object.metadata.namespace ?? '', name: object.metadata.name, object, stale: false, series: this.seriesFor(object), seriesOf: object };
      }
      kept.set(key, entry);
      entries.push(entry);
    }
    this.byKey.clear();
    for (const [key, entry] of kept) this.byKey.set(key, entry);
    this.entries = entries;
    return entries;
  }
}

function keyOf(object: Stored<KubeObject>): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}
