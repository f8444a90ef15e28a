/**
 * `kubesim sweep --emit-job`: the manifests that run a sweep on any Kubernetes cluster, unchanged — a ConfigMap with
 * the scenario and every file it reads, a ReadWriteMany PersistentVolumeClaim for the results (unless one is named),
 * and an Indexed Job with one completion per shard. Each pod runs `kubesim sweep … --shard $(JOB_COMPLETION_INDEX)/n`
 * (the Job controller sets `JOB_COMPLETION_INDEX` in every container of an Indexed Job, and the kubelet expands
 * `$(VAR)` in args) and writes its slice to `/results/shard-<i>/sweep.json`; `kubesim merge` joins them. Pure: the
 * CLI reads the files.
 */
import { stringify } from 'yaml';
import { SweepArgumentError } from './grid.ts';

/** Default image of the emitted Job: kubesim's own, at this version. */
export const DEFAULT_SWEEP_IMAGE = 'ghcr.io/kubesim/kubesim:0.1.0';

/** Most bytes a ConfigMap may hold (the API server's limit, `MaxSecretSize` = 1 MiB, applies to ConfigMaps too). */
export const MAX_CONFIGMAP_BYTES = 1024 * 1024;

/** Where the ConfigMap is mounted; the container's working directory. */
const MOUNT = '/sweep';

/** Inputs of {@link buildSweepJob}. */
export interface SweepJobOptions {
  /** The scenario's `metadata.name`; names the objects. */
  name: string;
  /** The scenario file as given on the command line (the pods use the same path, so replay commands match). */
  scenarioArg: string;
  /** Absolute path of the scenario file. */
  scenarioFile: string;
  /** Absolute working directory the scenario path is relative to. */
  cwd: string;
  /** Every file the scenario reads (absolute paths, the scenario file among them) and its text. */
  files: { path: string; text: string }[];
  /** The sweep's own arguments: `--set …` and `--seeds …`. */
  sweepArgs: string[];
  /** Shards: the Job's completions and parallelism. */
  shards: number;
  /** Worker threads per pod, also its CPU request. */
  workers: number;
  image: string;
  namespace: string;
  /** An existing PersistentVolumeClaim for the results; without it one named `<job>-results` is emitted. */
  resultsClaim?: string;
}

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

/** The deepest directory holding every path. */
function commonDir(paths: readonly string[]): string {
  let dir = dirname(paths[0]!);
  while (!paths.every((p) => p.startsWith(dir === '/' ? '/' : `${dir}/`))) dir = dirname(dir);
  return dir;
}

function relativeTo(dir: string, p: string): string {
  return p.slice(dir === '/' ? 1 : dir.length + 1);
}

/** A DNS-1123 name of at most `max` characters built from `text`. */
function dnsName(text: string, max: number): string {
  const s = text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+/, '');
  return s.slice(0, max).replace(/-+$/, '') || 'sweep';
}

/** The YAML of the ConfigMap, the results claim (unless given) and the Indexed Job. */
export function buildSweepJob(o: SweepJobOptions): string {
  if (o.shards > 100_000) throw new SweepArgumentError(`--shards ${o.shards}: an Indexed Job has at most 100000 completions`);
  const root = commonDir(o.files.map((f) => f.path));
  const bytes = o.files.reduce((n, f) => n + new TextEncoder().encode(f.text).length, 0);
  if (bytes > MAX_CONFIGMAP_BYTES) throw new SweepArgumentError(`the scenario and its files are ${bytes} bytes; a ConfigMap holds at most ${MAX_CONFIGMAP_BYTES}`);
  // Mount the files where the scenario path, as given, finds them from the working directory; a scenario reaching
  // outside the working directory is mounted at the top and named relative to it.
  const underCwd = root === o.cwd || root.startsWith(`${o.cwd}/`);
  const relativeArg = !o.scenarioArg.startsWith('/') && !o.scenarioArg.split('/').includes('..');
  const mountPath = underCwd && relativeArg && root !== o.cwd ? `${MOUNT}/${relativeTo(o.cwd, root)}` : MOUNT;
  const scenarioPath = underCwd && relativeArg ? o.scenarioArg : relativeTo(root, o.scenarioFile);
  const job = dnsName(`kubesim-sweep-${o.name}`, 52);
  const labels = { 'app.kubernetes.io/name': 'kubesim', 'app.kubernetes.io/component': 'sweep', 'app.kubernetes.io/instance': job };
  const items = o.files.map((f, i) => ({ key: `${i}-${relativeTo(root, f.path).replace(/[^-._a-zA-Z0-9]+/g, '_')}`.slice(0, 253), path: relativeTo(root, f.path) }));
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${job}-scenario`, namespace: o.namespace, labels },
    data: Object.fromEntries(o.files.map((f, i) => [items[i]!.key, f.text])),
  };
  const claim = o.resultsClaim ?? `${job}-results`;
  const pvc = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: claim, namespace: o.namespace, labels },
    spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } } },
  };
  const jobObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: job, namespace: o.namespace, labels },
    spec: {
      completionMode: 'Indexed',
      completions: o.shards,
      parallelism: o.shards,
      // Each shard may be retried once on average; the sweep itself never fails for a failing run.
      backoffLimit: o.shards,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'kubesim',
              image: o.image,
              workingDir: MOUNT,
              command: ['kubesim'],
              args: [
                'sweep',
                scenarioPath,
                ...o.sweepArgs,
                '--shard',
                `$(JOB_COMPLETION_INDEX)/${o.shards}`,
                '--workers',
                String(o.workers),
                '--no-progress',
                '--out',
                '/results/shard-$(JOB_COMPLETION_INDEX)',
              ],
              resources: { requests: { cpu: String(o.workers), memory: '1Gi' }, limits: { memory: '2Gi' } },
              volumeMounts: [
                { name: 'scenario', mountPath, readOnly: true },
                { name: 'results', mountPath: '/results' },
              ],
            },
          ],
          volumes: [
            { name: 'scenario', configMap: { name: configMap.metadata.name, items } },
            { name: 'results', persistentVolumeClaim: { claimName: claim } },
          ],
        },
      },
    },
  };
  const docs = [configMap, ...(o.resultsClaim ? [] : [pvc]), jobObject].map((d) => stringify(d, { lineWidth: 0, aliasDuplicateObjects: false }));
  const header =
    `# kubesim sweep of ${o.name} as an Indexed Job: ${o.shards} shard(s), one pod each.\n` +
    `# kubectl apply -f this file; when the Job completes, copy /results from the claim ${claim} and run\n` +
    `#   kubesim merge results/shard-*/sweep.json --out merged\n`;
  return `${header}${docs.map((d) => `---\n${d}`).join('')}`;
}
