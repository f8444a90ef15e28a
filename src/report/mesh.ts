/**
 * kubectl's views of the service-mesh kinds, which are custom resources: `kubectl get` prints the CRDs'
 * additionalPrinterColumns (Istio: VirtualService GATEWAYS HOSTS AGE, DestinationRule HOST AGE; Gateway API:
 * HTTPRoute HOSTNAMES AGE, Gateway CLASS ADDRESS PROGRAMMED AGE), a JSONPath array cell printed as JSON and a
 * missing one blank; `kubectl describe` uses the generic describer (`printUnstructuredContent`): the object's
 * fields sorted by name at each level, labelled by `smartLabelFor`.
 */
import { translateTimestampSince, type SimClock } from './duration.ts';
import { PrefixWriter, printAnnotationsMultiline, printLabelsMultiline } from './describe.ts';

/** A mesh object as stored: any fields under spec and status. */
export interface MeshResource {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; creationTimestamp?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

/** A JSONPath cell: arrays as JSON, scalars as text, absent blank. */
function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  return Array.isArray(v) ? JSON.stringify(v) : String(v);
}

/** The `kubectl get` headers of a mesh kind. */
export const MESH_GET_HEADERS: Readonly<Record<string, readonly string[]>> = {
  VirtualService: ['Name', 'Gateways', 'Hosts', 'Age'],
  DestinationRule: ['Name', 'Host', 'Age'],
  HTTPRoute: ['Name', 'Hostnames', 'Age'],
  Gateway: ['Name', 'Class', 'Address', 'Programmed', 'Age'],
};

/** One `kubectl get` row of a mesh object. */
export function printMeshObject(kind: string, o: MeshResource, clock: SimClock): string[] {
  const spec = o.spec ?? {};
  const age = translateTimestampSince(o.metadata?.creationTimestamp, clock);
  const name = o.metadata?.name ?? '';
  switch (kind) {
    case 'VirtualService':
      return [name, cell(spec['gateways']), cell(spec['hosts']), age];
    case 'DestinationRule':
      return [name, cell(spec['host']), age];
    case 'HTTPRoute':
      return [name, cell(spec['hostnames']), age];
    default: {
      const status = o.status ?? {};
      const addresses = Array.isArray(status['addresses']) ? (status['addresses'] as { value?: string }[]).map((a) => a.value ?? '').join(' ') : '';
      const conditions = Array.isArray(status['conditions']) ? (status['conditions'] as { type?: string; status?: string }[]) : [];
      return [name, cell(spec['gatewayClassName']), addresses, conditions.find((c) => c.type === 'Programmed')?.status ?? '', age];
    }
  }
}

const ACRONYMS = ['API', 'URL', 'UID', 'OSB', 'GUID'];

/**
 * kubectl's `smartLabelFor`: a field with anything but letters and `-` is printed as is; otherwise its camel-case
 * words, title-cased (`perTryTimeout` → `Per Try Timeout`, `apiVersion` → `API Version`).
 */
export function smartLabelFor(field: string): string {
  if (!/^[\p{L}-]+$/u.test(field)) return field;
  const parts = field.match(/\p{Lu}+(?=\p{Lu}\p{Ll})|\p{Lu}?\p{Ll}+|\p{Lu}+|-/gu) ?? [field];
  return parts
    .map((p) => (ACRONYMS.includes(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1).toLowerCase()))
    .join(' ');
}

const SKIP = new Set(['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations']);

function printUnstructuredContent(w: PrefixWriter, level: number, content: Record<string, unknown>, skipPrefix: string): void {
  for (const field of Object.keys(content).sort()) {
    const value = content[field];
    const skipExpr = `${skipPrefix}.${field}`;
    if (Array.isArray(value)) {
      if (SKIP.has(skipExpr)) continue;
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (typeof child === 'object' && child !== null && !Array.isArray(child)) printUnstructuredContent(w, level + 1, child as Record<string, unknown>, skipExpr);
        else w.write(level + 1, `${String(child)}\n`);
      }
    } else if (typeof value === 'object' && value !== null) {
      if (SKIP.has(skipExpr)) continue;
      w.write(level, `${smartLabelFor(field)}:\n`);
      printUnstructuredContent(w, level + 1, value as Record<string, unknown>, skipExpr);
    } else {
      if (SKIP.has(skipExpr)) continue;
      w.write(level, `${smartLabelFor(field)}:\t${String(value)}\n`);
    }
  }
}

/** `kubectl describe` of a mesh object: the generic describer. Mesh objects get no events in kubesim. */
export function describeMeshObject(o: MeshResource): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${o.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${o.metadata?.namespace ?? 'default'}\n`);
  printLabelsMultiline(w, 'Labels', o.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', o.metadata?.annotations);
  printUnstructuredContent(w, 0, o as Record<string, unknown>, '');
  w.write(0, 'Events:\t<none>\n');
  return w.toString();
}
