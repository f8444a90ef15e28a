import type { Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { Endpoint } from 'kubernetes-types/discovery/v1';
import { describe, expect, it } from 'vitest';
import {
  CONTROLLER_NAME, desiredEndpointSlices, endpointSliceLabels, findPort, getAddressTypesForService, getEndpointPorts,
  getEndpointSlicePrefix, LABEL_HEADLESS, LABEL_MANAGED_BY, LABEL_SERVICE_NAME, podToEndpoint, shouldPodBeInEndpoints, shouldSetHostname,
} from '../../../src/controllers/endpoints/slices.ts';

const ns = 'test';

/** Like upstream's newPod(1, ns, ready, 1, terminating): IP 1.2.3.5 on node-1. */
function newPod(ready: boolean, terminating: boolean, extra: Partial<Pod['spec']> = {}, name = 'pod1'): Pod {
  return {
    metadata: { name, namespace: ns, uid: `${ns}-${name}`, labels: { foo: 'bar' }, ...(terminating ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}) },
    spec: { nodeName: 'node-1', containers: [{ name: 'container-1', ports: [{ name: 'http', containerPort: 8080 }] }], ...extra },
    status: { phase: 'Running', podIP: '1.2.3.5', podIPs: [{ ip: '1.2.3.5' }], conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

function newService(name: string, publishNotReady = false): Service {
  return {
    metadata: { name, namespace: ns, uid: `uid-${name}` },
    spec: { selector: { foo: 'bar' }, clusterIP: '10.0.0.1', ipFamilies: ['IPv4'], ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }], publishNotReadyAddresses: publishNotReady },
  };
}

const svc = newService('foo');
const svcPublishNotReady = newService('publishnotready', true);
const node1: Node = { metadata: { name: 'node-1', labels: { 'topology.kubernetes.io/zone': 'us-central1-a', 'topology.kubernetes.io/region': 'us-central1' } } };
const multiIP = newPod(true, false);
(multiIP.status as NonNullable<Pod['status']>).podIPs = [{ ip: '1.2.3.4' }, { ip: '1234::5678:0000:0000:9abc:def0' }];
const withHostname = newPod(true, false, { subdomain: 'foo', hostname: 'example-hostname' });

function ep(ready: boolean, serving: boolean, terminating: boolean, extra: Partial<Endpoint> = {}): Endpoint {
  return {
    addresses: ['1.2.3.5'], conditions: { ready, serving, terminating },
    targetRef: { kind: 'Pod', namespace: ns, name: 'pod1', uid: `${ns}-pod1` }, nodeName: 'node-1', ...extra,
  };
}

// Upstream TestPodToEndpoint (staging/src/k8s.io/endpointslice/utils_test.go), case by case.
describe('podToEndpoint', () => {
  it.each<[string, Pod, Node | undefined, Service, Endpoint]>([
    ['Ready pod', newPod(true, false), undefined, svc, ep(true, true, false)],
    ['Ready pod + publishNotReadyAddresses', newPod(true, false), undefined, svcPublishNotReady, ep(true, true, false)],
    ['Unready pod', newPod(false, false), undefined, svc, ep(false, false, false)],
    ['Unready pod + publishNotReadyAddresses', newPod(false, false), undefined, svcPublishNotReady, ep(true, false, false)],
    ['Ready pod + node labels', newPod(true, false), node1, svc, ep(true, true, false, { zone: 'us-central1-a' })],
    ['Multi IP Ready pod + node labels', multiIP, node1, svc, ep(true, true, false, { addresses: ['1.2.3.4'], zone: 'us-central1-a' })],
    ['Ready pod + hostname', withHostname, node1, svc, ep(true, true, false, { hostname: 'example-hostname', zone: 'us-central1-a' })],
    ['Ready terminating pod', newPod(true, true), undefined, svc, ep(false, true, true)],
    ['Not ready terminating pod', newPod(false, true), undefined, svc, ep(false, false, true)],
  ])('%s', (_name, pod, node, service, expected) => {
    expect(podToEndpoint(pod, node, service, 'IPv4')).toEqual(expected);
  });

  it('IPv6 address type takes only IPv6 pod IPs', () => {
    expect(podToEndpoint(multiIP, undefined, svc, 'IPv6').addresses).toEqual(['1234::5678:0000:0000:9abc:def0']);
  });
});

// Upstream TestShouldPodBeInEndpoints (staging/src/k8s.io/endpointslice/util/controller_utils_test.go).
describe('shouldPodBeInEndpoints', () => {
  const p = (phase: NonNullable<Pod['status']>['phase'], restartPolicy: string, status: Partial<NonNullable<Pod['status']>> = { podIP: '1.2.3.4' }, deleting = false): Pod => ({
    metadata: deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {},
    spec: { restartPolicy, containers: [] },
    status: { phase, ...status },
  });
  it.each<[string, Pod, boolean, boolean]>([
    ['Failed pod with Never RestartPolicy', p('Failed', 'Never'), false, false],
    ['Succeeded pod with Never RestartPolicy', p('Succeeded', 'Never'), false, false],
    ['Succeeded pod with OnFailure RestartPolicy', p('Succeeded', 'OnFailure'), false, false],
    ['Empty Pod IPs, Running pod with OnFailure RestartPolicy', p('Running', 'Never', { podIP: '', podIPs: [] }), false, false],
    ['Terminating Pod with includeTerminating=false', p('Running', 'Always', { podIP: '1.2.3.4' }, true), false, false],
    ['Failed pod with Always RestartPolicy', p('Failed', 'Always'), false, false],
    ['Pending pod with Never RestartPolicy', p('Pending', 'Never'), false, true],
    ['Unknown pod with OnFailure RestartPolicy', p('Unknown', 'OnFailure'), false, true],
    ['Running pod with Never RestartPolicy', p('Running', 'Never'), false, true],
    ['Multiple Pod IPs, Running pod with OnFailure RestartPolicy', p('Running', 'Never', { podIPs: [{ ip: '1.2.3.4' }, { ip: '1234::5678:0000:0000:9abc:def0' }] }), false, true],
    ['Terminating Pod with includeTerminating=true', p('Running', 'Always', { podIP: '1.2.3.4' }, true), true, true],
  ])('%s', (_n, pod, includeTerminating, expected) => {
    expect(shouldPodBeInEndpoints(pod, includeTerminating)).toBe(expected);
  });
});

// Upstream TestShouldSetHostname.
describe('shouldSetHostname', () => {
  const pod = (namespace: string, hostname: string, subdomain: string): Pod => ({ metadata: { namespace }, spec: { hostname, subdomain, containers: [] } });
  const service = (namespace: string, name: string): Service => ({ metadata: { namespace, name } });
  it.each<[string, Pod, Service, boolean]>([
    ['all matching', pod('ns', 'foo', 'svc-name'), service('ns', 'svc-name'), true],
    ['all matching, hostname not set', pod('ns', '', 'svc-name'), service('ns', 'svc-name'), false],
    ['all set, different name/subdomain', pod('ns', 'hostname', 'subdomain'), service('ns', 'name'), false],
    ['all set, different namespace', pod('ns1', 'hostname', 'svc-name'), service('ns2', 'svc-name'), false],
  ])('%s', (_n, p, s, expected) => {
    expect(shouldSetHostname(p, s)).toBe(expected);
  });
});

describe('ports and labels', () => {
  it('findPort resolves named ports by protocol, numeric ones as is, and sidecar ports', () => {
    const pod = newPod(true, false, {
      initContainers: [{ name: 'sidecar', restartPolicy: 'Always', ports: [{ name: 'metrics', containerPort: 9090 }] }],
    });
    expect(findPort(pod, { port: 80, targetPort: 'http', protocol: 'TCP' })).toBe(8080);
    expect(findPort(pod, { port: 80, targetPort: 'http', protocol: 'UDP' })).toBeUndefined();
    expect(findPort(pod, { port: 80, targetPort: 8081 })).toBe(8081);
    expect(findPort(pod, { port: 80 })).toBe(80);
    expect(findPort(pod, { port: 80, targetPort: 'metrics' })).toBe(9090);
  });

  // Upstream TestGetEndpointPorts: "service with AppProtocol on one port".
  it('getEndpointPorts copies name, protocol and appProtocol; headless without ports gives none', () => {
    const service: Service = { spec: { ports: [{ name: 'http', port: 80, targetPort: 80, protocol: 'TCP', appProtocol: 'example.com/custom-protocol' }] } };
    expect(getEndpointPorts(service, { spec: { containers: [{ name: 'c', ports: [] }] } })).toEqual([
      { name: 'http', port: 80, protocol: 'TCP', appProtocol: 'example.com/custom-protocol' },
    ]);
    expect(getEndpointPorts({ spec: { clusterIP: 'None' } }, newPod(true, false))).toEqual([]);
  });

  // Upstream TestNewEndpointSlice label cases.
  it.each<[string, Record<string, string> | undefined, string, Record<string, string>]>([
    ['Service without labels', undefined, '1.1.1.1', {}],
    ['Service with labels', { foo: 'bar' }, '1.1.1.1', { foo: 'bar' }],
    ['Headless Service with labels', { foo: 'bar' }, 'None', { foo: 'bar', [LABEL_HEADLESS]: '' }],
    ['Service with multiple labels', { foo: 'bar', foo2: 'bar2' }, '1.1.1.1', { foo: 'bar', foo2: 'bar2' }],
    ['Evil service hijacking endpoint slices labels', { [LABEL_SERVICE_NAME]: 'bad', [LABEL_MANAGED_BY]: 'actor', foo: 'bar' }, '1.1.1.1', { foo: 'bar' }],
  ])('labels: %s', (_n, labels, clusterIP, expected) => {
    const service: Service = { metadata: { name: 'foo', namespace: 'test', labels }, spec: { clusterIP } };
    expect(endpointSliceLabels(service)).toEqual({ ...expected, [LABEL_SERVICE_NAME]: 'foo', [LABEL_MANAGED_BY]: CONTROLLER_NAME });
  });

  it('slice name prefix', () => {
    expect(getEndpointSlicePrefix('foo')).toBe('foo-');
    expect(getEndpointSlicePrefix('a'.repeat(253))).toBe('a'.repeat(253));
  });

  it.each<[string, Service['spec'], string[]]>([
    ['ipFamilies', { ipFamilies: ['IPv6', 'IPv4'], clusterIP: '10.0.0.1' }, ['IPv4', 'IPv6']],
    ['IPv4 ClusterIP', { clusterIP: '10.0.0.1' }, ['IPv4']],
    ['IPv6 ClusterIP', { clusterIP: 'fd00::1' }, ['IPv6']],
    ['headless without families', { clusterIP: 'None' }, ['IPv4', 'IPv6']],
  ])('address types: %s', (_n, spec, expected) => {
    expect(getAddressTypesForService({ spec })).toEqual(expected);
  });
});

describe('desiredEndpointSlices', () => {
  const nodes = (name: string): Node | undefined => (name === 'node-1' ? node1 : undefined);

  it('includes ready, unready and terminating pods with their conditions; skips pods without IP, terminal or on unknown nodes', () => {
    const pods = [
      newPod(true, false, {}, 'a'),
      newPod(false, false, {}, 'b'),
      newPod(true, true, {}, 'c'),
      { ...newPod(true, false, {}, 'd'), status: { phase: 'Running' as const } },
      { ...newPod(true, false, {}, 'e'), status: { ...newPod(true, false).status, phase: 'Succeeded' as const } },
      newPod(true, false, { nodeName: '' }, 'f'),
      newPod(true, false, { nodeName: 'gone' }, 'g'),
      { ...newPod(true, false, {}, 'h'), metadata: { name: 'h', namespace: 'other', labels: { foo: 'bar' } } },
      { ...newPod(true, false, {}, 'i'), metadata: { name: 'i', namespace: ns, labels: { foo: 'baz' } } },
    ];
    const r = desiredEndpointSlices(svc, pods, nodes);
    expect(r?.slices).toHaveLength(1);
    const slice = r?.slices[0];
    expect(slice?.addressType).toBe('IPv4');
    expect(slice?.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(slice?.endpoints.map((e) => [e.targetRef?.name, e.conditions?.ready, e.conditions?.serving, e.conditions?.terminating])).toEqual([
      ['a', true, true, false], ['b', false, false, false], ['c', false, true, true],
    ]);
    expect(r?.skipped.map((s) => s.pod)).toEqual(['test/f', 'test/g']);
    expect(slice?.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Service', name: 'foo', controller: true });
  });

  it('publishNotReadyAddresses keeps pods on unknown nodes and marks everything ready', () => {
    const r = desiredEndpointSlices(svcPublishNotReady, [newPod(false, false, { nodeName: 'gone' })], nodes);
    expect(r?.slices[0]?.endpoints.map((e) => e.conditions?.ready)).toEqual([true]);
    expect(r?.skipped).toEqual([]);
  });

  it('a placeholder slice when there are no endpoints; none for a Service without selector', () => {
    const r = desiredEndpointSlices(svc, [], nodes);
    expect(r?.slices).toHaveLength(1);
    expect(r?.slices[0]?.endpoints).toEqual([]);
    expect(r?.slices[0]?.ports).toEqual([]);
    expect(desiredEndpointSlices({ ...svc, spec: { ...svc.spec, selector: undefined } }, [newPod(true, false)], nodes)).toBeUndefined();
  });

  it('splits at maxEndpointsPerSlice and groups pods by resolved ports', () => {
    const pods = Array.from({ length: 5 }, (_, i) => newPod(true, false, {}, `p${i}`));
    const other = newPod(true, false, { containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 9000 }] }] }, 'q');
    const r = desiredEndpointSlices(svc, [...pods, other], nodes, { maxEndpointsPerSlice: 2 });
    expect(r?.slices.map((s) => [s.ports?.[0]?.port, s.endpoints.length])).toEqual([[8080, 2], [8080, 2], [8080, 1], [9000, 1]]);
  });
});
