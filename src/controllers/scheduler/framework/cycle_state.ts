/**
 * Typed access to a plugin's entry in `CycleState.data` (upstream `CycleState.Read` / `Write`). A Filter runs once
 * per node with the same state, so the slot remembers the last state it served and answers repeat reads without
 * a Map lookup. Only the owning plugin writes its key, always through `write`, so the remembered value is current.
 */
import type { CycleState } from './interface.ts';

/** One plugin's typed cycle-state entry. */
export interface CycleStateSlot<T> {
  /** Stores `value` under the slot's key in `state`. */
  write(state: CycleState, value: T): void;
  /** The value stored in `state`; undefined when none was written. */
  read(state: CycleState): T | undefined;
}

/** A slot for `key` (a plugin name, or `name/suffix` for a second entry). */
export function cycleStateSlot<T>(key: string): CycleStateSlot<T> {
  let lastState: CycleState | null = null;
  let lastValue: T | undefined;
  return {
    write(state, value) {
      state.data.set(key, value);
      lastState = state;
      lastValue = value;
    },
    read(state) {
      if (state !== lastState) {
        lastState = state;
        lastValue = state.data.get(key) as T | undefined;
      }
      return lastValue;
    },
  };
}
