/**
 * kubectl's views of the networking.k8s.io kinds: `kubectl get networkpolicies` / `ingresses` / `ingressclasses`
 * (the printers' `printNetworkPolicy`, `printIngress`, `printIngressClass`) and `kubectl describe networkpolicy`,
 * `ingress` and `ingressclass` (`describeNetworkPolicy`, `describeIngressV1`, `describeIngressClassV1`).
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Ingress, IngressBackend, IngressClass, NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import { translateTimestampSince, type SimClock } from './duration.ts';
import { describeEvents, eventsFor, formatEndpointSlices, formatLabelSelector, PrefixWriter, printAnnotationsMultiline, printLabelsMultiline, rfc1123z } from './describe.ts';
import type { ReportEvent } from './types.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's `time.Time.String()` in UTC (`2006-01-02 15:04:05 +0000 UTC`), which kubectl prints for `Created on`. */
function goTimeString(timestamp: string | undefined): string {
  const rfc = rfc1123z(timestamp);
  // `Mon, 02 Jan 2006 15:04:05 +0000`
  const m = /^\w{3}, (\d{2}) (\w{3}) (\d+) (\d{2}:\d{2}:\d{2}) \+0000$/.exec(rfc);
  if (!m) return rfc;
  return `${m[3]}-${String(MONTHS.indexOf(m[2]!) + 1).padStart(2, '0')}-${m[1]} ${m[4]} +0000 UTC`;
}

/** `printNetworkPolicy`: NAME POD-SELECTOR AGE. */
export function printNetworkPolicy(np: NetworkPolicy, clock: SimClock): string[] {
  return [np.metadata?.name ?? '', formatLabelSelector(np.spec?.podSelector ?? {}), translateTimestampSince(np.metadata?.creationTimestamp, clock)];
}

/** `formatHosts`: the first three hosts (`*` for none), then ` + N more...`. */
function formatHosts(ing: Ingress): string {
  const rules = ing.spec?.rules ?? [];
  const max = 3;
  const list: string[] = [];
  let more = false;
  for (const rule of rules) {
    if (list.length === max) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return '*';
  return more ? `${list.join(',')} + ${rules.length - max} more...` : list.join(',');
}

/** `printIngress`: NAME CLASS HOSTS ADDRESS PORTS AGE (PORTS `80`, or `80, 443` with TLS). */
export function printIngress(ing: Ingress, clock: SimClock): string[] {
  const address = (ing.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter((a) => a !== '');
  return [
    ing.metadata?.name ?? '',
    ing.spec?.ingressClassName ?? '<none>',
    formatHosts(ing),
    address.join(','),
    (ing.spec?.tls ?? []).length > 0 ? '80, 443' : '80',
    translateTimestampSince(ing.metadata?.creationTimestamp, clock),
  ];
}

function portLines(ports: readonly NetworkPolicyPort[] | undefined, indent: string): string[] {
  if (!ports || ports.length === 0) return [`${indent}To Port: <any> (traffic allowed to all ports)`];
  return ports.map((p) => {
    const proto = p.protocol ?? 'TCP';
    if (p.port === undefined) return `${indent}To Port: <any>/${proto}`;
    return p.endPort !== undefined ? `${indent}To Port Range: ${p.port}-${p.endPort}/${proto}` : `${indent}To Port: ${p.port}/${proto}`;
  });
}

function peerLines(peers: readonly NetworkPolicyPeer[] | undefined, word: 'From' | 'To', indent: string): string[] {
  if (!peers || peers.length === 0) {
    return [word === 'From' ? `${indent}From: <any> (traffic not restricted by source)` : `${indent}To: <any> (traffic not restricted by destination)`];
  }
  const out: string[] = [];
  for (const peer of peers) {
    out.push(`${indent}${word}:`);
    if (peer.podSelector && peer.namespaceSelector) {
      out.push(`${indent}  NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}`, `${indent}  PodSelector: ${formatLabelSelector(peer.podSelector)}`);
    } else if (peer.podSelector) out.push(`${indent}  PodSelector: ${formatLabelSelector(peer.podSelector)}`);
    else if (peer.namespaceSelector) out.push(`${indent}  NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}`);
    else if (peer.ipBlock) out.push(`${indent}  IPBlock:`, `${indent}    CIDR: ${peer.ipBlock.cidr}`, `${indent}    Except: ${(peer.ipBlock.except ?? []).join(', ')}`);
  }
  return out;
}

function ruleLines(rules: readonly (NetworkPolicyIngressRule | NetworkPolicyEgressRule)[], ingress: boolean, indent: string): string[] {
  if (rules.length === 0) return [`${indent}<none> (Selected pods are isolated for ${ingress ? 'ingress' : 'egress'} connectivity)`];
  const out: string[] = [];
  rules.forEach((rule, i) => {
    out.push(...portLines(rule.ports, indent));
    out.push(...(ingress ? peerLines((rule as NetworkPolicyIngressRule).from, 'From', indent) : peerLines((rule as NetworkPolicyEgressRule).to, 'To', indent)));
    if (i !== rules.length - 1) out.push(`${indent}----------`);
  });
  return out;
}

/**
 * `kubectl describe networkpolicy`: name, namespace, creation time, labels, annotations, then the spec: the pod
 * selector, each direction's rules (ports, then peers, rules separated by `----------`) or "Not affecting" for a
 * direction the policy does not isolate, and the policy types.
 */
export function describeNetworkPolicy(np: NetworkPolicy): string {
  const w = new PrefixWriter();
  const meta = np.metadata;
  const spec = np.spec;
  w.write(0, `Name:\t${meta?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${meta?.namespace ?? 'default'}\n`);
  w.write(0, `Created on:\t${goTimeString(meta?.creationTimestamp)}\n`);
  printLabelsMultiline(w, 'Labels', meta?.labels);
  printAnnotationsMultiline(w, 'Annotations', meta?.annotations);
  w.write(0, 'Spec:\n');
  const sel = spec?.podSelector ?? {};
  const selected = Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
  w.write(1, `PodSelector:     ${selected ? '<none> (Allowing the specific traffic to all pods in this namespace)' : formatLabelSelector(sel)}\n`);
  const types = spec?.policyTypes ?? [];
  const ingressOn = types.length === 0 || types.includes('Ingress');
  const egressOn = types.includes('Egress') || (types.length === 0 && (spec?.egress ?? []).length > 0);
  if (ingressOn) {
    w.write(1, 'Allowing ingress traffic:\n');
    for (const line of ruleLines(spec?.ingress ?? [], true, '    ')) w.write(0, `${line}\n`);
  } else w.write(1, 'Not affecting ingress traffic\n');
  if (egressOn) {
    w.write(1, 'Allowing egress traffic:\n');
    for (const line of ruleLines(spec?.egress ?? [], false, '    ')) w.write(0, `${line}\n`);
  } else w.write(1, 'Not affecting egress traffic\n');
  w.write(1, `Policy Types: ${types.join(', ')}\n`);
  return w.toString();
}

/** `printIngressClass`: NAME CONTROLLER PARAMETERS AGE (PARAMETERS `Kind.apiGroup/name`, or `<none>`). */
export function printIngressClass(ic: IngressClass, clock: SimClock): string[] {
  const p = ic.spec?.parameters;
  const parameters = p ? `${p.kind}${p.apiGroup ? `.${p.apiGroup}` : ''}/${p.name}` : '<none>';
  return [ic.metadata?.name ?? '', ic.spec?.controller ?? '', parameters, translateTimestampSince(ic.metadata?.creationTimestamp, clock)];
}

/** What `describeBackendV1` reads besides the Ingress: the namespace's Services and EndpointSlices. */
export interface IngressBackendSource {
  services: readonly Service[];
  endpointSlices: readonly EndpointSlice[];
}

/**
 * `describeBackendV1`: `name:port (endpoints)` for a Service backend, the endpoints of the Service port the
 * backend names (by number or name) as `describe service` prints them; `APIGroup: …, Kind: …, Name: …` for a
 * resource backend.
 */
function describeBackend(backend: IngressBackend, src: IngressBackendSource): string {
  const svcRef = backend.service;
  if (svcRef) {
    const port = svcRef.port?.name ? svcRef.port.name : String(svcRef.port?.number ?? 0);
    const sb = `${svcRef.name}:${port}`;
    const svc = src.services.find((s) => s.metadata?.name === svcRef.name);
    if (!svc) return `${sb} (<error: services "${svcRef.name}" not found>)`;
    let spName = '';
    for (const sp of svc.spec?.ports ?? []) {
      if ((svcRef.port?.number ?? 0) !== 0 && svcRef.port?.number === sp.port) spName = sp.name ?? '';
      else if (svcRef.port?.name && svcRef.port.name === sp.name) spName = sp.name ?? '';
    }
    const slices = src.endpointSlices.filter((s) => s.metadata?.labels?.['kubernetes.io/service-name'] === svcRef.name);
    return `${sb} (${formatEndpointSlices(slices, spName)})`;
  }
  const r = backend.resource;
  if (r) return `APIGroup: ${r.apiGroup ?? '<none>'}, Kind: ${r.kind}, Name: ${r.name}`;
  return '';
}

/**
 * `kubectl describe ingress` (`describeIngressV1`): name, labels, namespace, address, class, default backend, TLS,
 * the rules as a Host / Path / Backends table (`* * <default backend>` when no rule has paths), annotations, events.
 */
export function describeIngress(ing: Ingress, src: IngressBackendSource, events: readonly ReportEvent[], clock: SimClock): string {
  const w = new PrefixWriter();
  const meta = ing.metadata;
  const spec = ing.spec ?? {};
  w.write(0, `Name:\t${meta?.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', meta?.labels);
  w.write(0, `Namespace:\t${meta?.namespace ?? 'default'}\n`);
  const address = (ing.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter((a) => a !== '');
  w.write(0, `Address:\t${address.join(',')}\n`);
  w.write(0, `Ingress Class:\t${spec.ingressClassName ?? '<none>'}\n`);
  const def = spec.defaultBackend ? describeBackend(spec.defaultBackend, src) : '<default>';
  w.write(0, `Default backend:\t${def}\n`);
  if ((spec.tls ?? []).length > 0) {
    w.write(0, 'TLS:\n');
    for (const t of spec.tls ?? []) {
      const hosts = (t.hosts ?? []).join(',');
      w.write(1, t.secretName ? `${t.secretName} terminates ${hosts}\n` : `SNI routes ${hosts}\n`);
    }
  }
  w.write(0, 'Rules:\n  Host\tPath\tBackends\n');
  w.write(1, '----\t----\t--------\n');
  let count = 0;
  for (const rule of spec.rules ?? []) {
    if (!rule.http) continue;
    count++;
    w.write(1, `${rule.host || '*'}\t\n`);
    for (const p of rule.http.paths ?? []) w.write(2, `\t${p.path ?? ''} \t${describeBackend(p.backend, src)}\n`);
  }
  if (count === 0) w.write(1, `*\t*\t${def}\n`);
  printAnnotationsMultiline(w, 'Annotations', meta?.annotations);
  describeEvents(w, eventsFor(events, 'Ingress', meta), clock);
  return w.toString();
}

/** `kubectl describe ingressclass` (`describeIngressClassV1`): name, labels, annotations, controller, parameters, events. */
export function describeIngressClass(ic: IngressClass, events: readonly ReportEvent[], clock: SimClock): string {
  const w = new PrefixWriter();
  const meta = ic.metadata;
  w.write(0, `Name:\t${meta?.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', meta?.labels);
  printAnnotationsMultiline(w, 'Annotations', meta?.annotations);
  w.write(0, `Controller:\t${ic.spec?.controller ?? ''}\n`);
  const p = ic.spec?.parameters;
  if (p) {
    w.write(0, 'Parameters:\n');
    if (p.apiGroup) w.write(1, `APIGroup:\t${p.apiGroup}\n`);
    w.write(1, `Kind:\t${p.kind}\n`);
    w.write(1, `Name:\t${p.name}\n`);
  }
  describeEvents(w, eventsFor(events, 'IngressClass', { name: meta?.name ?? '', namespace: '' }), clock);
  return w.toString();
}
