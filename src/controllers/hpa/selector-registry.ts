/**
 * The selector registered for each HPA, after upstream's `hpaSelectors` (a `selectors.BiMultimap`) as the HPA
 * controller uses it: `PutSelector` when a sync parses its target's selector, `DeleteSelector` when the HPA goes,
 * and, for `hpasControllingPodsUnderSelector`, the HPAs whose selector matches a pod's labels. Selectors are
 * bucketed by one `key=value` requirement of theirs, so a lookup tests only the selectors that can match.
 */
import type { Labels, Selector } from '../../api/selector.ts';

interface Entry {
  readonly selector: Selector;
  readonly bucket: string;
}

export class SelectorRegistry<K> {
  private readonly entries = new Map<K, Entry>();
  /** `namespace\0key=value` → the keys whose selector requires that label; `namespace\0` → the others. */
  private readonly buckets = new Map<string, Set<K>>();
  /** Bumped by every change: what was found under an older version may be stale. */
  version = 0;

  /** Registers (or replaces) the selector of `key`, an HPA of namespace `ns`. */
  put(key: K, ns: string, selector: Selector): void {
    const old = this.entries.get(key);
    if (old?.selector === selector) return;
    if (old) this.buckets.get(old.bucket)?.delete(key);
    const eq = selector.requirements.find((r) => r.operator === 'In' && r.values.length === 1);
    const bucket = eq ? `${ns}\u0000${eq.key}=${eq.values[0]}` : `${ns}\u0000`;
    let keys = this.buckets.get(bucket);
    if (!keys) this.buckets.set(bucket, (keys = new Set()));
    keys.add(key);
    this.entries.set(key, { selector, bucket });
    this.version++;
  }

  delete(key: K): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.buckets.get(old.bucket)?.delete(key);
    this.entries.delete(key);
    this.version++;
  }

  /** Calls `found` for each key whose selector matches `labels` (a pod of namespace `ns`); a key may repeat. */
  selecting(ns: string, labels: Labels | undefined, found: (key: K) => void): void {
    this.visit(this.buckets.get(`${ns}\u0000`), labels, found);
    if (!labels) return;
    for (const k in labels) this.visit(this.buckets.get(`${ns}\u0000${k}=${labels[k]}`), labels, found);
  }

  private visit(keys: Set<K> | undefined, labels: Labels | undefined, found: (key: K) => void): void {
    if (!keys) return;
    for (const key of keys) if (this.entries.get(key)!.selector.matches(labels)) found(key);
  }
}
