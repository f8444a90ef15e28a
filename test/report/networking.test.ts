/** kubectl's networking views: get networkpolicies / ingresses rows and describe networkpolicy. */
import { describe, expect, it } from 'vitest';
import type { Ingress, NetworkPolicy } from 'kubernetes-types/networking/v1';
import { describeIngress, describeIngressClass, describeNetworkPolicy, printIngress, printIngressClass, printNetworkPolicy } from '../../src/report/networking.ts';

const clock = { epochMs: Date.parse('2026-01-05T00:00:00Z'), nowMs: 600_000 };

// The documentation's test-network-policy.
const policy: NetworkPolicy = {
  metadata: { name: 'test-network-policy', namespace: 'default', creationTimestamp: '2026-01-05T00:00:00Z' },
  spec: {
    podSelector: { matchLabels: { role: 'db' } },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [
      {
        from: [{ ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24'] } }, { namespaceSelector: { matchLabels: { project: 'myproject' } } }, { podSelector: { matchLabels: { role: 'frontend' } } }],
        ports: [{ protocol: 'TCP', port: 6379 }],
      },
    ],
    egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 5978 }] }],
  },
};

describe('kubectl get networkpolicies / ingresses', () => {
  it('NAME POD-SELECTOR AGE', () => {
    expect(printNetworkPolicy(policy, clock)).toEqual(['test-network-policy', 'role=db', '10m']);
    expect(printNetworkPolicy({ metadata: { name: 'deny-all' }, spec: { podSelector: {} } }, clock)[1]).toBe('<none>');
  });

  it.each([
    ['no rules, no class', {}, ['web', '<none>', '*', '', '80', '10m']],
    ['three hosts and TLS', { ingressClassName: 'nginx', rules: [{ host: 'a.example' }, { host: 'b.example' }, { host: 'c.example' }], tls: [{ hosts: ['a.example'] }] }, ['web', 'nginx', 'a.example,b.example,c.example', '', '80, 443', '10m']],
    ['five hosts', { rules: ['a', 'b', 'c', 'd', 'e'].map((h) => ({ host: `${h}.example` })) }, ['web', '<none>', 'a.example,b.example,c.example + 2 more...', '', '80', '10m']],
  ] as const)('NAME CLASS HOSTS ADDRESS PORTS AGE: %s', (_name, spec, row) => {
    const ing: Ingress = { metadata: { name: 'web', creationTimestamp: '2026-01-05T00:00:00Z' }, spec: spec as Ingress['spec'] };
    expect(printIngress(ing, clock)).toEqual(row);
  });
});

describe('kubectl describe networkpolicy', () => {
  it('prints the selector, each direction with ports then peers, and the policy types', () => {
    expect(describeNetworkPolicy(policy)).toBe(
      [
        'Name:         test-network-policy',
        'Namespace:    default',
        'Created on:   2026-01-05 00:00:00 +0000 UTC',
        'Labels:       <none>',
        'Annotations:  <none>',
        'Spec:',
        '  PodSelector:     role=db',
        '  Allowing ingress traffic:',
        '    To Port: 6379/TCP',
        '    From:',
        '      IPBlock:',
        '        CIDR: 172.17.0.0/16',
        '        Except: 172.17.1.0/24',
        '    From:',
        '      NamespaceSelector: project=myproject',
        '    From:',
        '      PodSelector: role=frontend',
        '  Allowing egress traffic:',
        '    To Port: 5978/TCP',
        '    To:',
        '      IPBlock:',
        '        CIDR: 10.0.0.0/24',
        '        Except: ',
        '  Policy Types: Ingress, Egress',
        '',
      ].join('\n'),
    );
  });

  it('a default-deny-ingress policy isolates and leaves egress alone', () => {
    const text = describeNetworkPolicy({ metadata: { name: 'default-deny-ingress', namespace: 'default' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } });
    expect(text).toContain('  PodSelector:     <none> (Allowing the specific traffic to all pods in this namespace)\n');
    expect(text).toContain('  Allowing ingress traffic:\n    <none> (Selected pods are isolated for ingress connectivity)\n  Not affecting egress traffic\n');
  });
});

describe('kubectl describe ingress / ingressclass', () => {
  // The documentation's minimal-ingress, with a Service and one slice of two ready endpoints.
  const ing: Ingress = {
    metadata: { name: 'minimal-ingress', namespace: 'default', annotations: { 'nginx.ingress.kubernetes.io/rewrite-target': '/' } },
    spec: { ingressClassName: 'nginx-example', tls: [{ hosts: ['a.example'], secretName: 'tls-a' }], rules: [{ http: { paths: [{ path: '/testpath', pathType: 'Prefix', backend: { service: { name: 'test', port: { number: 80 } } } }] } }] },
  };
  const src = {
    services: [{ metadata: { name: 'test' }, spec: { ports: [{ port: 80 }] } }],
    endpointSlices: [{ metadata: { name: 'test-abc', labels: { 'kubernetes.io/service-name': 'test' } }, addressType: 'IPv4', ports: [{ port: 8080 }], endpoints: [{ addresses: ['10.244.0.5'], conditions: { ready: true } }, { addresses: ['10.244.0.6'] }] }],
  };

  it('Rules as Host / Path / Backends with the endpoints of the backend port, TLS and annotations', () => {
    expect(describeIngress(ing, src, [], clock)).toBe(
      [
        'Name:             minimal-ingress',
        'Labels:           <none>',
        'Namespace:        default',
        'Address:          ',
        'Ingress Class:    nginx-example',
        'Default backend:  <default>',
        'TLS:',
        '  tls-a terminates a.example',
        'Rules:',
        '  Host        Path  Backends',
        '  ----        ----  --------',
        '  *           ',
        '              /testpath   test:80 (10.244.0.5:8080,10.244.0.6:8080)',
        'Annotations:  nginx.ingress.kubernetes.io/rewrite-target: /',
        'Events:       <none>',
        '',
      ].join('\n'),
    );
  });

  it('a default backend only: the * * row; a missing Service is an error in the backend cell', () => {
    const text = describeIngress({ metadata: { name: 'd' }, spec: { defaultBackend: { service: { name: 'gone', port: { name: 'http' } } } } }, src, [], clock);
    expect(text).toContain('Default backend:  gone:http (<error: services "gone" not found>)');
    expect(text).toMatch(/^  \* +\* +gone:http \(<error: services "gone" not found>\)$/m);
  });

  it('IngressClass: get and describe', () => {
    const ic = { metadata: { name: 'nginx', creationTimestamp: '2026-01-05T00:00:00Z', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }, spec: { controller: 'k8s.io/ingress-nginx' } };
    expect(printIngressClass(ic, clock)).toEqual(['nginx', 'k8s.io/ingress-nginx', '<none>', '10m']);
    expect(printIngressClass({ ...ic, spec: { ...ic.spec, parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' } } }, clock)[2]).toBe('IngressParameters.k8s.example.com/external-lb');
    expect(describeIngressClass(ic, [], clock)).toBe(['Name:         nginx', 'Labels:       <none>', 'Annotations:  ingressclass.kubernetes.io/is-default-class: true', 'Controller:   k8s.io/ingress-nginx', 'Events:       <none>', ''].join('\n'));
  });
});
