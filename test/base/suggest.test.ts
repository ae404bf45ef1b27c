/** The "did you mean" of unknown fields and names: the nearest candidate within a third of the word's length. */
import * as fc from 'fast-check';
import { closest, unknownMessage } from '../../lib/base/suggest';
import { fuzzParameters } from '../fuzz/support/params';

/** The plain definition: every distance computed in full, the nearest kept (alphabetical on a tie), then the bound. */
function reference(word: string, candidates: readonly string[]): string | undefined {
  const d = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let diag = row[0];
      row[0] = i;
      for (let j = 1; j <= b.length; j++) [diag, row[j]] = [row[j], Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1))];
    }
    return row[b.length];
  };
  const exact = candidates.find((c) => c.toLowerCase() === word.toLowerCase());
  if (exact !== undefined) return exact;
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const dc = d(word.toLowerCase(), c.toLowerCase());
    if (dc < bestD || (dc === bestD && best !== undefined && c < best)) [best, bestD] = [c, dc];
  }
  return bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

describe('closest', () => {
  test('a case-insensitive match first, then the nearest within the bound, alphabetical on a tie', () => {
    expect(closest('Port', ['ports', 'port'])).toBe('port');
    expect(closest('clustr-a', ['cluster-b', 'cluster-a', 'other'])).toBe('cluster-a');
    expect(closest('abcd', ['abxy', 'abzz'])).toBe('abxy');
    expect(closest('targetport', ['targetPort'])).toBe('targetPort');
    expect(closest('name', ['completely-different'])).toBeUndefined();
    expect(closest('x', [])).toBeUndefined();
  });

  test('the same answer as computing every distance in full (seeded; FUZZ_RUNS for more)', () => {
    const word = fc.stringOf(fc.constantFrom(...'abcAB-'), { maxLength: 9 });
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 6 }), (w, candidates) => {
        expect(closest(w, candidates)).toBe(reference(w, candidates));
      }),
      fuzzParameters(3000),
    );
  });

  test('unknownMessage suggests the nearest, or lists the valid names', () => {
    expect(unknownMessage('field', 'prot', ['port', 'name'])).toBe('unknown field "prot" (did you mean "port"?)');
    expect(unknownMessage('field', 'zzzzzz', ['port', 'name'])).toBe('unknown field "zzzzzz"; valid: "name", "port"');
  });
});
