/**
 * SelectorIndex: the items (Services, workload-level policies) whose label-map selector a pod's
 * labels satisfy, in insertion order, and each query going through only the items filed under the
 * pod's own label pairs.
 */
import { SelectorIndex } from '../../lib/rules/selectors';

/** Pod labels that count how many times a query reads them (a selector's check reads one label per pair). */
function counted(labels: Record<string, string>): { labels: Record<string, string>; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy(labels, {
    get(target, key) {
      reads++;
      return Reflect.get(target, key);
    },
  });
  return { labels: proxy, reads: () => reads };
}

describe('SelectorIndex', () => {
  test('items whose every selector pair the labels have, in insertion order, from any namespace only their own', () => {
    const index = new SelectorIndex<string>();
    index.add('a', { app: 'web', tier: 'front' }, 'web-front');
    index.add('a', { app: 'web' }, 'web');
    index.add('a', { tier: 'front' }, 'front');
    index.add('a', { app: 'db' }, 'db');
    index.add('b', { app: 'web' }, 'web-in-b');
    index.add('a', { app: 'web', tier: 'back' }, 'web-back');
    expect(index.matching('a', { app: 'web', tier: 'front', extra: 'x' })).toEqual(['web-front', 'web', 'front']);
    expect(index.matching('a', { app: 'web' })).toEqual(['web']);
    expect(index.matching('a', { tier: 'back', app: 'web' })).toEqual(['web', 'web-back']);
    expect(index.matching('b', { app: 'web', tier: 'front' })).toEqual(['web-in-b']);
    expect(index.matching('c', { app: 'web' })).toEqual([]);
    expect(index.matching('a', {})).toEqual([]);
  });

  test('an empty selector matches nothing (callers give none for it)', () => {
    const index = new SelectorIndex<string>();
    index.add('a', {}, 'empty');
    expect(index.matching('a', { app: 'web' })).toEqual([]);
  });

  test('an item added after a query is found by the next one', () => {
    const index = new SelectorIndex<string>();
    index.add('a', { app: 'web' }, 'first');
    expect(index.matching('a', { app: 'web' })).toEqual(['first']);
    index.add('a', { app: 'web', tier: 'front' }, 'second');
    expect(index.matching('a', { app: 'web', tier: 'front' })).toEqual(['first', 'second']);
  });

  test('a label value that is an Object.prototype member name is an ordinary value', () => {
    const index = new SelectorIndex<string>();
    index.add('a', { constructor: 'x', toString: 'y' }, 'odd');
    expect(index.matching('a', { constructor: 'x', toString: 'y' })).toEqual(['odd']);
    expect(index.matching('a', { constructor: 'x' })).toEqual([]);
  });

  test('a pair every selector has does not make a query check every item (the work stays linear)', () => {
    const index = new SelectorIndex<number>();
    const n = 2000;
    for (let i = 0; i < n; i++) index.add('shop', { 'part-of': 'shop', app: `a${i}` }, i);
    const pod = counted({ 'part-of': 'shop', app: 'a1234' });
    expect(index.matching('shop', pod.labels)).toEqual([1234]);
    // Two label values read to find the filed lists, two to check the one item filed under app=a1234.
    expect(pod.reads()).toBeLessThan(10);
    // Where the shared pair is the only one, every item matches: the answer itself is that long.
    const all = new SelectorIndex<number>();
    for (let i = 0; i < 5; i++) all.add('shop', { 'part-of': 'shop' }, i);
    expect(all.matching('shop', { 'part-of': 'shop' })).toEqual([0, 1, 2, 3, 4]);
  });
});
