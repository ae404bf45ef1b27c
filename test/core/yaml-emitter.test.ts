import { parse, stringify } from 'yaml';
import { parseYaml, renderYaml } from '../../lib/core/render';
import { emitYaml, YAML_OPTIONS } from '../../lib/core/yaml-emitter';
import { buildEnvoyDirectPods } from '../../lib/core/envoy-direct-pods';

const reference = (value: unknown) => stringify(value, YAML_OPTIONS);

/** Deterministic pseudo-random numbers (xorshift32), so a failure always reproduces. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

/** Strings that need quotes, or look like they might. */
const TRICKY = [
  '', ' ', '*', '&a', '!x', '|', '>', '%', '@type', '`x`', '#', 'a#b', 'a #b', 'a: b', 'a:b', 'a:', ':a', '- a', '-a', '-', '?', '? x', '?x',
  '10s', '0.5s', '1e3', '1E3', '1e-3', '1.', '.5', '1.5', '+1', '-1', '0x1F', '0o17', '0b1', '007', '1_000', '.inf', '-.inf', '.nan', '.NaN',
  'true', 'True', 'TRUE', 'false', 'yes', 'no', 'on', 'off', 'y', 'n', 'null', 'Null', 'NULL', '~', 'nUll',
  '10.244.0.26', '127.0.0.1:9901', '::', '::1', 'fe80::1', '0.0.0.0', '[::1]:80', 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
  '"quoted"', "it's", 'he"y', `both'"`, 'a\nb', 'trailing ', ' leading', 'tab\there', 'ünïcödé', '日本', '😀', 'a\u0000b', 'a\u007fb', '\ufeffbom',
  '---', '--- x', '...', 'a,b', '[a]', '{a}', 'a]', 'a}', '%TAG', 'x\r', '\\', 'C:\\dir', 'echo-service.default.svc.cluster.local',
  '/healthz', 'x-request-id', 'outbound|8080||echo', '${VAR}', 'a'.repeat(2000),
];
const KEY_TRICKY = TRICKY.filter((s) => s.length < 2000).concat(['2381', '0', 'k'.repeat(1023), 'k'.repeat(1024)]);
const ALPHABET = 'ab09_./-: #"\'\n\t*&!|>%@`,[]{}?~\\ü';

function randomString(next: () => number): string {
  const n = Math.floor(next() * 8);
  let s = '';
  for (let i = 0; i < n; i++) {
    s += ALPHABET[Math.floor(next() * ALPHABET.length)];
  }
  return s;
}

function randomScalar(next: () => number): unknown {
  const r = next();
  if (r < 0.35) {
    return TRICKY[Math.floor(next() * TRICKY.length)];
  }
  if (r < 0.6) {
    return randomString(next);
  }
  if (r < 0.75) {
    return [0, 1, -1, 8080, 0.5, 1e21, 2 ** 53, -0, 1.25e-7, NaN, Infinity][Math.floor(next() * 11)];
  }
  return [true, false, null, undefined][Math.floor(next() * 4)];
}

function randomValue(next: () => number, depth: number): unknown {
  const r = next();
  if (depth > 4 || r < 0.4) {
    return randomScalar(next);
  }
  const n = Math.floor(next() * 4);
  if (r < 0.7) {
    return Array.from({ length: n }, () => randomValue(next, depth + 1));
  }
  const object: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    const key = next() < 0.6 ? ['name', 'port_value', 'lb_endpoints', '@type', 'x-y'][Math.floor(next() * 5)] : KEY_TRICKY[Math.floor(next() * KEY_TRICKY.length)];
    object[key] = randomValue(next, depth + 1);
  }
  return object;
}

describe('renderYaml: the same bytes as yaml.stringify', () => {
  it.each(TRICKY.map((s) => [JSON.stringify(s).slice(0, 40), s]))('string %s as a value, an item and a key', (_label, s) => {
    for (const value of [{ a: s }, [s], { [s]: 1 }, { [s]: { b: [s] } }, [[s, { k: s }]]]) {
      expect(renderYaml(value)).toBe(reference(value));
    }
  });

  it('writes identifier-like strings, numbers and booleans without help from yaml', () => {
    const value = { listeners: [{ name: 'l', port_value: 8080, ratio: 0.5, on: true, off: false, none: null, empty: {}, list: [], ips: ['10.0.0.1', '10.0.0.2'] }] };
    expect(emitYaml(value)).toBe(reference(value));
    expect(emitYaml(value)).toBe(
      'listeners:\n  - name: l\n    port_value: 8080\n    ratio: 0.5\n    on: true\n    off: false\n    none: null\n    empty: {}\n    list: []\n    ips:\n      - 10.0.0.1\n      - 10.0.0.2\n',
    );
  });

  it('nests sequences and maps compactly, and leaves out undefined map values', () => {
    const value = { a: [[1, [2, { b: [] }]], { c: { d: undefined, e: [{}] } }], f: undefined, g: [[]] };
    expect(renderYaml(value)).toBe(reference(value));
  });

  it('matches on 5,000 generated documents, tricky strings, keys and numbers included', () => {
    const next = random(0x5eed);
    for (let i = 0; i < 5000; i++) {
      const value = randomValue(next, 0);
      expect(renderYaml(value)).toBe(reference(value));
    }
  });

  it('leaves what it does not write to yaml: scalars at the top, multi-line strings, holes, class instances, NaN', () => {
    for (const value of ['x', 1, null, { a: 'x\ny' }, [undefined], [1, , 2], { d: new Date(0) }, { n: NaN }, { z: -0 }, { b: BigInt(1) }]) {
      expect(emitYaml(value)).toBeUndefined();
      expect(renderYaml(value)).toBe(reference(value));
    }
  });

  it('renders a large Envoy bootstrap exactly as yaml does', () => {
    const podIps = Array.from({ length: 2000 }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    const target = { name: 'echo-service', namespace: 'default', fqdn: 'echo-service.default.svc.cluster.local', port: 3000, targetPort: 8080, headless: false, selectorLabels: { app: 'echo' } };
    const built = buildEnvoyDirectPods({ target, discovery: 'static', podIps });
    expect(built.configYaml).toBe(reference(built.bootstrap));
    expect(built.configYaml.split('\n- ').length).toBe(1);
    expect(built.configYaml).toContain('address: 10.0.7.207');
  });
});

describe('parseYaml: what yaml.parse gives, without parsing what renderYaml just wrote', () => {
  it('gives the same value as yaml.parse for 2,000 generated documents just rendered', () => {
    const next = random(0xfeed);
    for (let i = 0; i < 2000; i++) {
      const text = renderYaml({ doc: randomValue(next, 0), list: [randomValue(next, 0)] });
      expect(parseYaml(text)).toStrictEqual(parse(text));
    }
  });

  it('gives a fresh copy each time, which later changes to the rendered value do not reach', () => {
    const value = { static_resources: { clusters: [{ name: 'c', port_value: 8080 }] } };
    const text = renderYaml(value);
    const first = parseYaml(text) as typeof value;
    first.static_resources.clusters[0].name = 'changed';
    value.static_resources.clusters.push({ name: 'd', port_value: 1 });
    expect(parseYaml(text)).toStrictEqual(parse(text));
    expect(parseYaml(text)).toStrictEqual({ static_resources: { clusters: [{ name: 'c', port_value: 8080 }] } });
  });

  it('parses texts it did not render, and texts of values with undefined map values, with yaml', () => {
    expect(parseYaml('a: 1\nb: [x, "y"]\n')).toStrictEqual({ a: 1, b: ['x', 'y'] });
    const text = renderYaml({ a: 1, b: undefined });
    expect(text).toBe('a: 1\n');
    expect(parseYaml(text)).toStrictEqual({ a: 1 });
  });
});
