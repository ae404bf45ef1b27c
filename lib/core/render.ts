/** Deterministic serialisation of generated config. */
import { createHash } from 'crypto';
import { parse, stringify } from 'yaml';
import { parseYamlSubset } from '../base/yaml-subset';
import { emitYamlChecked, YAML_OPTIONS } from './yaml-emitter';

/** Options of {@link renderYaml}. */
export interface RenderOptions {
  /**
   * Deep-freeze `value` (see {@link deepFreeze}) while it is written: it then
   * says what the text says for good, and {@link parseYaml} of the text gives
   * back `value` itself instead of a copy.
   * @default false
   */
  readonly freeze?: boolean;
}

/**
 * YAML for a config file embedded in a ConfigMap. Keys keep the order the
 * builder wrote them in (deterministic, and in the order Envoy's docs use);
 * no line folding, so the text is the same whatever the width.
 *
 * Plain data goes through a small emitter that writes the same bytes as the
 * `yaml` package, in linear time; anything else through `yaml` itself.
 */
export function renderYaml(value: unknown, options: RenderOptions = {}): string {
  const emitted = emitYamlChecked(value, options);
  if (emitted === undefined) {
    if (options.freeze === true) {
      deepFreeze(value);
    }
    return stringify(value, YAML_OPTIONS);
  }
  if (emitted.immutable) {
    remember(emitted.text, { value });
  } else if (emitted.roundTrips) {
    // A snapshot: later changes to `value` do not reach it.
    remember(emitted.text, { json: JSON.stringify(value) });
  }
  return emitted.text;
}

/**
 * Freezes `value` and every object and array in it (an object already frozen
 * is taken as deep-frozen), and returns it. A deep-frozen value that
 * {@link renderYaml} writes is kept as it is for {@link parseYaml}, which then
 * gives that same value back instead of a copy.
 */
export function deepFreeze<T>(value: T): T {
  // A loop over a stack, not recursion: it runs once over thousands of objects, mostly before the JIT warms up.
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    if (typeof next !== 'object' || next === null || Object.isFrozen(next)) {
      continue;
    }
    Object.freeze(next);
    if (Array.isArray(next)) {
      for (let i = 0; i < next.length; i++) {
        stack.push(next[i]);
      }
    } else {
      for (const key of Object.keys(next)) {
        stack.push((next as Record<string, unknown>)[key]);
      }
    }
  }
  return value;
}

/**
 * What {@link parseYaml} gives for a text {@link renderYaml} wrote: the value
 * itself when it is deep-frozen (it cannot change, so it is what the text
 * parses to), else its JSON, parsed again for every call.
 */
type Rendered = { readonly value: unknown } | { readonly json: string };

/**
 * Texts {@link renderYaml} wrote lately, with the value each one parses back
 * to: the rules read every `envoy.yaml` a construct just rendered, and parsing
 * thousands of endpoints back costs more than rendering them.
 */
const rendered = new Map<string, Rendered>();
/** How many texts {@link rendered} keeps (the oldest goes first). */
const RENDERED_LIMIT = 16;

function remember(text: string, value: Rendered): void {
  rendered.delete(text);
  if (rendered.size >= RENDERED_LIMIT) {
    rendered.delete(rendered.keys().next().value as string);
  }
  rendered.set(text, value);
}

/**
 * `yaml`'s `parse(text)`, without parsing when {@link renderYaml} wrote `text`
 * lately (plain data that round-trips, so the same value): the deep-frozen
 * value it wrote, or else a fresh copy of it.
 */
export function parseYaml(text: string): unknown {
  const known = rendered.get(text);
  if (known === undefined) {
    return parseOneDocument(text);
  }
  return 'value' in known ? known.value : JSON.parse(known.json);
}

/**
 * `yaml`'s `parse(text)`: the fast subset parser's value when it reads the text (the same value,
 * see `lib/base/yaml-subset.ts`), else `yaml` itself (its value, or its error). Texts with a
 * document marker or a directive go to `yaml`, which reads a single document or refuses several.
 */
function parseOneDocument(text: string): unknown {
  if (!/^(?:---|\.\.\.|%)/m.test(text)) {
    const fast = parseYamlSubset(text);
    if (fast !== undefined && fast.contentStart >= 0) return fast.value;
  }
  return parse(text);
}

/** Hex SHA-256 of a string: the config checksum that rolls pods on change. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
