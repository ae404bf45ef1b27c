import { keptList, keptListOf } from '../../lib/base/kept';

describe('kept lists (made without an allocation site)', () => {
  it('keptList gives a new empty list each time, which takes any value', () => {
    const a = keptList<unknown>();
    const b = keptList<unknown>();
    expect(a).toEqual([]);
    expect(a).not.toBe(b);
    a.push(1, 'two', { three: 3 }, undefined);
    expect(a).toEqual([1, 'two', { three: 3 }, undefined]);
    expect(b).toEqual([]);
    expect(keptList()).toEqual([]);
  });

  it('keptListOf gives a new list of its one item each time', () => {
    const item = { name: 'x' };
    const a = keptListOf(item);
    expect(a).toEqual([item]);
    expect(a[0]).toBe(item);
    expect(keptListOf(item)).not.toBe(a);
    a.push({ name: 'y' });
    expect(a.map((i) => i.name)).toEqual(['x', 'y']);
    expect(keptListOf(2)).toEqual([2]);
    expect(keptListOf(undefined)).toEqual([undefined]);
  });
});
