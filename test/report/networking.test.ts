/** kubectl's networking views: get networkpolicies / ingresses rows and describe networkpolicy. */
import { describe, expect, it } from 'vitest';
import type { Ingress, NetworkPolicy } from 'kubernetes-types/networking/v1';
import { describeNetworkPolicy, printIngress, printNetworkPolicy } from '../../src/report/networking.ts';

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
