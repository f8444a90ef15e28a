/**
 * `imagelocality/image_locality_test.go` (kubernetes, Apache-2.0): TestImageLocalityPriority (7 rows) and
 * TestNormalizedImageName (4), restated with upstream's pod images, node images and sizes (MiB, as upstream's
 * `mb`) and expected raw scores (upstream calls Score alone; the plugin has no NormalizeScore).
 */
import { createHash } from 'node:crypto';
import type { Node } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { normalizedImageName } from '../../../src/controllers/scheduler/index.ts';
import { newImageLocality } from '../../../src/controllers/scheduler/plugins/ImageLocality/index.ts';
import { buildCache, makeNodeObj, makePod, runScore } from './helpers.ts';

const MB = 1024 * 1024;
/** A node whose `status.images` holds `[names, sizeMiB]` entries (upstream's makeImageNode). */
function imageNode(name: string, images: [string[], number][]): Node {
  const n = makeNodeObj(name);
  return { ...n, status: { ...n.status, images: images.map(([names, mib]) => ({ names, sizeBytes: mib * MB })) } };
}
const node403002000: [string[], number][] = [[['gcr.io/40:latest', 'gcr.io/40:v1', 'gcr.io/40:v1'], 40], [['gcr.io/300:latest', 'gcr.io/300:v1'], 300], [['gcr.io/2000:latest'], 2000]];
const node25010: [string[], number][] = [[['gcr.io/250:latest'], 250], [['gcr.io/10:latest', 'gcr.io/10:v1'], 10]];
const node60040900: [string[], number][] = [[['gcr.io/600:latest'], 600], [['gcr.io/40:latest'], 40], [['gcr.io/900:latest'], 900]];
const node300600900: [string[], number][] = [[['gcr.io/300:latest'], 300], [['gcr.io/600:latest'], 600], [['gcr.io/900:latest'], 900]];
const node400030: [string[], number][] = [[['gcr.io/4000:latest'], 4000], [['gcr.io/30:latest'], 30]];
const node203040: [string[], number][] = [[['gcr.io/20:latest'], 20], [['gcr.io/30:latest'], 30], [['gcr.io/40:latest'], 40]];

describe('image_locality_test.go TestImageLocalityPriority', () => {
  it.each([
    { name: 'two images spread on two nodes, prefer the larger image one', containers: ['gcr.io/40', 'gcr.io/250'], nodes: [node403002000, node25010], want: [0, 5] },
    { name: 'two images on one node, prefer this node', containers: ['gcr.io/40', 'gcr.io/300'], nodes: [node403002000, node25010], want: [7, 0] },
    { name: 'if exceed limit, use limit', containers: ['gcr.io/10', 'gcr.io/4000'], nodes: [node400030, node25010], want: [100, 0] },
    { name: 'if exceed limit, use limit (with node which has no images present)', containers: ['gcr.io/10', 'gcr.io/4000'], nodes: [node400030, node25010, []], want: [66, 0, 0] },
    { name: 'pod with multiple large images, node2 is preferred', containers: ['gcr.io/300', 'gcr.io/600', 'gcr.io/900'], nodes: [node60040900, node300600900, []], want: [32, 36, 0] },
    { name: 'pod with multiple small images', containers: ['gcr.io/30', 'gcr.io/40'], nodes: [node203040, node400030], want: [1, 0] },
    { name: 'include InitContainers: two images spread on two nodes, prefer the larger image one', containers: ['gcr.io/30'], init: ['gcr.io/300'], nodes: [node403002000, node203040], want: [6, 0] },
  ] as { name: string; containers: string[]; init?: string[]; nodes: [string[], number][][]; want: number[] }[])('$name', (r) => {
    const cache = buildCache(r.nodes.map((images, i) => imageNode(`node${i + 1}`, images)));
    const pod = makePod({ reqs: r.containers.map(() => ({})), images: r.containers, initReqs: (r.init ?? []).map((image) => ({ reqs: {}, image })) });
    expect(runScore(newImageLocality(), pod, cache)).toEqual(r.want);
  });
});

describe('image_locality_test.go TestNormalizedImageName', () => {
  const digest = `sha256:${createHash('sha256').update('root').digest('hex')}`;
  it.each([
    { name: 'add :latest postfix 1', input: 'root', output: 'root:latest' },
    { name: 'add :latest postfix 2', input: 'gcr.io:5000/root', output: 'gcr.io:5000/root:latest' },
    { name: 'keep it as is 1', input: 'root:tag', output: 'root:tag' },
    { name: 'keep it as is 2', input: `root@${digest}`, output: `root@${digest}` },
  ])('$name', ({ input, output }) => expect(normalizedImageName(input)).toBe(output));
});
