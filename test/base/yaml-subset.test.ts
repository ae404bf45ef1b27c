/**
 * The subset parser against the `yaml` package: whenever it reads a text, the value is exactly
 * `yaml`'s (deep and key order, `__proto__` keys, -0, NaN), and `yaml` reads the text without an
 * error; texts outside the subset are left to `yaml` (undefined). Checked on a table of edge cases,
 * on texts `yaml` writes from random values in every style, and on those texts randomly mutated.
 */
import * as fc from 'fast-check';
import { isDeepStrictEqual } from 'util';
import { parseAllDocuments, stringify } from 'yaml';
import { compactValue, parseYamlSubset, resolvePlain } from '../../lib/base/yaml-subset';
import { fuzzParameters, JEST_TIMEOUT_MS } from '../fuzz/support/params';

/** `yaml`'s reading of a one-document text: its value, or why not. */
function yamlValue(text: string): { value: unknown } | { error: string } {
  const docs = parseAllDocuments(text);
  // Only blank lines and comments: no document (the reader skips it, as an empty one).
  if (Array.isArray(docs) && docs.length === 0) return { value: null };
  if (!Array.isArray(docs) || docs.length !== 1) return { error: `${Array.isArray(docs) ? docs.length : 0} documents` };
  if (docs[0].errors.length > 0) return { error: docs[0].errors[0].message };
  return { value: docs[0].toJS({ maxAliasCount: 100 }) };
}

function keysDeep(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(keysDeep);
  return Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, keysDeep(x)]);
}

/** 'fast' when the subset parser read the text (and agrees with `yaml`), 'yaml' when it left it. */
function agree(text: string): 'fast' | 'yaml' {
  const fast = parseYamlSubset(text);
  if (fast === undefined) return 'yaml';
  const reference = yamlValue(text);
  if ('error' in reference) throw new Error(`the subset parser read a text yaml refuses (${reference.error}):\n${text}`);
  if (!isDeepStrictEqual(fast.value, reference.value) || !isDeepStrictEqual(keysDeep(fast.value), keysDeep(reference.value))) {
    throw new Error(`different values for:\n${text}\nsubset: ${JSON.stringify(fast.value)}\nyaml:   ${JSON.stringify(reference.value)}`);
  }
  return 'fast';
}

describe('the subset parser', () => {
  it.each([
    ['a: 1\nb: x\n'], ['a:\n  b: 1\n  c: [1, 2]\n'], ['a:\n- 1\n- 2\nb: x\n'], ['- a: 1\n  b: 2\n- c\n'], ['- - a\n  - b\n- c\n'],
    ['a: |\n  x\n  y\nb: 1\n'], ['a: |-\n  x\n\n  y\n\n\nb: 1\n'], ['a: >\n  x\n  y\n\n  z\n'], ['a: >-\n  x\n'], ['a: |\nb: 1\n'],
    ['a: "x\\ty\\u00e9\\x41\\U0001F600\\/\\ \\_"\n'], ["a: 'it''s'\n"], ['a: {b: 1, "c": [x, y], d: {}}\n'], ['a: [1, 2,]\n'], ['{"a":1,"b":[true,null]}'],
    ['a: null\nb: ~\nc:\nd: Null\ne: NULL\nf: nULL\n'],
    ['a: 0o17\nb: 0x1F\nc: 017\nd: +12\ne: -0\nf: 1.5\ng: 1.\nh: .5\ni: 1e3\nj: 1.5E-3\nk: .inf\nl: -.Inf\nm: .NaN\nn: 1_000\no: 0b11\np: 12345678901234567890\n'],
    ['true: 1\n1: 2\nnull: 3\n0x10: 5\n1.50: 6\n'], ['__proto__: 1\nconstructor: 2\ntoString: 3\n'], ['<<: {a: 1}\n'], ['a: b #c\nd: e#f\n'],
    ['a: http://x:80/y\nb: 10.0.0.1:8080\nc: 50%\n'], ['a: yes\nb: on\nc: off\nd: y\ne: 2001-12-14\nf: 1:20\n'], ['key with spaces: v\n"q": 1\n\'r\': 2\n'],
    ['a:\n\n  # comment\n  b: 1\n# c\nc: 2\n'], ['  a: 1\n  b: 2\n'], ['plain text\n'], ['"just"\n'], ['[a, b]\n'], ['a: [a # c\n  , b]\n'], ['a: [a, # c\n  b]\n'],
    ['a: |\n  #not comment\nb: 1\n'], ['a: |  # c\n  x\n'], ['a: |\n  a\n    b\n  c\n'], ['a: "x" # c\n'],
  ])('reads %j as yaml does', (text) => {
    expect(agree(text)).toBe('fast');
  });

  it.each([
    ['a: b: c'], ['a: - b'], ['a:\n  - b\n   - c'], ['a: "x"#c'], ['a: [a]b'], ['- a\nb: c'], ['a: 1\na: 2'], ['a: &x 1\nb: *x'], ['a: !!str 1'], ['? a\n: b'],
    ['a:\n  b\n  c'], ['a: b\n  c'], ['a: "b\n  c"'], ['a:\tb'], ['a: b\r\nc: d'], ['a: @x'], ['a: `x'], ['a: %x'], ['a: |2\n   x'], ['a: |+\n  x\n\n'],
    ['a: [1,2]\n  b'], ['{a: 1, a: 2}'], ['a: {b}'], ['a: [b: c]'], ['a: 1\n...\n'], ['a: 1\n---\nb: 2'], [`${'k'.repeat(2000)}: 1`],
    ['a:\n'.repeat(1) + Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 1)}a:`).join('\n') + ' 1'],
  ])('leaves %j to yaml', (text) => {
    expect(agree(text)).toBe('yaml');
  });

  it('reads a text the same however often (its plain scalars are cached by their text)', () => {
    const text = 'a: 1\nb: [x, "1", \'y\', 0o7]\nc: {d: null, e: name}\nf: |\n  z\n';
    const first = parseYamlSubset(text);
    for (let i = 0; i < 3; i++) expect(parseYamlSubset(text)).toEqual(first);
    expect(parseYamlSubset('a: 0o7\n', 0, 7, { yaml11: true })).toBeUndefined();
    expect(parseYamlSubset('a: 0o7\n')?.value).toEqual({ a: 7 });
    expect(parseYamlSubset('a: 0o7\n', 0, 7, { yaml11: true })).toBeUndefined();
  });

  it('compacts another parser\'s value: equal strings shared and arrays copied, the value equal', () => {
    const values = Array.from({ length: 20 }, (_, i) => ({ name: `svc-${i % 3}`, list: ['a', `b${i}`, { deep: ['x', i, null, true] }], n: i, long: 'x'.repeat(300 + i) }));
    const before = JSON.stringify(values);
    const lists = values.map((v) => v.list);
    const compacted = values.map((v) => compactValue(v));
    expect(JSON.stringify(compacted)).toBe(before);
    expect(compacted[0]).toBe(values[0]);
    expect(values[0].list).not.toBe(lists[0]);
  });

  it('resolves plain scalars as the core schema does', () => {
    expect([resolvePlain(''), resolvePlain('~'), resolvePlain('true'), resolvePlain('False'), resolvePlain('0o10'), resolvePlain('0x10'), resolvePlain('-.inf'), resolvePlain('yes'), resolvePlain('0b1')])
      .toEqual([null, null, true, false, 8, 16, -Infinity, 'yes', '0b1']);
  });

  const key = fc.oneof(
    fc.constantFrom('a', 'name', 'true', '1', 'null', '', '__proto__', 'a b', 'a:b', 'x#y', '-', '- a', '?', 'k: v', '"q"', "'", '@', '%', '*a', '&a', '!t', '|', '>'),
    fc.string({ maxLength: 6 }),
    fc.string({ unit: fc.constantFrom('a', ' ', ':', '#', '-', '\n', '"', "'", '\\', '\t', '[', '{', ',', 'é', '\u2028', '\r'), maxLength: 6 }),
  );
  const leaf = fc.oneof(
    fc.constantFrom<unknown>(null, true, false, 0, -0, 1.5, 1e21, -1, NaN, Infinity, '', 'true', 'null', '~', '1', '0x1F', '0o7', '1e3', '.5', '1.', '-', '- x', 'a: b', 'a #b', '#',
      ' lead', 'trail ', 'multi\nline', 'multi\nline\n', 'x\n\ny\n\n', '  indented\ntext\n', '\ttab', 'a\tb', '---', '...', 'é✓🚀', '\u0085', 'a\r\nb'),
    key, fc.integer(), fc.double(),
  );
  const tree = fc.letrec<{ t: unknown }>((tie) => ({
    t: fc.oneof({ depthSize: 'small', maxDepth: 5 }, { arbitrary: leaf, weight: 3 }, { arbitrary: fc.array(tie('t'), { maxLength: 4 }), weight: 1 }, { arbitrary: fc.dictionary(key, tie('t'), { maxKeys: 5 }), weight: 2 }),
  })).t;
  const style = fc.record({
    flowLevel: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }), indent: fc.integer({ min: 1, max: 4 }), indentSeq: fc.boolean(), lineWidth: fc.constantFrom(0, 20, 80),
    defaultStringType: fc.constantFrom('PLAIN' as const, 'QUOTE_DOUBLE' as const, 'QUOTE_SINGLE' as const, 'BLOCK_LITERAL' as const, 'BLOCK_FOLDED' as const),
    defaultKeyType: fc.constantFrom(null, 'PLAIN' as const, 'QUOTE_DOUBLE' as const), minContentWidth: fc.constantFrom(0, 20), doubleQuotedAsJSON: fc.boolean(),
  });
  const write = (v: unknown, s: object): string | undefined => {
    try {
      return stringify(v, { ...s, aliasDuplicateObjects: false });
    } catch {
      return undefined;
    }
  };

  test('agrees with yaml on what yaml writes, in every style', () => {
    const seen = { fast: 0, yaml: 0 };
    fc.assert(fc.property(tree, style, (v, s) => {
      const text = write(v, s);
      if (text !== undefined) seen[agree(text)]++;
    }), fuzzParameters(3000));
    // Most of what yaml writes is in the subset.
    expect(seen.fast).toBeGreaterThan(seen.yaml);
  }, JEST_TIMEOUT_MS);

  test('agrees with yaml on mutated texts (or leaves them to yaml)', () => {
    const pieces = [' ', '\n', ':', '-', '#', '"', "'", '[', ']', '{', '}', ',', '|', '>', '\t', 'a', '1', '  ', '\n  ', '- ', ': ', '\\', '!', '&', '*', '?', '.', '0'];
    const edit = fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...pieces));
    fc.assert(fc.property(tree, style, fc.array(edit, { minLength: 1, maxLength: 3 }), (v, s, edits) => {
      const written = write(v, s);
      if (written === undefined) return;
      let text: string = written;
      for (const [at, cut, insert] of edits) {
        const i: number = at % (text.length + 1);
        text = text.slice(0, i) + insert + text.slice(i + (cut % 3));
      }
      agree(text);
    }), fuzzParameters(3000));
  }, JEST_TIMEOUT_MS);
});
