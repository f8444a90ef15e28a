import { describe, expect, it } from 'vitest';
import { expandValues, parseScript } from './promqltest.ts';

describe('promqltest runner', () => {
  it('expands series notation as promqltest does', () => {
    expect(expandValues('0+10x3 _ 1x2 stale -1-1x1')).toEqual([0, 10, 20, 30, undefined, 1, 1, 1, 'stale', -1, -2]);
  });

  it('reports a wrong value, a missing sample, an extra one and an unexpected error', () => {
    const cases = parseScript(`
load 5m
  m{a="1"} 0+1x10
  m{a="2"} 0+2x10

eval instant at 10m m
  m{a="1"} 2
  m{a="2"} 5

eval instant at 10m m
  m{a="1"} 2

eval instant at 10m m{a="1"}
  m{a="1"} 2
  m{a="3"} 1

eval instant at 10m rate(m)

eval_fail instant at 10m m
`);
    const results = cases.map((c) => c.run());
    expect(results[0]).toMatch(/got 4, expected 5/);
    expect(results[1]).toMatch(/got 2 samples/);
    expect(results[2]).toMatch(/got 1 samples/);
    expect(results[3]).toMatch(/unexpected error: .*range vector/);
    expect(results[4]).toBe('expected an error, got a result');
  });
});

describe('RE2 regex syntax kubesim translates', () => {
  it('anchors, reads (?P<name>) groups and a leading (?i)', () => {
    const [anchored, named, insensitive] = parseScript(`
load 1m
  m{job="api-server", path="/foo/bar"} 1
  m{job="API", path="/x"} 2

eval instant at 1m m{job=~"api"}

eval instant at 1m label_replace(m{job="api-server"}, "first", "$first", "path", "/(?P<first>[a-z]+)/.*")
  m{job="api-server", path="/foo/bar", first="foo"} 1

eval instant at 1m m{job=~"(?i)api"}
  m{job="API", path="/x"} 2
`).map((c) => c.run());
    expect([anchored, named, insensitive]).toEqual([undefined, undefined, undefined]);
  });
});
