import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/rng.ts';

describe('named random streams', () => {
  it('are independent: extra draws on one stream leave the others unchanged', () => {
    const a = new RandomStreams(42);
    const b = new RandomStreams(42);
    for (let i = 0; i < 1000; i++) a.get('load').next();
    const sa = Array.from({ length: 10 }, () => a.get('scheduler').next());
    const sb = Array.from({ length: 10 }, () => b.get('scheduler').next());
    expect(sa).toEqual(sb);
  });

  it('differ between names and between seeds', () => {
    const s = new RandomStreams(42);
    expect(s.get('load').next()).not.toBe(s.get('faults').next());
    expect(new RandomStreams(1).get('x').next()).not.toBe(new RandomStreams(2).get('x').next());
  });

  it('save and restore a stream position', () => {
    const s = new RandomStreams('seed');
    const r = s.get('load');
    r.next();
    const saved = r.save();
    const after = [r.next(), r.next(), r.int(100)];
    r.restore(saved);
    expect([r.next(), r.next(), r.int(100)]).toEqual(after);
    const all = s.saveAll();
    const again = r.next();
    s.restoreAll(all);
    expect(r.next()).toBe(again);
  });
});
