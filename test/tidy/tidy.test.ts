/**
 * The tidy test: nothing in src/ (outside src/cli/) may read the wall clock or unseeded randomness, or use timers
 * of the host. Each hit prints `file:line: X is banned, use Y`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** Banned constructs and what to use instead. */
export const BANNED: readonly { pattern: RegExp; what: string; instead: string }[] = [
  { pattern: /\bMath\.random\s*\(/, what: 'Math.random', instead: "engine.rng('<stream>')" },
  { pattern: /\bDate\.now\s*\(/, what: 'Date.now', instead: 'engine.nowMs' },
  { pattern: /\bnew\s+Date\s*\(/, what: 'new Date(', instead: 'SimClock (src/cluster/time.ts)' },
  { pattern: /\bperformance\.now\s*\(/, what: 'performance.now', instead: 'engine.nowMs' },
  { pattern: /\bsetTimeout\s*\(/, what: 'setTimeout', instead: 'engine.after' },
  { pattern: /\bsetInterval\s*\(/, what: 'setInterval', instead: 'engine.every' },
  { pattern: /\bsetImmediate\s*\(/, what: 'setImmediate', instead: 'engine.at(engine.nowMs, …)' },
  { pattern: /\bprocess\.hrtime\b/, what: 'process.hrtime', instead: 'engine.nowMs' },
  { pattern: /\bseedrandom(?:\.\w+)?\s*\(\s*\)/, what: 'unseeded seedrandom()', instead: "engine.rng('<stream>')" },
  { pattern: /\bcrypto\.getRandomValues\b|\brandomUUID\s*\(/, what: 'crypto randomness', instead: "engine.rng('<stream>')" },
];

/** Returns `file:line: X is banned, use Y` for every hit in the given sources. */
export function tidyViolations(files: { path: string; text: string }[]): string[] {
  const out: string[] = [];
  for (const { path, text } of files) {
    text.split('\n').forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, '');
      if (/^\s*(\*|\/\*)/.test(code)) return; // doc comments may name the banned things
      for (const b of BANNED) {
        if (b.pattern.test(code)) out.push(`${path}:${i + 1}: ${b.what} is banned, use ${b.instead}`);
      }
    });
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|js|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

describe('tidy', () => {
  it('src/ outside src/cli/ uses no wall clock, host timers or unseeded randomness', () => {
    const files = sourceFiles(join(ROOT, 'src'))
      .filter((p) => !relative(ROOT, p).startsWith(join('src', 'cli')))
      .map((p) => ({ path: relative(ROOT, p), text: readFileSync(p, 'utf8') }));
    expect(files.length).toBeGreaterThan(0);
    const violations = tidyViolations(files);
    expect(violations, violations.join('\n')).toEqual([]);
  });

  it('catches each banned construct and names file and line', () => {
    const text = [
      'const a = Math.random();',
      'const b = Date.now();',
      'const c = new Date();',
      'const d = performance.now();',
      'setTimeout(() => {}, 1);',
      'setInterval(() => {}, 1);',
      'const e = process.hrtime.bigint();',
      'const f = seedrandom();',
      '// Math.random() in a comment is fine',
    ].join('\n');
    const v = tidyViolations([{ path: 'src/x.ts', text }]);
    expect(v).toEqual([
      'src/x.ts:1: Math.random is banned, use engine.rng(\'<stream>\')',
      'src/x.ts:2: Date.now is banned, use engine.nowMs',
      'src/x.ts:3: new Date( is banned, use SimClock (src/cluster/time.ts)',
      'src/x.ts:4: performance.now is banned, use engine.nowMs',
      'src/x.ts:5: setTimeout is banned, use engine.after',
      'src/x.ts:6: setInterval is banned, use engine.every',
      'src/x.ts:7: process.hrtime is banned, use engine.nowMs',
      'src/x.ts:8: unseeded seedrandom() is banned, use engine.rng(\'<stream>\')',
    ]);
  });

  it('seeded seedrandom is allowed', () => {
    expect(tidyViolations([{ path: 'src/y.ts', text: "seedrandom.alea(`${seed}/${name}`, { state: true })" }])).toEqual([]);
  });
});
