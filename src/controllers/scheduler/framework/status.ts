/**
 * `framework.Status` (kube-scheduler `framework/interface.go`): an outcome as a value, stamped with the plugin
 * that produced it. Filters return `null` for Success so the hot path allocates nothing for a feasible node.
 */

/** Status codes, upstream's `Code` values. */
export type Code = 'Success' | 'Error' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Wait' | 'Skip';

/** An outcome with its reasons and the plugin that produced it. */
export class Status {
  constructor(
    readonly code: Code,
    readonly reasons: readonly string[] = [],
    /** The plugin name (`Status.Plugin()`); empty for framework-level statuses. */
    public plugin = '',
  ) {}

  /** True for Success. */
  isSuccess(): boolean {
    return this.code === 'Success';
  }

  /** True for Unschedulable and UnschedulableAndUnresolvable (`IsRejected`). */
  isRejected(): boolean {
    return this.code === 'Unschedulable' || this.code === 'UnschedulableAndUnresolvable';
  }

  /** Reasons joined by `, ` (`Status.Message()`). */
  message(): string {
    return this.reasons.join(', ');
  }

  /** A copy stamped with `plugin` (itself when already stamped so: shared per-plugin constants stay shared). */
  withPlugin(plugin: string): Status {
    return this.plugin === plugin ? this : new Status(this.code, this.reasons, plugin);
  }
}

/** The shared Success status. */
export const SUCCESS = new Status('Success');
/** The shared Skip status (PreFilter / PreScore: the plugin has nothing to do for this pod). */
export const SKIP = new Status('Skip');

/** Shorthand constructors. */
export const unschedulable = (...reasons: string[]): Status => new Status('Unschedulable', reasons);
/** `UnschedulableAndUnresolvable`: preemption cannot help on that node. */
export const unresolvable = (...reasons: string[]): Status => new Status('UnschedulableAndUnresolvable', reasons);
/** The binding cycle waits (PreBind); upstream's `Wait` code, which only Permit returns there. */
export const WAIT = new Status('Wait');
/** An internal error. */
export const errorStatus = (...reasons: string[]): Status => new Status('Error', reasons);
