/**
 * `kubesim get daemonsets` and `kubesim describe daemonset` on scenarios/daemonset-overhead.yaml, as kubectl
 * prints them (printDaemonSet's columns, DaemonSetDescriber's lines).
 */
import { describe, expect, it } from 'vitest';
import { kubesim } from './helpers.ts';

const FILE = 'scenarios/daemonset-overhead.yaml';

describe('kubesim get/describe daemonsets', () => {
  it('get ds -A: DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE, one pod per node once the nodes joined', async () => {
    const early = await kubesim('get', 'ds', '-A', '-f', FILE, '--at', '30s');
    expect(early.err).toBe('');
    expect(early.out).toBe(
      [
        'NAMESPACE     NAME                    DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE',
        'kube-system   fluentd-elasticsearch   1         1         1       1            1           <none>          30s',
        '',
      ].join('\n'),
    );
    const later = await kubesim('get', 'daemonsets', '-n', 'kube-system', '-o', 'wide', '-f', FILE, '--at', '5m');
    expect(later.out.split('\n')[0]).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/);
    expect(later.out.split('\n')[1]).toMatch(/^fluentd-elasticsearch\s+4\s+4\s+4\s+4\s+4\s+<none>\s+5m\s+fluentd-elasticsearch\s+k8s\.gcr\.io\/fluentd-elasticsearch:1\.20\s+name=fluentd-elasticsearch$/);
  });

  it('describe ds: the status lines, pods by phase, the template and the SuccessfulCreate events', async () => {
    const r = await kubesim('describe', 'ds/fluentd-elasticsearch', '-n', 'kube-system', '-f', FILE, '--at', '5m');
    expect(r.err).toBe('');
    const head = r.out.split('\n').slice(0, 12).join('\n');
    expect(head).toBe(
      [
        'Name:           fluentd-elasticsearch',
        'Namespace:      kube-system',
        'Selector:       name=fluentd-elasticsearch',
        'Node-Selector:  <none>',
        'Labels:         k8s-app=fluentd-logging',
        'Annotations:    <none>',
        'Desired Number of Nodes Scheduled: 4',
        'Current Number of Nodes Scheduled: 4',
        'Number of Nodes Scheduled with Up-to-date Pods: 4',
        'Number of Nodes Scheduled with Available Pods: 4',
        'Number of Nodes Misscheduled: 0',
        'Pods Status:  4 Running / 0 Waiting / 0 Succeeded / 0 Failed',
      ].join('\n'),
    );
    expect(r.out).toMatch(/Tolerations: +node-role\.kubernetes\.io\/master:NoSchedule/);
    expect(r.out.match(/Normal {2}SuccessfulCreate .* daemonset-controller {2}Created pod: fluentd-elasticsearch-\w{5}/g)).toHaveLength(4);
  });
});
