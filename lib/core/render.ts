/** Deterministic serialisation of generated config. */
import { createHash } from 'crypto';
import { stringify } from 'yaml';

/**
 * YAML for a config file embedded in a ConfigMap. Keys keep the order the
 * builder wrote them in (deterministic, and in the order Envoy's docs use);
 * no line folding, so the text is the same whatever the width.
 */
export function renderYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false });
}

/** Hex SHA-256 of a string: the config checksum that rolls pods on change. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
