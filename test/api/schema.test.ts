import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generate } from './gen-schema.ts';

describe('generated field schema', () => {
  it('is up to date with kubernetes-types and src/api/argo.ts (regenerate: npx tsx test/api/gen-schema.ts)', () => {
    const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../src/api/schema.generated.ts');
    expect(readFileSync(file, 'utf8')).toBe(generate());
  });
});
