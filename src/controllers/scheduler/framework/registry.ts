/** The in-tree plugin registry: plugin name → factory (`plugins/registry.go`). */
import type { Plugin, PluginFactory } from './interface.ts';
import { newDefaultPreemption } from '../plugins/DefaultPreemption/index.ts';
import { newImageLocality } from '../plugins/ImageLocality/index.ts';
import { newInterPodAffinity } from '../plugins/InterPodAffinity/index.ts';
import { newNodeAffinity } from '../plugins/NodeAffinity/index.ts';
import { newNodeName } from '../plugins/NodeName/index.ts';
import { newNodePorts } from '../plugins/NodePorts/index.ts';
import { newBalancedAllocation } from '../plugins/NodeResourcesBalancedAllocation/index.ts';
import { newNodeResourcesFit } from '../plugins/NodeResourcesFit/index.ts';
import { newNodeUnschedulable } from '../plugins/NodeUnschedulable/index.ts';
import { newPodTopologySpread } from '../plugins/PodTopologySpread/index.ts';
import { newTaintToleration } from '../plugins/TaintToleration/index.ts';
import { newNodeVolumeLimits } from '../plugins/NodeVolumeLimits/index.ts';
import { newVolumeBinding } from '../plugins/VolumeBinding/index.ts';
import { newVolumeRestrictions } from '../plugins/VolumeRestrictions/index.ts';
import { newVolumeZone } from '../plugins/VolumeZone/index.ts';

/** PrioritySort is the queue's order (see `queue.ts`); DefaultBinder binds by returning Success. */
const marker = (name: string): PluginFactory => (): Plugin => ({ name });

/** Every in-tree plugin this scheduler implements. */
export const IN_TREE_REGISTRY: Readonly<Record<string, PluginFactory>> = {
  PrioritySort: marker('PrioritySort'),
  NodeUnschedulable: newNodeUnschedulable,
  NodeName: newNodeName,
  TaintToleration: newTaintToleration,
  NodeAffinity: newNodeAffinity,
  NodePorts: newNodePorts,
  NodeResourcesFit: newNodeResourcesFit,
  VolumeRestrictions: newVolumeRestrictions,
  NodeVolumeLimits: newNodeVolumeLimits,
  VolumeBinding: newVolumeBinding,
  VolumeZone: newVolumeZone,
  PodTopologySpread: newPodTopologySpread,
  InterPodAffinity: newInterPodAffinity,
  DefaultPreemption: newDefaultPreemption,
  NodeResourcesBalancedAllocation: newBalancedAllocation,
  ImageLocality: newImageLocality,
  DefaultBinder: () => ({ name: 'DefaultBinder', bind: () => null }),
};
