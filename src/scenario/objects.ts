/**
 * An index of the scenario's Kubernetes objects by kind and name, for the cross-references a scenario makes
 * (`workloads.<name>`, `traffic[].service`, `setImage.deployment` …). A name that is unique across namespaces
 * resolves without a namespace; otherwise the reference must give one.
 */
import type { LoadedObject } from '../api/load.ts';

/** What a lookup found: the object, or why not. */
export type Lookup = { object: LoadedObject } | { error: string };

/** Objects by kind. */
export class ObjectIndex {
  private readonly byKind = new Map<string, LoadedObject[]>();

  constructor(objects: readonly LoadedObject[]) {
    for (const o of objects) {
      const list = this.byKind.get(o.kind) ?? [];
      list.push(o);
      this.byKind.set(o.kind, list);
    }
  }

  /** Every object of `kind`. */
  all(kind: string): readonly LoadedObject[] {
    return this.byKind.get(kind) ?? [];
  }

  /** Names of every object of `kinds`, sorted, for hints. */
  names(...kinds: string[]): string[] {
    return [...new Set(kinds.flatMap((k) => this.all(k).map((o) => o.name)))].sort();
  }

  /** Finds `kind` named `name` (in `namespace` when given). */
  find(kind: string, name: string, namespace?: string): Lookup {
    const matches = this.all(kind).filter((o) => o.name === name && (namespace === undefined || o.namespace === namespace));
    if (matches.length === 1) return { object: matches[0] as LoadedObject };
    if (matches.length === 0) {
      return { error: `no ${kind} named "${name}"${namespace !== undefined ? ` in namespace "${namespace}"` : ''} in the manifests` };
    }
    return { error: `${kind} "${name}" exists in namespaces ${matches.map((o) => o.namespace).join(', ')}; set namespace` };
  }
}
