/**
 * Field paths as segment lists (`['spec', 'containers', 0, 'image']`) and their printed form
 * (`spec.containers[0].image`), shared by the loader's position index and the validators.
 */

/** A field path: map keys and list indexes from the object's root. */
export type FieldPath = readonly (string | number)[];

const PLAIN_SEGMENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * Prints a path as apimachinery's `field.Path.String()` does: `.name` for fields, `[0]` for indexes, and `[key]`
 * for map keys that are not plain names (`metadata.labels[app.kubernetes.io/name]`).
 */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (PLAIN_SEGMENT.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${seg}]`;
  }
  return out;
}

/** A key for maps indexed by path (segments are joined by NUL, which YAML keys cannot hold unescaped). */
export function pathKey(path: FieldPath): string {
  return path.map((s) => (typeof s === 'number' ? `#${s}` : `.${s}`)).join('\u0000');
}
