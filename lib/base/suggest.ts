/**
 * Levenshtein distance, used to suggest the field a typo meant; any distance over `limit` is given
 * as `limit + 1` (the rows stop once every cell of one is over it).
 */
function distance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    let least = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (prev[j] < least) least = prev[j];
      diag = tmp;
    }
    if (least > limit) return limit + 1;
  }
  return Math.min(prev[b.length], limit + 1);
}

/**
 * Returns the closest candidate to `word` (case-insensitive match first, then edit distance at most
 * a third of the word's length), or undefined. Candidates further than that, or than the best so
 * far, are given up on early: a long list costs little per candidate.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const bound = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestD = Infinity;
  const lower = word.toLowerCase();
  for (const c of candidates) {
    if (c.toLowerCase() === lower) return c;
    const d = distance(lower, c.toLowerCase(), Math.min(bound, bestD));
    if (d > bound) continue;
    if (d < bestD || (d === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

/** `unknown field "x" (did you mean "y"?)`, or with a short list of valid names when nothing is close. */
export function unknownMessage(what: string, word: string, candidates: readonly string[]): string {
  const guess = closest(word, candidates);
  if (guess !== undefined) return `unknown ${what} "${word}" (did you mean "${guess}"?)`;
  const sorted = [...candidates].sort();
  const shown = sorted.slice(0, 12).map((c) => `"${c}"`).join(', ');
  return `unknown ${what} "${word}"; valid: ${shown}${sorted.length > 12 ? `, … (${sorted.length} in all)` : ''}`;
}
