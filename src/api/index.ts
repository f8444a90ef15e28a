/**
 * The Kubernetes object model of kubesim: quantities, int-or-string, selectors, names, field errors, the manifest
 * loader, defaulting and validation.
 */
export {
  Quantity,
  QuantityError,
  QuantityErrorReason,
  parseQuantity,
  toQuantity,
  milliValue,
  value,
  scaledValue,
  cpuMillis,
  memoryBytes,
  formatQuantity,
  compareQuantity,
  addQuantity,
} from './quantity.ts';
export { fieldError, formatFieldError, fieldErrorBody, fieldErrorToJSON, formatBadValue, compareFieldErrors } from './errors.ts';
export { getScaledValueFromIntOrPercent, isPercent, IntOrStringError } from './intorstr.ts';
export {
  labelSelectorAsSelector,
  selectorFromSet,
  compileNodeSelector,
  newRequirement,
  requirementMatches,
  SelectorError,
  NOTHING,
  EVERYTHING,
} from './selector.ts';
export { isDNS1123Label, isDNS1123Subdomain, isDNS1035Label, isQualifiedName, isValidLabelValue } from './names.ts';
export { formatPath } from './path.ts';
export { loadManifests } from './load.ts';
export { lookupKind, knownVersionsOf, SIMULATED_KINDS } from './kinds.ts';
export {
  defaultObject,
  convertObject,
  defaultPod,
  defaultPodSpec,
  defaultProbe,
  defaultDeployment,
  defaultService,
  defaultHPA,
  defaultRollout,
  defaultImagePullPolicy,
  applyLimitRangeDefaults,
  DEFAULT_CPU_UTILIZATION_PERCENT,
} from './defaults.ts';
export { validateObjectSchema, validateObjectSemantics, validateCrossObject } from './validate.ts';

export type { QuantityFormat } from './quantity.ts';
export type { FieldError, FieldErrorType, SourcePosition } from './errors.ts';
export type { IntOrString } from './intorstr.ts';
export type { Labels, Selector, Requirement, SelectorOperator, CompiledNodeSelector, NodeFields } from './selector.ts';
export type { FieldPath } from './path.ts';
export type { LoadOptions, LoadResult, LoadedObject, ManifestSource, SkippedObject } from './load.ts';
export type { KindInfo } from './kinds.ts';
export type * from './argo.ts';
