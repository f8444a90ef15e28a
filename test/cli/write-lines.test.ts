/**
 * The run files are streamed line by line (a day of 1,000 Services is past the longest string V8 can build): the
 * file holds exactly the lines, each with its newline, across the 1 MiB writes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeLines } from '../../src/cli/commands/run.ts';

const dir = mkdtempSync(join(tmpdir(), 'kubesim-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeLines', () => {
  it.each([
    ['no lines', []],
    ['one empty line', ['']],
    ['a few', ['a', 'bc', '', 'é']],
    // About 3.4 MiB: several flushes, one of them in the middle of the lines.
    ['many', Array.from({ length: 300_000 }, (_, i) => `series,"pod=p-${i}",2026-01-01T00:00:00Z,${i}`)],
  ])('%s', (_, lines) => {
    const path = join(dir, 'out.txt');
    writeLines(path, (line) => lines.forEach(line));
    expect(readFileSync(path, 'utf8')).toBe(lines.map((l) => `${l}\n`).join(''));
  });
});
