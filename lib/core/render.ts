/** Deterministic serialisation of generated config. */
import { createHash } from 'crypto';
import { stringify } from 'yaml';
import { emitYaml, YAML_OPTIONS } from './yaml-emitter';

/**
 * YAML for a config file embedded in a ConfigMap. Keys keep the order the
 * builder wrote them in (deterministic, and in the order Envoy's docs use);
 * no line folding, so the text is the same whatever the width.
 *
 * Plain data goes through a small emitter that writes the same bytes as the
 * `yaml` package, in linear time; anything else through `yaml` itself.
 */
export function renderYaml(value: unknown): string {
  return emitYaml(value) ?? stringify(value, YAML_OPTIONS);
}

/** Hex SHA-256 of a string: the config checksum that rolls pods on change. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
