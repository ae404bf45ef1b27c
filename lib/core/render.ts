/** Deterministic serialisation of generated config. */
import { createHash } from 'crypto';
import { parse, stringify } from 'yaml';
import { emitYamlChecked, YAML_OPTIONS } from './yaml-emitter';

/**
 * YAML for a config file embedded in a ConfigMap. Keys keep the order the
 * builder wrote them in (deterministic, and in the order Envoy's docs use);
 * no line folding, so the text is the same whatever the width.
 *
 * Plain data goes through a small emitter that writes the same bytes as the
 * `yaml` package, in linear time; anything else through `yaml` itself.
 */
export function renderYaml(value: unknown): string {
  const emitted = emitYamlChecked(value);
  if (emitted === undefined) {
    return stringify(value, YAML_OPTIONS);
  }
  if (emitted.roundTrips) {
    remember(emitted.text, value);
  }
  return emitted.text;
}

/**
 * Texts {@link renderYaml} wrote lately, with the JSON of the value each one
 * parses back to: the rules read every `envoy.yaml` a construct just rendered,
 * and parsing thousands of endpoints back costs more than rendering them.
 */
const rendered = new Map<string, string>();
/** How many texts {@link rendered} keeps (the oldest goes first). */
const RENDERED_LIMIT = 16;

function remember(text: string, value: unknown): void {
  rendered.delete(text);
  if (rendered.size >= RENDERED_LIMIT) {
    rendered.delete(rendered.keys().next().value as string);
  }
  // A snapshot: later changes to `value` do not reach it.
  rendered.set(text, JSON.stringify(value));
}

/**
 * `yaml`'s `parse(text)`: a fresh copy of the value when {@link renderYaml}
 * wrote `text` lately (plain data that round-trips, so the same value), else
 * `parse` itself.
 */
export function parseYaml(text: string): unknown {
  const json = rendered.get(text);
  return json === undefined ? parse(text) : JSON.parse(json);
}

/** Hex SHA-256 of a string: the config checksum that rolls pods on change. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
