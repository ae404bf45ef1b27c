/**
 * Two places where the `yaml` package's YAML 1.1 schema read a text otherwise than go-yaml v2 (what
 * kubectl decodes with): floats (`.`, `E0` were NaN; go-yaml keeps them strings) and a plain scalar
 * in a flow collection whose `:` is followed at once by `,?[]{}` (`[001:db8::]` was a map; go-yaml
 * rejects it: "found unexpected ':'"). The fast reader and the reference reader agree on each.
 */
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { KUBECTL_YAML, parseText, type InputDocument, type ReadProblem } from '../../lib/reader/read';
import { parseYamlSubset } from '../../lib/base/yaml-subset';
import { fuzzParameters } from '../fuzz/support/params';

function read(yaml: string, reference = false): { documents: InputDocument[]; problems: ReadProblem[] } {
  const documents: InputDocument[] = [];
  const problems: ReadProblem[] = [];
  parseText('in.yaml', Buffer.from(yaml, 'utf8'), documents, problems, false, { reference });
  return { documents, problems };
}

const configMap = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n${data}`;

/** The value of `k` read by both readers (which must agree), or the first problem's message. */
function both(value: string): unknown {
  const fast = read(configMap(`  k: ${value}\n`));
  const reference = read(configMap(`  k: ${value}\n`), true);
  expect(fast).toEqual(reference);
  if (fast.problems.length > 0) return fast.problems[0].message;
  return (fast.documents[0].value.data as Record<string, unknown>).k;
}

describe('floats as go-yaml v2 resolves them', () => {
  test.each([
    ['.', '.'], ['E0', 'E0'], ['e5', 'e5'], ['E-1', 'E-1'], ['-.', '-.'], ['+.', '+.'], ['._', '._'], ['._5', '._5'],
    ['.e1', '.e1'], ['.E1', '.E1'], ['.5_0', '.5_0'],
  ])('%s is a string', (text, expected) => {
    expect(both(text)).toBe(expected);
  });

  test.each([
    ['.5', 0.5], ['-.5', -0.5], ['1e3', 1000], ['1E3', 1000], ['1.e1', 10], ['0.', 0], ['1_000.5', 1000.5], ['685.230_15e+03', 685230.15],
    ['.5e3', 500], ['-_1.5', -1.5], ['12e03', 12000], ['-.inf', Number.NEGATIVE_INFINITY], ['.NaN', NaN],
  ])('%s is the number %d', (text, expected) => {
    expect(both(text)).toBe(expected);
  });

  test('the fast path steps aside for them (the reference reader decides)', () => {
    for (const text of ['E0', '.5', '1e3', '..', '.e1']) expect(parseYamlSubset(`k: ${text}\n`, 0, text.length + 4, { yaml11: true })).toBeUndefined();
    // A lone `.` is a string to both (the key of every managedFields entry: `f:metadata: {.: {}}`).
    expect(parseYamlSubset('k: .\n', 0, 5, { yaml11: true })?.value).toEqual({ k: '.' });
    expect(parseAllDocuments('k: .\n', KUBECTL_YAML)[0].toJS()).toEqual({ k: '.' });
  });
});

describe('IP addresses, host:port values and dotted versions', () => {
  const strings = [
    '10.96.0.1', '0.0.0.0', '127.0.0.1:8080', '0.0.0.0:15021', '8080:80', '1:2', '0:0', '+1:2', '-1.2.3', '1.2.3', '1.2.3e5', '00.1.2',
    '10.0.0.1:9090:1', '2001:db8::1', '1.2.3-rc.1', '1.26.3+k3s1',
  ];

  test.each(strings)('%s is a string to both readers', (text) => {
    expect(both(text)).toBe(text);
  });

  test('they stay on the fast path (a cluster dump is full of them: clusterIP, podIP, Envoy addresses)', () => {
    for (const text of strings) expect(parseYamlSubset(`k: ${text}\n`, 0, text.length + 4, { yaml11: true })?.value).toEqual({ k: text });
  });

  test.each([['1_000.5', 1000.5], ['1.5', 1.5], ['1_0.0.0', '1_0.0.0'], ['1.', 1], ['.5.5', '.5.5'], ['0o7', '0o7']])(
    '%s still goes to the reference reader, which reads it as %p',
    (text, expected) => {
      expect(parseYamlSubset(`k: ${text}\n`, 0, text.length + 4, { yaml11: true })).toBeUndefined();
      expect(both(text)).toBe(expected);
    },
  );
});

describe('plain scalars of digits, dots, colons, signs, exponents, underscores and timestamp letters', () => {
  test('the fast and the reference reader agree on every one (seeded; FUZZ_RUNS for more)', () => {
    const scalar = fc
      .array(fc.constantFrom(...'0123456789.:_eE+-xobTZ'), { minLength: 1, maxLength: 12 })
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(scalar, (text) => {
        both(text);
      }),
      fuzzParameters(3000),
    );
  });
});

describe("a ':' go-yaml v2 rejects in a flow collection", () => {
  test.each([
    ['[001:db8::]', 15], ['[b:]', 8], ['{b:}', 8], ['[a:, b]', 8], ['[a:b:, c]', 10], ['{a:{b: c}}', 8], ['{a:[x]}', 8],
  ])('%s is an error at its line and column', (text, column) => {
    expect(both(text)).toBe(`invalid YAML: unexpected ':' in a flow collection at line 5, column ${column} (kubectl rejects it too: quote the value)`);
  });

  test.each([
    ['["001:db8::"]', ['001:db8::']], ['[001:db8::1]', ['001:db8::1']], ['[x::y]', ['x::y']], ['[b:c]', ['b:c']], ['[b: ]', [{ b: null }]],
    ['{a: [x]}', { a: ['x'] }], ['{"a":[x]}', { a: ['x'] }], ['["x": 1]', [{ x: 1 }]], ['[http://x]', ['http://x']],
  ])('%s reads as kubectl reads it', (text, expected) => {
    expect(both(text)).toEqual(expected);
  });

  test('a document with one is an error; the others of the file are read', () => {
    const out = read(`${configMap('  k: [001:db8::]\n')}---\n${configMap('  k: "001:db8::"\n')}`);
    expect(out.problems.map((p) => [p.code, p.severity, p.object.source.documentIndex])).toEqual([['ID900', 'error', 0]]);
    expect(out.documents.map((d) => d.value.data)).toEqual([{ k: '001:db8::' }]);
  });
});
