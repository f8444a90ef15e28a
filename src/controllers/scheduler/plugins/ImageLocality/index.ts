/**
 * ImageLocality (`imagelocality`): favours nodes that already have the pod's images, weighted by how widely each
 * image is spread (so one node holding a rare image does not attract everything).
 */
import type { CycleState, Plugin, ScoreShape } from '../../framework/interface.ts';
import type { SchedulerCache } from '../../cache.ts';
import type { Status } from '../../framework/status.ts';
import { MAX_NODE_SCORE, type PodInfo } from '../../types.ts';

/** Plugin name. */
export const NAME = 'ImageLocality';
const MB = 1024 * 1024;
/** `minThreshold`: 23 MiB; below it a node scores 0. */
export const MIN_THRESHOLD_BYTES = 23 * MB;
/** `maxContainerThreshold`: 1000 MiB per container. */
export const MAX_CONTAINER_THRESHOLD_BYTES = 1000 * MB;

/** `scaledImageScore`: `int64(float64(size) * float64(numNodes) / float64(totalNumNodes))`. */
export function scaledImageScore(sizeBytes: number, numNodes: number, totalNumNodes: number): number {
  return Math.trunc(sizeBytes * (numNodes / totalNumNodes));
}

/**
 * `calculatePriority`: clamps the sum to [23 MiB, 1000 MiB × containers] and maps it linearly onto 0..100 with
 * integer division. Example: one container, sum 523 MiB → 100 × 500 / 977 = 51.
 */
export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD_BYTES * numContainers;
  let s = sumScores;
  if (s < MIN_THRESHOLD_BYTES) s = MIN_THRESHOLD_BYTES;
  else if (s > maxThreshold) s = maxThreshold;
  return Math.trunc((MAX_NODE_SCORE * (s - MIN_THRESHOLD_BYTES)) / (maxThreshold - MIN_THRESHOLD_BYTES));
}

const ZERO: ScoreShape = { kind: 'constant', score: 0 };

/** Builds the plugin. */
export function newImageLocality(): Plugin {
  return {
    name: NAME,
    // No image of the pod on any node: every node scores 0.
    scoreShape(cache: SchedulerCache, pod: PodInfo): ScoreShape | null {
      if (cache.imageNumNodes.size === 0) return ZERO;
      for (const img of pod.images) if (cache.imageNumNodes.has(img)) return null;
      return ZERO;
    },
    score(state: CycleState, pod: PodInfo, feasible: Int32Array, count: number, out: Float64Array): Status | null {
      const cache = state.cache;
      const total = cache.size;
      const present = pod.images.filter((img) => cache.imageNumNodes.has(img));
      if (present.length === 0 || pod.images.length === 0) {
        out.fill(0, 0, count);
        return null;
      }
      for (let j = 0; j < count; j++) {
        const images = cache.nodes[feasible[j]!]!.spec.images;
        let sum = 0;
        for (const img of present) {
          const size = images.get(img);
          if (size !== undefined) sum += scaledImageScore(size, cache.imageNumNodes.get(img) as number, total);
        }
        out[j] = calculatePriority(sum, pod.images.length);
      }
      return null;
    },
  };
}
