import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { resolveKind, splitKindName, eventName, KINDS } from '../../src/cli/commands/get.ts';
import { CANARY, SHORT, kubesim } from './helpers.ts';

describe('kubesim get', () => {
  it('prints kubectl get pods at 30s', async () => {
    const r = await kubesim('get', 'pods', '-f', SHORT, '--at', '30s');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatchSnapshot();
  });

  it('--at changes the answer: the rollout has replaced every pod by the end', async () => {
    const early = await kubesim('get', 'po', '-f', SHORT, '--at', '30s', '-o', 'name');
    const end = await kubesim('get', 'po', '-f', SHORT, '-o', 'name');
    const names = (text: string) => text.trim().split('\n');
    expect(names(early.out)).toHaveLength(3);
    expect(names(end.out)).toHaveLength(10);
    expect(names(end.out).filter((n) => names(early.out).includes(n))).toEqual([]);
    expect(early.out).toMatch(/^pod\/webapi-deployment-/);
  });

  it('shows the failed node NotReady while it is down and Ready after recovery', async () => {
    const down = await kubesim('get', 'nodes', '-f', SHORT, '--at', '11m');
    expect(down.out).toMatchSnapshot();
    expect(down.out).toMatch(/general-2\s+NotReady/);
    const up = await kubesim('get', 'no', 'general-2', '-f', SHORT, '--at', '13m');
    expect(up.out).toMatch(/general-2\s+Ready/);
  });

  it('prints -o wide, several kinds at once, and -A with a NAMESPACE column', async () => {
    const wide = await kubesim('get', 'pods', '-f', SHORT, '--at', '30s', '-o', 'wide');
    expect(wide.out.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
    const mixed = await kubesim('get', 'hpa,deploy,rs', '-f', SHORT, '--at', '10m');
    expect(mixed.out).toMatchSnapshot();
    const all = await kubesim('get', 'svc', '-A', '-f', SHORT, '--at', '1m');
    expect(all.out.split('\n')[1]).toMatch(/^default\s+webapi-service\s+LoadBalancer/);
  });

  it('prints one object as YAML or JSON and a list as a List', async () => {
    const yaml = await kubesim('get', 'deploy/webapi-deployment', '-f', SHORT, '--at', '5m', '-o', 'yaml');
    const deployment = parseYaml(yaml.out) as { kind: string; spec: { replicas: number } };
    expect(deployment.kind).toBe('Deployment');
    expect(deployment.spec.replicas).toBeGreaterThan(3);
    const json = await kubesim('get', 'pods', '-f', SHORT, '--at', '30s', '-o', 'json');
    const list = JSON.parse(json.out) as { kind: string; items: unknown[] };
    expect(list.kind).toBe('List');
    expect(list.items).toHaveLength(3);
    expect(json.out).toMatch(/^\{\n {4}"apiVersion"/);
  });

  it('lists events in key order with ages from --at', async () => {
    const r = await kubesim('get', 'events', '-f', SHORT, '--at', '1m');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    expect(r.out).toMatch(/^60s\s+Normal\s+Scheduled\s+pod\/webapi-deployment-/m);
  });

  it('prints rollouts and endpoint slices', async () => {
    const r = await kubesim('get', 'ro', '-f', CANARY, '--at', '5m');
    expect(r.out).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nrollout-canary\s+\d+/);
    const slices = await kubesim('get', 'endpointslices', '-f', SHORT, '--at', '1m');
    expect(slices.out.split('\n')[0]).toMatch(/^NAME\s+ADDRESSTYPE\s+PORTS\s+ENDPOINTS\s+AGE$/);
  });

  it('says so when there is nothing (exit 0)', async () => {
    const r = await kubesim('get', 'pdb', '-f', SHORT);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toBe('No resources found in default namespace.\n');
  });

  it.each([
    [['get', 'widgets', '-f', SHORT], 'the server doesn\'t have a resource type "widgets"'],
    [['get', 'pods', 'nope', '-f', SHORT], 'pods "nope" not found at 20m in namespace default'],
    [['get', 'pods', '-f', SHORT, '--at', '1h'], '--at 1h is past the end of the scenario (20m)'],
    [['get', 'pods', '-f', SHORT, '--at', 'soon'], '--at: invalid duration "soon"'],
    [['get', 'pods', '-f', SHORT, '-o', 'table'], 'allowed formats are: wide,json,yaml,name'],
    [['get', 'pods'], "required option '-f, --filename <scenario>' not specified"],
    [['get', 'pods/a/b', '-f', SHORT], 'may not have more than one slash'],
    [['get', 'pods/a', 'b', '-f', SHORT], 'no need to specify a resource type as a separate argument'],
    [['get', 'pods', '-f', SHORT, '--seed', 'x'], '--seed: expected an integer'],
  ])('exits 2 with a clear message: %j', async (argv, message) => {
    const r = await kubesim(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).not.toMatch(/\n\s+at .*\.ts:\d+/);
  });
});

describe('kind names', () => {
  it.each([
    ['po', 'Pod'],
    ['Pods', 'Pod'],
    ['deploy', 'Deployment'],
    ['deployments.apps', 'Deployment'],
    ['rs', 'ReplicaSet'],
    ['no', 'Node'],
    ['svc', 'Service'],
    ['hpa', 'HorizontalPodAutoscaler'],
    ['horizontalpodautoscalers', 'HorizontalPodAutoscaler'],
    ['ev', 'Event'],
    ['ro', 'Rollout'],
    ['endpointslices', 'EndpointSlice'],
    ['pdb', 'PodDisruptionBudget'],
  ])('%s is %s', (name, kind) => {
    expect(resolveKind(name).kind).toBe(kind);
  });

  it('every kind has a distinct name set', () => {
    const all = KINDS.flatMap((k) => k.names);
    expect(new Set(all).size).toBe(all.length);
  });

  it('splits kind/name', () => {
    expect(splitKindName('hpa/web')).toEqual({ kind: 'hpa', name: 'web' });
    expect(splitKindName('hpa')).toEqual({ kind: 'hpa' });
    expect(() => splitKindName('hpa/')).toThrow('expected kind/name');
  });

  it("names events as client-go does: <object>.<first timestamp in Unix ns, hex>", () => {
    const e = { involvedObject: { kind: 'Pod', name: 'web-1' }, firstTimestampMs: 0 } as Parameters<typeof eventName>[0];
    // 1,767,571,200,000 ms = 1,767,571,200,000,000,000 ns = 0x1887aca433360000.
    expect(eventName(e, 1_767_571_200_000)).toBe('web-1.1887aca433360000');
  });
});
