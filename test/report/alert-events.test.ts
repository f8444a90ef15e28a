import { describe, expect, it } from 'vitest';
import type { AlertRecord } from '../../src/record/alerts/evaluate.ts';
import { alertEvents, alertObject } from '../../src/report/alert-events.ts';

const EPOCH = 1_767_571_200_000;

function alert(over: Partial<AlertRecord>): AlertRecord {
  return { name: 'KubePodCrashLooping', group: 'g', labels: { alertname: 'KubePodCrashLooping' }, annotations: {}, activeAtMs: EPOCH, value: 1, state: 'pending', ...over };
}

describe('alertObject', () => {
  it.each([
    [{ alertname: 'A', namespace: 'shop', pod: 'web-1', container: 'web', node: 'n1' }, { kind: 'Pod', name: 'web-1', namespace: 'shop' }],
    [{ alertname: 'A', namespace: 'default', deployment: 'web' }, { kind: 'Deployment', name: 'web', namespace: 'default' }],
    [{ alertname: 'A', namespace: 'default', horizontalpodautoscaler: 'web-hpa' }, { kind: 'HorizontalPodAutoscaler', name: 'web-hpa', namespace: 'default' }],
    [{ alertname: 'A', namespace: 'default', job_name: 'backup-1' }, { kind: 'Job', name: 'backup-1', namespace: 'default' }],
    // A Node has no namespace, even when the series carried one.
    [{ alertname: 'A', namespace: 'kube-system', node: 'general-2' }, { kind: 'Node', name: 'general-2' }],
    // No object label (the scrape job label is not one): the alert itself.
    [{ alertname: 'TargetDown', job: 'kube-state-metrics' }, { kind: 'Alert', name: 'TargetDown' }],
    [{ alertname: 'A', namespace: 'default', pod: '' }, { kind: 'Alert', name: 'A', namespace: 'default' }],
  ])('%j → %j', (labels, want) => {
    expect(alertObject(labels)).toEqual(want);
  });
});

describe('alertEvents', () => {
  it('pending, firing and resolved in time order, in simulated ms, with the summary', () => {
    const a = alert({ labels: { alertname: 'KubePodCrashLooping', namespace: 'default', pod: 'w-1' }, annotations: { summary: 'Pod is crash looping.' }, activeAtMs: EPOCH + 60_000, firedAtMs: EPOCH + 960_000, resolvedAtMs: EPOCH + 1_200_000, state: 'inactive' });
    const b = alert({ name: 'KubeNodeNotReady', labels: { alertname: 'KubeNodeNotReady', node: 'n2' }, annotations: { description: 'Node n2 is not ready.' }, activeAtMs: EPOCH + 120_000 });
    expect(alertEvents([a, b], EPOCH).map((e) => [e.firstTimestampMs, e.type, e.reason, `${e.involvedObject.kind}/${e.involvedObject.name}`, e.message])).toEqual([
      [60_000, 'Normal', 'AlertPending', 'Pod/w-1', 'KubePodCrashLooping: Pod is crash looping.'],
      [120_000, 'Normal', 'AlertPending', 'Node/n2', 'KubeNodeNotReady: Node n2 is not ready.'],
      [960_000, 'Warning', 'AlertFiring', 'Pod/w-1', 'KubePodCrashLooping: Pod is crash looping.'],
      [1_200_000, 'Normal', 'AlertResolved', 'Pod/w-1', 'KubePodCrashLooping: Pod is crash looping.'],
    ]);
    expect(alertEvents([a], EPOCH).every((e) => e.count === 1 && e.lastTimestampMs === e.firstTimestampMs && e.source.component === 'prometheus')).toBe(true);
  });

  it('an alert with for: 0 fires at once and is never pending; without annotations the message lists the labels', () => {
    const a = alert({ name: 'Up', labels: { alertname: 'Up', severity: 'info' }, activeAtMs: EPOCH, firedAtMs: EPOCH, state: 'firing' });
    expect(alertEvents([a], EPOCH).map((e) => [e.reason, e.message])).toEqual([['AlertFiring', 'Up: severity=info']]);
  });
});
