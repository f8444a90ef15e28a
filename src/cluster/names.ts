/**
 * Generated names (`metadata.generateName`): the prefix plus five characters from apimachinery's
 * `utilrand.String` alphabet (no vowels, no confusable characters), drawn from a seeded stream and retried on a
 * clash, as the API server does.
 */

/** apimachinery's alphabet for random name suffixes. */
export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A free name `<prefix><5 chars>`; `taken` says whether a candidate already exists. */
export function generateName(prefix: string, rng: { int(n: number): number }, taken: (name: string) => boolean): string {
  for (;;) {
    let suffix = '';
    for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[rng.int(NAME_ALPHABET.length)];
    const name = `${prefix}${suffix}`;
    if (!taken(name)) return name;
  }
}
