/**
 * Named random streams derived from one seed. Each stream is an independent seedrandom `alea` generator seeded
 * with `"<seed>/<name>"`, so drawing more numbers from `rng('load')` never shifts `rng('scheduler')`. There is no
 * unseeded generator here: every stream needs the run's seed.
 */
import seedrandom from 'seedrandom';

/** The saved state of a stream; pass it to {@link RandomStream.restore}. */
export type RngState = { readonly name: string; readonly state: object };

/** One named, seeded random stream. */
export class RandomStream {
  private prng: seedrandom.StatefulPRNG<seedrandom.State.Alea>;

  constructor(
    readonly name: string,
    readonly seed: number | string,
  ) {
    this.prng = seedrandom.alea(`${seed}/${name}`, { state: true });
  }

  /** A float in [0, 1). */
  next(): number {
    return this.prng();
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.prng() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.prng() < p;
  }

  /** An exponential draw with the given mean (inter-arrival times of faults at a rate). */
  exponential(mean: number): number {
    return -Math.log(1 - this.prng()) * mean;
  }

  /** A standard normal draw (Box-Muller, two uniforms per draw so the stream position is predictable). */
  normal(mean = 0, stddev = 1): number {
    const u1 = 1 - this.prng();
    const u2 = this.prng();
    return mean + stddev * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError(`rng('${this.name}').pick: empty array`);
    return items[this.int(items.length)] as T;
  }

  /** The stream's position, to restore later. */
  save(): RngState {
    return { name: this.name, state: this.prng.state() };
  }

  /** Returns the stream to a saved position. */
  restore(saved: RngState): void {
    if (saved.name !== this.name) throw new RangeError(`rng state of '${saved.name}' restored into '${this.name}'`);
    this.prng = seedrandom.alea('', { state: saved.state as seedrandom.State.Alea });
  }
}

/** The registry of streams of one run. */
export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();

  constructor(readonly seed: number | string) {}

  /** The stream named `name`, created on first use. */
  get(name: string): RandomStream {
    let s = this.streams.get(name);
    if (!s) {
      s = new RandomStream(name, this.seed);
      this.streams.set(name, s);
    }
    return s;
  }

  /** Saves every stream created so far, sorted by name. */
  saveAll(): RngState[] {
    return [...this.streams.keys()].sort().map((n) => this.get(n).save());
  }

  /** Restores streams saved with {@link saveAll}. */
  restoreAll(states: readonly RngState[]): void {
    for (const s of states) this.get(s.name).restore(s);
  }
}
