/**
 * The observation bus: a typed eventemitter3 for observers (recorders, progress bars, reports). Observers see
 * frozen payloads and get no handle on the engine, so they cannot change the run; an observer that throws is
 * recorded in `observerErrors` and the run goes on unchanged.
 */
import { EventEmitter } from 'eventemitter3';

export type EventMap = Record<string, unknown>;

export class ObservationBus<Events extends EventMap> {
  private readonly emitter = new EventEmitter();
  /** Errors thrown by observers, in order; they never reach the simulation. */
  readonly observerErrors: { event: string; error: unknown }[] = [];

  /** Subscribes; returns the function that unsubscribes. */
  on<K extends keyof Events & string>(event: K, observer: (payload: Readonly<Events[K]>) => void): () => void {
    const safe = (payload: Readonly<Events[K]>) => {
      try {
        observer(payload);
      } catch (error) {
        this.observerErrors.push({ event, error });
      }
    };
    this.emitter.on(event, safe);
    return () => this.emitter.off(event, safe);
  }

  /** Whether anyone listens (so producers can skip building payloads). */
  has(event: keyof Events & string): boolean {
    return this.emitter.listenerCount(event) > 0;
  }

  /** Emits a payload, frozen (shallowly) so observers cannot write into simulation state through it. */
  emit<K extends keyof Events & string>(event: K, payload: Events[K]): void {
    if (this.emitter.listenerCount(event) === 0) return;
    this.emitter.emit(event, typeof payload === 'object' && payload !== null ? Object.freeze(payload) : payload);
  }
}
