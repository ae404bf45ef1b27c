/**
 * Where go-yaml v2 (what kubectl decodes YAML with, through sigs.k8s.io/yaml) reads a text otherwise
 * than the `yaml` package's YAML 1.1 schema, and the adjustments that make the reader agree
 * (go-yaml v2 `resolve.go` and `scannerc.go`):
 *
 * - floats: go-yaml takes a plain scalar as a float only when it starts with a digit or a sign and,
 *   underscores removed, reads `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, or when it
 *   starts with `.` and is a float as Go's `strconv.ParseFloat` reads it (`.5`, `.5e3`); the `yaml`
 *   package's 1.1 schema also reads `.`, `-.`, `E0`, `e5` and `._` as numbers (NaN);
 * - in a flow collection (`[...]`, `{...}`), a plain scalar whose `:` is followed at once by one of
 *   `,?[]{}` is an error for go-yaml ("found unexpected ':'"), where the `yaml` package reads a key
 *   with no value (`[001:db8::]` is `[{"001:db8:": null}]` to it).
 */
import { isCollection, isScalar, visit, type Document, type ScalarTag, type SchemaOptions } from 'yaml';

const FLOAT_TAG = 'tag:yaml.org,2002:float';

/**
 * go-yaml's floats, underscores allowed anywhere after the first character (they are removed
 * before the test), or a `.`-first float with none (Go's ParseFloat takes no `_` there).
 */
const GO_FLOAT = new RegExp(
  '^(?:' +
    '(?:[-+]_*(?:\\.(?:_*[0-9])+|[0-9](?:_*[0-9])*(?:_*\\.(?:_*[0-9])*)?)|[0-9](?:_*[0-9])*(?:_*\\.(?:_*[0-9])*)?)' +
    '(?:_*[eE]_*[-+]?(?:_*[0-9])+)?_*' +
    '|\\.[0-9]+(?:[eE][-+]?[0-9]+)?' +
  ')$',
);

/** A float as go-yaml v2 resolves it (`.inf` and `.nan` stay with the schema's own tag). */
const goFloat: ScalarTag = {
  identify: (value) => typeof value === 'number',
  default: true,
  tag: FLOAT_TAG,
  test: GO_FLOAT,
  resolve: (text) => parseFloat(text.replace(/_/g, '')),
};

/**
 * The `yaml` package's YAML 1.1 tags as go-yaml v2 resolves plain scalars: no timestamps or
 * sexagesimal numbers (strings to kubectl), and go-yaml's floats in place of the 1.1 schema's.
 */
export const goYamlTags: NonNullable<SchemaOptions['customTags']> = (tags) => {
  const out: typeof tags = [];
  let floatAdded = false;
  for (const t of tags) {
    if (typeof t === 'string') {
      out.push(t);
      continue;
    }
    if (t.format === 'TIME' || t.tag === 'tag:yaml.org,2002:timestamp') continue;
    // The 1.1 schema's floats: `floatExp`, `float` (its `.inf`/`.nan` tag names them in its test).
    const isNumberFloat = t.tag === FLOAT_TAG && !String((t as ScalarTag).test).includes('inf');
    if (!isNumberFloat) out.push(t);
    else if (!floatAdded) {
      out.push(goFloat);
      floatAdded = true;
    }
  }
  return out;
};

const FLOW_COLON = /:[,?[\]{}]/;

/**
 * The offset of a `:` go-yaml v2 rejects in a flow collection (a plain key's `:` followed at once by
 * `,?[]{}`), or undefined. `text` is the one the document was parsed from (its ranges point into it).
 */
export function goYamlFlowColon(doc: Document.Parsed, text: string): number | undefined {
  if (!FLOW_COLON.test(text)) return undefined;
  let at: number | undefined;
  visit(doc, {
    Pair(_, pair, path) {
      const key = pair.key;
      if (!isScalar(key) || key.type !== 'PLAIN' || key.range === undefined || key.range === null) return undefined;
      if (!path.some((n) => isCollection(n) && n.flow === true)) return undefined;
      const end = key.range[1];
      if (text[end] === ':' && ',?[]{}'.includes(text[end + 1] ?? ' ')) {
        at = end;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return at;
}
