import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventInterval, sortEvents } from '../../src/cli/commands/events.ts';
import type { ReportEvent } from '../../src/report/types.ts';
import { SHORT, kubesim } from './helpers.ts';

function event(firstTimestampMs: number, lastTimestampMs: number, count: number, reason = 'BackOff'): ReportEvent {
  return {
    type: 'Warning',
    reason,
    message: 'm',
    involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
    firstTimestampMs,
    lastTimestampMs,
    count,
    source: { component: 'kubelet' },
  };
}

describe('kubesim events', () => {
  it('prints the kubectl events layout for one object, sorted by last timestamp', async () => {
    const r = await kubesim('events', '-f', SHORT, '--at', '15m', '--for', 'deploy/webapi-deployment');
    expect(r.code).toBe(0);
    expect(r.out).toMatchSnapshot();
    expect(r.out.split('\n')[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    expect(r.out).toMatch(/^\S+\s+Normal\s+ScalingReplicaSet\s+Deployment\/webapi-deployment\s+Scaled up replica set/m);
  });

  it('filters by type and folds repeats into (xN over …)', async () => {
    const r = await kubesim('events', '-f', SHORT, '--at', '3m', '--types', 'warning');
    expect(r.out.trim().split('\n').slice(1).every((l) => /^\S+( \(x\d+ over \S+\))?\s+Warning\s/.test(l))).toBe(true);
    expect(r.out).toMatch(/^75s \(x8 over 3m\)\s+Warning\s+FailedGetResourceMetric\s+HorizontalPodAutoscaler\/webapi-hpa/m);
    const none = await kubesim('events', '-f', SHORT, '--at', '0s', '--type', 'Warning', '--for', 'deploy/webapi-deployment');
    expect(none.out).toBe('');
    expect(none.err).toBe('No events found in default namespace (up to 0s).\n');
  });

  it('--at changes the answer: later runs hold more events and older ages', async () => {
    const early = await kubesim('events', '-f', SHORT, '--at', '1m', '-o', 'json');
    const late = await kubesim('events', '-f', SHORT, '--at', '10m', '-o', 'json');
    const a = JSON.parse(early.out) as { kind: string; items: { lastTimestamp: string }[] };
    const b = JSON.parse(late.out) as { items: unknown[] };
    expect(a.kind).toBe('EventList');
    expect(b.items.length).toBeGreaterThan(a.items.length);
    expect(a.items.every((e) => e.lastTimestamp <= '2026-01-05T00:01:00Z')).toBe(true);
  });

  it('lists alert transitions with the cluster events, in time order, about the object the alert names', async () => {
    const crashloop = 'scenarios/crashloop.yaml';
    const r = await kubesim('events', '-f', crashloop, '--for', 'pod/worker-6f69d49467-ltq86');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').slice(1);
    const pending = lines.findIndex((l) => /^\S+\s+Normal\s+AlertPending\s+Pod\/worker-6f69d49467-ltq86\s+KubePodCrashLooping: Pod is crash looping\.$/.test(l));
    const firing = lines.findIndex((l) => /^\S+\s+Warning\s+AlertFiring\s+Pod\/worker-6f69d49467-ltq86\s+KubePodCrashLooping: Pod is crash looping\.$/.test(l));
    expect(pending).toBeGreaterThan(0);
    expect(firing).toBeGreaterThan(pending);
    // Interleaved with the cluster's events by time: the image pull before, the restarts' latest BackOff after.
    expect(lines.slice(0, pending).some((l) => /\sScheduled\s/.test(l))).toBe(true);
    expect(lines.slice(firing).some((l) => /\sBackOff\s/.test(l))).toBe(true);
    // --types and --at filter them as any event.
    const warnings = await kubesim('events', '-f', crashloop, '--types', 'Warning', '--for', 'deploy/worker');
    expect(warnings.out).toMatch(/Warning\s+AlertFiring\s+Deployment\/worker\s+KubeDeploymentReplicasMismatch: /);
    expect(warnings.out).not.toMatch(/AlertPending/);
    const early = await kubesim('events', '-f', crashloop, '--at', '10m', '--for', 'pod/worker-6f69d49467-ltq86');
    expect(early.out).toMatch(/AlertPending/);
    expect(early.out).not.toMatch(/AlertFiring/);
    const json = JSON.parse((await kubesim('events', '-f', crashloop, '-o', 'json', '--types', 'Warning')).out) as { items: { reason: string; source: { component: string } }[] };
    expect(json.items.filter((e) => e.reason === 'AlertFiring').every((e) => e.source.component === 'prometheus')).toBe(true);
  });

  it('run --out writes the alert transitions into events.jsonl, by first timestamp among the cluster events', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubesim-alert-events-'));
    try {
      const r = await kubesim('run', 'scenarios/crashloop.yaml', '--no-progress', '--out', dir);
      expect(r.err).toBe('');
      const events = readFileSync(join(dir, 'events.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { reason: string; firstTimestamp: string; source: { component: string }; involvedObject: { kind: string; name: string } });
      const alerts = events.filter((e) => e.source.component === 'prometheus');
      expect(alerts.map((e) => e.reason)).toContain('AlertFiring');
      expect(alerts.find((e) => e.reason === 'AlertFiring')!.involvedObject.kind).toBe('Pod');
      const times = events.map((e) => e.firstTimestamp);
      expect(times).toEqual([...times].sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('adds a NAMESPACE column with -A', async () => {
    const r = await kubesim('events', '-f', SHORT, '--at', '1m', '-A', '--for', 'node/general-1');
    expect(r.out).toMatch(/^NAMESPACE\s+LAST SEEN\s+TYPE/);
    expect(r.out).toMatch(/^default\s+60s\s+Normal\s+RegisteredNode\s+Node\/general-1/m);
  });

  it.each([
    [['events', '-f', SHORT, '--types', 'Error'], 'valid --types are Normal or Warning'],
    [['events', '-f', SHORT, '--for', 'webapi'], '--for must be in resource/name form'],
    [['events', '-f', SHORT, '--for', 'thing/x'], 'the server doesn\'t have a resource type "thing"'],
    [['events', '-f', SHORT, '-o', 'wide'], 'allowed formats are: json,yaml'],
  ])('exits 2 with a clear message: %j', async (argv, message) => {
    const r = await kubesim(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });
});

describe('getInterval', () => {
  it.each([
    // [first, last, count, now, expected]
    [0, 0, 1, 30_000, '30s'],
    [600_000, 1_680_000, 8, 1_800_000, '2m (x8 over 20m)'],
    [0, 0, 1, 3_600_000, '60m'],
  ])('first %i last %i count %i at %i → %s', (first, last, count, now, expected) => {
    expect(eventInterval(event(first, last, count), { epochMs: 0, nowMs: now })).toBe(expected);
  });

  it('sorts by last timestamp, ties in recorded order', () => {
    const xs = [event(0, 50, 2, 'b'), event(0, 10, 1, 'a'), event(0, 50, 1, 'c')];
    expect(sortEvents(xs).map((e) => e.reason)).toEqual(['a', 'b', 'c']);
  });
});
