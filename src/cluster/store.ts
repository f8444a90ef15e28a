/**
 * The object store: kubesim's API server. Controllers read objects from it and write changes through it, never to
 * each other, exactly as Kubernetes controllers talk only through the API server.
 *
 * - Objects are immutable (immer): a write produces a new object; unchanged parts are shared.
 * - Every write stamps metadata as the API server does: uid, resourceVersion (one global counter), generation
 *   (bumped when `spec` changes), creationTimestamp; deletion with a grace period sets deletionTimestamp first.
 * - Watchers are called synchronously with ADDED / MODIFIED / DELETED; they should only enqueue work.
 * - Every change is folded into the run's trace, and (optionally) kept as history so the state at any past time
 *   can be read back (`kubesim get pods --at 30m`).
 */
import { produce, setAutoFreeze, type Draft } from 'immer';
import type { ObjectMeta, OwnerReference } from 'kubernetes-types/meta/v1';
import type { Trace } from '../engine/trace.ts';
import type { SimClock } from './time.ts';

/** Any Kubernetes object the store holds. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: unknown;
  status?: unknown;
}

/** A stored object: metadata always present with name, namespace, uid, resourceVersion. */
export type Stored<T extends KubeObject = KubeObject> = T & {
  readonly kind: string;
  readonly metadata: ObjectMeta & { name: string; namespace: string; uid: string; resourceVersion: string };
};

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent<T extends KubeObject = KubeObject> {
  readonly type: WatchType;
  readonly object: Stored<T>;
  /** The previous version (MODIFIED and DELETED). */
  readonly old?: Stored<T>;
}

/** Thrown on writes against the store's contract (create of an existing name, update of a missing object). */
export class StoreError extends Error {
  override name = 'StoreError';
  constructor(
    readonly reason: 'AlreadyExists' | 'NotFound' | 'Invalid',
    message: string,
  ) {
    super(message);
  }
}

// Deep-freezing every new object version costs more than the rest of a write; objects are treated as immutable by
// convention (every write goes through `mutate`), and tests that need the guarantee can turn freezing back on.
setAutoFreeze(false);

/** Kinds that are not namespaced; their namespace is the empty string. */
const CLUSTER_SCOPED = new Set(['Node', 'Namespace', 'PriorityClass', 'PersistentVolume', 'StorageClass', 'CSINode', 'IngressClass']);

export interface StoreOptions {
  clock: SimClock;
  /** Simulated time source (the engine's clock). */
  now: () => number;
  trace?: Trace;
  /**
   * What the store keeps of past versions, for time travel (`getAt`, `listAt`): see {@link HistoryMode}. `true` is
   * `'objects'`, `false` is `'none'`. Default `'objects'`.
   */
  history?: boolean | HistoryMode;
  /** Most objects the store may hold before it fails loudly. Default 2,000,000. */
  maxObjects?: number;
  /**
   * Mutating admission, as the API server runs it on every create: returns the object to store (e.g. a Service with
   * its allocated ClusterIP, a Pod with the DefaultTolerationSeconds tolerations). It must not change the name.
   */
  admit?: (kind: string, obj: KubeObject) => KubeObject;
}

/**
 * How past versions are kept:
 * - `objects`: every version whole (versions share what a write did not change);
 * - `changes`: each version as the fields it changed, one level below metadata, spec and status, with the whole
 *   object every {@link SNAPSHOT_EVERY} versions, so reading a past state replays at most that many changes;
 * - `none`: nothing; the state can be read back only at the present instant.
 */
export type HistoryMode = 'objects' | 'changes' | 'none';

/** In `changes` history, a version kept whole after this many kept as changes. */
const SNAPSHOT_EVERY = 16;

/** Version lists up to this length are kept at their exact size (see `keep`). */
const EXACT_VERSIONS = 8;

/**
 * One version of an object at simulated time `t`: whole (`obj`, undefined once deleted), or as the changes from the
 * previous version (`changes`: triples of parent field, or '' for the root, field name and new value, applied in
 * order).
 */
export type Version = { readonly t: number; readonly obj: Stored | undefined; readonly changes?: unknown[] };

const EMPTY_HISTORY: ReadonlyMap<string, readonly Version[]> = new Map();

/** `namespace/name`, or `name` for cluster-scoped objects. */
export function objectKey(namespace: string, name: string): string {
  return namespace === '' ? name : `${namespace}/${name}`;
}

export class Store {
  private readonly kinds = new Map<string, Map<string, Stored>>();
  /**
   * The same objects by kind, then namespace, then name: {@link get} looks up the names it is given, where a key
   * would be text built (and hashed) per call; a get costs about a fifth of that.
   */
  private readonly byName = new Map<string, Map<string, Map<string, Stored>>>();
  private readonly history_ = new Map<string, Map<string, Version[]>>();
  /**
   * Watch handlers per kind, in subscription order. Each list is replaced, never changed in place, on subscribe and
   * unsubscribe, so a handler that (un)subscribes during a delivery does not change who gets that event.
   */
  private readonly watchers = new Map<string, readonly ((event: WatchEvent) => void)[]>();
  /** Sorted keys per kind, rebuilt after a create or delete. */
  private readonly sortedKeys = new Map<string, string[]>();
  /**
   * kind → owner uid → the objects it controls (ownerReferences), current versions, for O(owned) look-ups that need
   * no look-up per object.
   */
  private readonly owned = new Map<string, Map<string, OwnedSet>>();
  private rv = 0;
  private uidCounter = 0;
  private count = 0;
  private readonly historyMode: HistoryMode;
  private readonly maxObjects: number;

  constructor(private readonly options: StoreOptions) {
    const h = options.history ?? 'objects';
    this.historyMode = h === true ? 'objects' : h === false ? 'none' : h;
    this.maxObjects = options.maxObjects ?? 2_000_000;
  }

  /** The current resourceVersion counter. */
  get resourceVersion(): number {
    return this.rv;
  }

  /** Whether objects of this kind are cluster-scoped. */
  static isClusterScoped(kind: string): boolean {
    return CLUSTER_SCOPED.has(kind);
  }

  get<T extends KubeObject>(kind: string, namespace: string, name: string): Stored<T> | undefined {
    return this.byName.get(kind)?.get(namespace)?.get(name) as Stored<T> | undefined;
  }

  /** Objects of a kind, optionally in one namespace, sorted by key (a stable order for every caller). */
  list<T extends KubeObject>(kind: string, namespace?: string): Stored<T>[] {
    const m = this.kinds.get(kind);
    if (!m) return [];
    let keys = this.sortedKeys.get(kind);
    if (!keys) {
      keys = [...m.keys()].sort();
      this.sortedKeys.set(kind, keys);
    }
    const out: Stored<T>[] = [];
    if (namespace === undefined) {
      for (const k of keys) out.push(m.get(k) as Stored<T>);
      return out;
    }
    if (namespace !== '') {
      // Keys are `namespace/name` and sorted, so one namespace is a contiguous run: found by binary search instead
      // of a scan of every object of the kind (a pod event looking up its namespace's Services).
      const prefix = `${namespace}/`;
      let lo = 0;
      let hi = keys.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (keys[mid]! < prefix) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < keys.length && keys[i]!.startsWith(prefix); i++) out.push(m.get(keys[i]!) as Stored<T>);
      return out;
    }
    for (const k of keys) {
      const obj = m.get(k)!;
      if (obj.metadata.namespace === namespace) out.push(obj as Stored<T>);
    }
    return out;
  }

  /** Visits every object of a kind in no particular order (for counting; use `list` when order matters). */
  each<T extends KubeObject>(kind: string, visit: (obj: Stored<T>) => void): void {
    const m = this.kinds.get(kind);
    if (m) for (const obj of m.values()) visit(obj as Stored<T>);
  }

  /** Number of objects of a kind. */
  size(kind: string): number {
    return this.kinds.get(kind)?.size ?? 0;
  }

  /** Creates an object; fills uid, resourceVersion, generation, creationTimestamp, namespace. */
  create<T extends KubeObject>(kind: string, input: T): Stored<T> {
    const obj = (this.options.admit ? this.options.admit(kind, input) : input) as T;
    const name = obj.metadata?.name;
    if (!name) throw new StoreError('Invalid', `${kind}: metadata.name is required`);
    const namespace = CLUSTER_SCOPED.has(kind) ? '' : (obj.metadata?.namespace ?? 'default');
    const key = objectKey(namespace, name);
    let m = this.kinds.get(kind);
    if (!m) {
      m = new Map();
      this.kinds.set(kind, m);
    }
    if (m.has(key)) throw new StoreError('AlreadyExists', `${kind} "${key}" already exists`);
    if (++this.count > this.maxObjects) {
      throw new StoreError('Invalid', `more than ${this.maxObjects} objects in the store; the simulation is runaway`);
    }
    const now = this.options.now();
    // A shallow copy with the stamped metadata (what a produce would return, at a fraction of the cost): the
    // caller's object is left untouched, nested parts are shared.
    const stored = { ...obj } as KubeObject;
    stored.kind = kind;
    const md: Draft<ObjectMeta> = { ...obj.metadata };
    stored.metadata = md;
    md.name = name;
    md.namespace = namespace;
    md.uid = this.nextUid();
    md.resourceVersion = String(++this.rv);
    md.generation = 1;
    md.creationTimestamp = this.options.clock.timestamp(now);
    m.set(key, stored as Stored<T>);
    this.setByName(kind, namespace, name, stored as Stored);
    this.sortedKeys.delete(kind);
    this.changed(kind, key, now, 'ADDED', stored as Stored, undefined);
    return stored as Stored<T>;
  }

  /**
   * Changes an object with an immer recipe. Bumps resourceVersion, and generation when `spec` changed. Returns the
   * new object, or the old one unchanged when the recipe changed nothing (no watch event, no trace record).
   */
  mutate<T extends KubeObject>(
    kind: string,
    namespace: string,
    name: string,
    recipe: (draft: Draft<Stored<T>>) => void,
  ): Stored<T> {
    return this.update<T>(kind, namespace, name, (old) => produce(old, recipe));
  }

  /**
   * Changes an object without a draft, for hot paths where building the new version by hand is much cheaper than a
   * recipe: `next` gets the current version, must not modify it, and returns either that same object (nothing
   * changed: no watch event, no trace record) or a new root object of its own sharing the unchanged parts. The store
   * takes that root over: it becomes the stored version, its `metadata` replaced by a stamped copy (as
   * {@link mutate} stamps), so it must not be one the caller keeps or reuses.
   */
  update<T extends KubeObject>(kind: string, namespace: string, name: string, next: (current: Stored<T>) => T): Stored<T> {
    const ns = CLUSTER_SCOPED.has(kind) ? '' : namespace;
    const key = objectKey(ns, name);
    const m = this.kinds.get(kind);
    const old = m?.get(key) as Stored<T> | undefined;
    if (!m || !old) throw new StoreError('NotFound', `${kind} "${key}" not found`);
    const changed = next(old) as Stored<T>;
    if (changed === old) return old;
    // The stamp goes on a shallow copy of the metadata, set on the new root itself: the root is the caller's fresh
    // object (the contract above), so a second copy of it would only be garbage; the previous version and any
    // metadata it shares are not touched.
    const md: Draft<ObjectMeta> = { ...changed.metadata };
    md.resourceVersion = String(++this.rv);
    const specChanged = (changed as KubeObject).spec !== (old as KubeObject).spec;
    if (specChanged) md.generation = (old.metadata.generation ?? 1) + 1;
    // The writer kept the metadata (a status write): the new resourceVersion is all that changed in it.
    const stampOnly = changed.metadata === old.metadata && !specChanged;
    // (A frozen root, from immer with auto-freeze turned back on, is copied instead.)
    const stamped = (Object.isFrozen(changed) ? { ...changed } : changed) as { metadata: ObjectMeta };
    stamped.metadata = md;
    m.set(key, stamped as Stored<T>);
    this.setByName(kind, ns, name, stamped as Stored);
    this.changed(kind, key, this.options.now(), 'MODIFIED', stamped as Stored<T>, old, stampOnly);
    return stamped as Stored<T>;
  }

  /** Removes an object now (after any grace period has been handled by the caller). */
  delete(kind: string, namespace: string, name: string): Stored | undefined {
    const ns = CLUSTER_SCOPED.has(kind) ? '' : namespace;
    const key = objectKey(ns, name);
    const m = this.kinds.get(kind);
    const old = m?.get(key);
    if (!m || !old) return undefined;
    m.delete(key);
    const names = this.byName.get(kind)!.get(ns)!;
    names.delete(name);
    if (names.size === 0) this.byName.get(kind)!.delete(ns);
    this.sortedKeys.delete(kind);
    this.count--;
    ++this.rv;
    this.changed(kind, key, this.options.now(), 'DELETED', old, old);
    return old;
  }

  /** Puts the current version of `kind` `namespace`/`name` into {@link byName}. */
  private setByName(kind: string, namespace: string, name: string, obj: Stored): void {
    let namespaces = this.byName.get(kind);
    if (!namespaces) this.byName.set(kind, (namespaces = new Map()));
    let names = namespaces.get(namespace);
    if (!names) namespaces.set(namespace, (names = new Map()));
    names.set(name, obj);
  }

  /** Objects of `kind` whose ownerReferences name `ownerUid`, sorted by key. */
  ownedBy<T extends KubeObject>(kind: string, ownerUid: string): Stored<T>[] {
    const set = this.owned.get(kind)?.get(ownerUid);
    if (!set || set.objs.length === 0) return [];
    set.sorted ??= [...set.at.keys()].sort();
    // The sorted objects are kept until one of them changes: an owner's dependents are read far more often than
    // they are written (a Deployment's ReplicaSets at every sync of it). The copy is the caller's to change.
    set.sortedObjs ??= set.sorted.map((k) => set.objs[set.at.get(k)!]!);
    return set.sortedObjs.slice() as Stored<T>[];
  }

  /**
   * Visits the objects of `kind` whose ownerReferences name `ownerUid` in no particular order: for counting, where
   * {@link ownedBy}'s sorted list (re-sorted after every create or delete among them) is not needed.
   */
  eachOwnedBy<T extends KubeObject>(kind: string, ownerUid: string, visit: (obj: Stored<T>) => void): void {
    const set = this.owned.get(kind)?.get(ownerUid);
    if (!set) return;
    // A plain list: visiting 100,000 pods of one ReplicaSet at every sync was most of its cost as a Map's values.
    const objs = set.objs;
    for (let i = 0; i < objs.length; i++) visit(objs[i] as Stored<T>);
  }

  /** Objects of any kind whose ownerReferences name the owner's uid, sorted by kind then key. */
  dependents(ownerUid: string): Stored[] {
    const out: Stored[] = [];
    for (const kind of [...this.owned.keys()].sort()) out.push(...this.ownedBy(kind, ownerUid));
    return out;
  }

  private index(kind: string, key: string, obj: Stored | undefined, old: Stored | undefined): void {
    const before = old?.metadata.ownerReferences;
    const after = obj?.metadata.ownerReferences;
    if (before === undefined && after === undefined) return;
    let byOwner = this.owned.get(kind);
    if (!byOwner) {
      byOwner = new Map();
      this.owned.set(kind, byOwner);
    }
    if (before === after) {
      // Same owners: the new version replaces the old one where it stands.
      for (const r of after!) {
        const set = byOwner.get(r.uid);
        const i = set?.at.get(key);
        if (i !== undefined) {
          set!.objs[i] = obj!;
          set!.sortedObjs = undefined;
        }
      }
      return;
    }
    for (const r of before ?? []) {
      const set = byOwner.get(r.uid);
      if (set) removeOwned(set, key);
    }
    for (const r of (after ?? []) as OwnerReference[]) {
      let set = byOwner.get(r.uid);
      if (!set) {
        set = { objs: [], keys: [], at: new Map(), sorted: undefined, sortedObjs: undefined };
        byOwner.set(r.uid, set);
      }
      const i = set.at.get(key);
      if (i !== undefined) set.objs[i] = obj!;
      else {
        set.at.set(key, set.objs.length);
        set.objs.push(obj!);
        set.keys.push(key);
        set.sorted = undefined;
      }
      set.sortedObjs = undefined;
    }
  }

  /** Subscribes to changes of one kind; returns the unsubscribe function. */
  watch<T extends KubeObject>(kind: string, handler: (event: WatchEvent<T>) => void): () => void {
    const h = handler as (e: WatchEvent) => void;
    this.watchers.set(kind, [...(this.watchers.get(kind) ?? []), h]);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      const list = this.watchers.get(kind) ?? [];
      const i = list.indexOf(h);
      if (i >= 0) this.watchers.set(kind, [...list.slice(0, i), ...list.slice(i + 1)]);
    };
  }

  /** What this store keeps of past versions. */
  get history(): HistoryMode {
    return this.historyMode;
  }

  /**
   * The object as it was at simulated time `t`. Without history only the present can be read (`t` at or after the
   * current time); an earlier `t` throws a StoreError.
   */
  getAt<T extends KubeObject>(kind: string, namespace: string, name: string, t: number): Stored<T> | undefined {
    if (this.historyMode === 'none') return this.presentOnly(t) && this.get<T>(kind, CLUSTER_SCOPED.has(kind) ? '' : namespace, name);
    const versions = this.history_.get(kind)?.get(objectKey(CLUSTER_SCOPED.has(kind) ? '' : namespace, name));
    return versions ? (versionAt(versions, t) as Stored<T> | undefined) : undefined;
  }

  /** Every object of a kind as it was at simulated time `t`, sorted by key; without history, as {@link getAt}. */
  listAt<T extends KubeObject>(kind: string, t: number, namespace?: string): Stored<T>[] {
    if (this.historyMode === 'none') return this.presentOnly(t) ? this.list<T>(kind, namespace) : [];
    const m = this.history_.get(kind);
    if (!m) return [];
    // Sorted by the history's own keys (the objects' keys): no key text is built per comparison.
    const keys: string[] = [];
    const objs = new Map<string, Stored<T>>();
    for (const [key, versions] of m) {
      const obj = versionAt(versions, t);
      if (obj && (namespace === undefined || obj.metadata.namespace === namespace)) {
        keys.push(key);
        objs.set(key, obj as Stored<T>);
      }
    }
    keys.sort();
    const out: Stored<T>[] = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) out[i] = objs.get(keys[i]!)!;
    return out;
  }

  /**
   * Every recorded version of every object of a kind, by key, each list in time order, each version whole (`obj`;
   * undefined marks a deletion); `changes` history is rebuilt into whole versions here, and without history there
   * are none. For exporters that replay the run (kube-state-metrics series).
   */
  versionsOf(kind: string): ReadonlyMap<string, readonly Version[]> {
    const byKey = this.history_.get(kind);
    if (!byKey) return EMPTY_HISTORY;
    if (this.historyMode !== 'changes') return byKey;
    const whole = new Map<string, Version[]>();
    for (const [key, versions] of byKey) whole.set(key, versions.map((v) => (v.changes ? { t: v.t, obj: versionAt(versions, v.t) } : v)));
    return whole;
  }

  /** Without history, whether `t` is the present; throws for a past instant. */
  private presentOnly(t: number): true {
    const now = this.options.now();
    if (t < now) {
      throw new StoreError('Invalid', `the state at ${t} ms is not kept: object history is not recorded (spec.record.history: none), only the present (${now} ms)`);
    }
    return true;
  }

  /** Kinds that have (or had) objects, sorted. */
  knownKinds(): string[] {
    return [...new Set([...this.kinds.keys(), ...this.history_.keys()])].sort();
  }

  /** A write happened: index, history, trace, watchers. `stampOnly`: a MODIFIED object's metadata changed only by its resourceVersion. */
  private changed(kind: string, key: string, t: number, type: WatchType, obj: Stored, old: Stored | undefined, stampOnly = false): void {
    this.index(kind, key, type === 'DELETED' ? undefined : obj, old);
    if (this.historyMode !== 'none') this.keep(kind, key, t, type === 'DELETED' ? undefined : obj, old);
    // A new object is traced whole, a modified one as the fields that changed (see traceDiff), each value hashed
    // structurally in insertion order: objects are built by deterministic code, so that order is stable from run to
    // run, and nothing is serialised.
    const trace = this.options.trace;
    if (trace) {
      trace.begin(t, type);
      trace.text(kind);
      trace.text(' ');
      trace.text(key);
      if (type === 'ADDED') {
        trace.text(' ');
        trace.value(obj);
      } else if (type === 'MODIFIED') traceDiff(trace, obj as unknown as Record<string, unknown>, old as unknown as Record<string, unknown>, '', stampOnly);
      trace.end();
    }
    const handlers = this.watchers.get(kind);
    if (handlers === undefined || handlers.length === 0) return;
    const event: WatchEvent = { type, object: obj, old };
    for (let i = 0; i < handlers.length; i++) handlers[i]!(event);
  }

  /** Adds the version `obj` (undefined: deleted) at `t` to the history of `kind`/`key`; `old` is the one before. */
  private keep(kind: string, key: string, t: number, obj: Stored | undefined, old: Stored | undefined): void {
    let hk = this.history_.get(kind);
    if (!hk) {
      hk = new Map();
      this.history_.set(kind, hk);
    }
    // A new object's list is stored by the copy below, never this empty one.
    const versions = hk.get(key) ?? [];
    const last = versions[versions.length - 1];
    // Several writes at one instant: the state "at t" is the last of them.
    const replace = last !== undefined && last.t === t;
    let v: Version = { t, obj };
    if (this.historyMode === 'changes' && obj !== undefined && old !== undefined) {
      if (replace) {
        // A second write at the same instant: its changes follow the first's (applying both in order gives the
        // final state); after a whole version, the whole new one.
        const changes = last.changes && diffVersions(obj, old);
        if (changes) v = { t, obj: undefined, changes: [...last.changes!, ...changes] };
      } else {
        let sinceWhole = 0;
        for (let i = versions.length - 1; i >= 0 && versions[i]!.changes; i--) sinceWhole++;
        const changes = sinceWhole + 1 < SNAPSHOT_EVERY ? diffVersions(obj, old) : undefined;
        if (changes) v = { t, obj: undefined, changes };
      }
    }
    if (replace) versions[versions.length - 1] = v;
    // Most objects keep a few versions for the whole run (a pod: two or three), and an array grown by `push` keeps
    // room for 17: up to EXACT_VERSIONS the list is copied at its exact size instead (a short copy per write).
    else if (versions.length < EXACT_VERSIONS) hk.set(key, versions.concat([v]));
    else versions.push(v);
  }

  private nextUid(): string {
    // Deterministic, UUID-shaped: the counter in the last group.
    const n = ++this.uidCounter;
    return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  }
}

/**
 * The objects one owner controls: current versions in a list (`objs`, with their keys at the same positions in
 * `keys`), each key's position in `at`, the keys sorted (`sorted`) until the membership changes, and the objects
 * in that order (`sortedObjs`) until any of them changes.
 */
interface OwnedSet {
  readonly objs: Stored[];
  readonly keys: string[];
  readonly at: Map<string, number>;
  sorted: string[] | undefined;
  sortedObjs: Stored[] | undefined;
}

/** Removes `key` from the set: the last member takes its place (the list has no order to keep). */
function removeOwned(set: OwnedSet, key: string): void {
  const i = set.at.get(key);
  if (i === undefined) return;
  const last = set.objs.length - 1;
  if (i !== last) {
    set.objs[i] = set.objs[last]!;
    set.keys[i] = set.keys[last]!;
    set.at.set(set.keys[i]!, i);
  }
  set.objs.pop();
  set.keys.pop();
  set.at.delete(key);
  set.sorted = undefined;
  set.sortedObjs = undefined;
}

/**
 * Adds to the open trace record the fields of `obj` that differ from `old` as ` path=value` (value undefined when
 * removed), descending one level into plain objects (metadata, spec, status) and comparing by identity: writes
 * share what they do not change, so an unchanged field is the same object. The first version is traced whole and
 * every later one by what changed, so the trace still determines every version (and equal traces mean equal
 * histories). `stampOnly` (at the root): the metadata differs only by its resourceVersion, traced as the field-by-
 * field comparison would find it, without the comparison (most writes are status writes).
 */
function traceDiff(trace: Trace, obj: Record<string, unknown>, old: Record<string, unknown>, parent: string, stampOnly = false): void {
  for (const k in obj) {
    const v = obj[k];
    const o = old[k];
    if (v === o) continue;
    if (stampOnly && k === 'metadata') traceField(trace, k, 'resourceVersion', (v as ObjectMeta).resourceVersion);
    else if (parent === '' && isPlainObject(v) && isPlainObject(o)) traceDiff(trace, v, o, k);
    else traceField(trace, parent, k, v);
  }
  for (const k in old) if (old[k] !== undefined && !(k in obj)) traceField(trace, parent, k, undefined);
}

/** ` parent.field=value` (` field=value` at the root) in the open trace record. */
function traceField(trace: Trace, parent: string, field: string, value: unknown): void {
  trace.text(' ');
  if (parent !== '') {
    trace.text(parent);
    trace.text('.');
  }
  trace.text(field);
  trace.text('=');
  trace.value(value);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The last version at or before t, by binary search; rebuilt from the last whole version when kept as changes. */
function versionAt(versions: readonly Version[], t: number): Stored | undefined {
  let lo = 0;
  let hi = versions.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (versions[mid]!.t <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return undefined;
  if (!versions[found]!.changes) return versions[found]!.obj;
  let whole = found;
  while (versions[whole]!.changes) whole--;
  const obj: Record<string, unknown> = { ...versions[whole]!.obj };
  const copied = new Set<string>();
  for (let i = whole + 1; i <= found; i++) {
    const c = versions[i]!.changes!;
    for (let j = 0; j < c.length; j += 3) {
      const parent = c[j] as string;
      const field = c[j + 1] as string;
      const value = c[j + 2];
      let target = obj;
      if (parent !== '') {
        if (!copied.has(parent)) {
          obj[parent] = { ...(obj[parent] as Record<string, unknown>) };
          copied.add(parent);
        }
        target = obj[parent] as Record<string, unknown>;
      } else copied.delete(field);
      target[field] = value;
    }
  }
  return obj as unknown as Stored;
}

/**
 * The changes from `old` to `obj` as {@link Version} triples, one level below the root's plain-object fields
 * (metadata, spec, status); a field whose keys differ (added, removed or reordered) is replaced whole, so a rebuilt
 * version has exactly the keys, in the same order, of the original. Undefined when the root's keys differ (the
 * version is then kept whole).
 */
function diffVersions(obj: Stored, old: Stored): unknown[] | undefined {
  const o = obj as unknown as Record<string, unknown>;
  const p = old as unknown as Record<string, unknown>;
  if (!sameKeys(o, p)) return undefined;
  const out: unknown[] = [];
  for (const k in o) {
    const v = o[k];
    const w = p[k];
    if (v === w) continue;
    if (isPlainObject(v) && isPlainObject(w) && sameKeys(v, w)) {
      for (const f in v) if (v[f] !== w[f]) out.push(k, f, v[f]);
    } else out.push('', k, v);
  }
  return out;
}

/** Whether two objects have the same keys in the same order. */
function sameKeys(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return false;
  return true;
}
