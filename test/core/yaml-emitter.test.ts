import { parse, stringify } from 'yaml';
import { deepFreeze, parseYaml, renderYaml } from '../../lib/core/render';
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
  // Strings the emitter writes itself (letters, digits and `_./,:@*+=-`), plain or double-quoted.
  '@', '@a', 'a@b', '*a', 'a*', ',', ',a', 'a,', '5xx,gateway-error,reset', ':', 'a::', '::ffff:10.0.0.1', '=', 'a=b', '+', '++', '+a',
  '--', '---x', '...x', '..', '-.', '+.', '+.inf', '-.Inf', '+.INF', '.Inf', '.nan', '+.nan', '.5e3', '+1.5e3', '-1e+3', '1.e3', '1.5E-3', '0o8',
  '0o', '0x', '0xG', '0X1', '+0', '-0', '0.', '-0.5', '00', '1.2.3', '10.0.0.1.', '1..', '1.2.', '1.2..3', '1.2.3e4', '01.02.03', '1.2.3:',
  'NaN', 'Infinity', 'TRue', 'nulL', 'N', 'n', 'T', 'F', '~a',
  'ROUND_ROBIN', 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router', 'k'.repeat(1024), '@'.repeat(1023),
];
const KEY_TRICKY = TRICKY.filter((s) => s.length < 2000).concat(['2381', '0', 'k'.repeat(1023), 'k'.repeat(1024)]);
const ALPHABET = 'ab09_./-: #"\'\n\t*&!|>%@`,[]{}?~\\ü';
/** The characters the emitter writes without `yaml`, and those that make numbers, booleans and null. */
const SAFE_ALPHABET = '0123456789._/,:@*+=-eExoabfinNTtlusr';

function randomString(next: () => number): string {
  const n = Math.floor(next() * 8);
  let s = '';
  for (let i = 0; i < n; i++) {
    s += ALPHABET[Math.floor(next() * ALPHABET.length)];
  }
  return s;
}

function randomSafeString(next: () => number): string {
  const n = 1 + Math.floor(next() * 6);
  let s = '';
  for (let i = 0; i < n; i++) {
    s += SAFE_ALPHABET[Math.floor(next() * SAFE_ALPHABET.length)];
  }
  return s;
}

function randomScalar(next: () => number): unknown {
  const r = next();
  if (r < 0.3) {
    return TRICKY[Math.floor(next() * TRICKY.length)];
  }
  if (r < 0.45) {
    return randomString(next);
  }
  if (r < 0.6) {
    return randomSafeString(next);
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
    const r = next();
    const key =
      r < 0.5
        ? ['name', 'port_value', 'lb_endpoints', '@type', 'x-y'][Math.floor(next() * 5)]
        : r < 0.75
          ? randomSafeString(next)
          : KEY_TRICKY[Math.floor(next() * KEY_TRICKY.length)];
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

  it('matches on 20,000 generated strings of the characters it writes itself, as values, items and keys', () => {
    const next = random(0xc0ffee);
    for (let i = 0; i < 20000; i++) {
      const s = randomSafeString(next);
      const value = { [s]: s, list: [s, { [s]: [s] }] };
      expect(renderYaml(value)).toBe(reference(value));
    }
  });

  it('matches on long sequences of same-shaped maps, with items that differ anywhere', () => {
    const next = random(0xabcdef);
    const variants: Array<(i: number) => unknown> = [
      (i) => ({ endpoint: { address: { socket_address: { address: `10.0.0.${i}`, port_value: 8080 } } } }),
      (i) => ({ endpoint: { address: { socket_address: { port_value: 8080, address: `10.0.0.${i}` } } } }),
      (i) => ({ endpoint: { address: { socket_address: { address: `10.0.0.${i}`, port_value: 8080, extra: true } } } }),
      (i) => ({ endpoint: { address: { socket_address: { address: `10.0.0.${i}`, port_value: undefined } } } }),
      (i) => ({ endpoint: { address: { socket_address: { address: [`10.0.0.${i}`], port_value: 1 } } } }),
      (i) => ({ endpoint: { address: { socket_address: {} } }, n: i }),
      (i) => ({ endpoint: { address: [] }, n: i }),
      (i) => ({ endpoint: null, n: i }),
      (i) => ({ endpoint: { address: { socket_address: { address: randomScalar(next), port_value: i } } } }),
      (i) => [i],
      (i) => `item ${i}`,
      () => ({}),
      (i) => Object.assign(Object.create(null), { endpoint: i }),
      (i) => ({ ['__proto__']: i, a: 1 }),
      (i) => ({ [KEY_TRICKY[i % KEY_TRICKY.length]]: randomScalar(next), b: { c: randomScalar(next) } }),
    ];
    for (let doc = 0; doc < 300; doc++) {
      const common = variants[Math.floor(next() * 2)];
      const items = Array.from({ length: 8 + Math.floor(next() * 12) }, (_, i) =>
        next() < 0.85 ? common(i) : variants[Math.floor(next() * variants.length)](i),
      );
      const value = { lb_endpoints: items, tail: [items.slice(0, 9)] };
      expect(renderYaml(value)).toBe(reference(value));
    }
  });

  it('writes an Envoy bootstrap without calling yaml', () => {
    const target = { name: 'echo-service', namespace: 'default', fqdn: 'echo-service.default.svc.cluster.local', port: 3000, targetPort: 8080, headless: false, selectorLabels: { app: 'echo' } };
    const built = buildEnvoyDirectPods({ target, discovery: 'static', podIps: ['10.0.0.1', '10.0.0.2'], retries: { retryOn: ['5xx', 'reset'] } });
    const calls = jest.fn();
    jest.isolateModules(() => {
      jest.doMock('yaml', () => {
        const actual = jest.requireActual<typeof import('yaml')>('yaml');
        return { ...actual, stringify: (...args: Parameters<typeof actual.stringify>) => (calls(), actual.stringify(...args)) };
      });
      const fresh = jest.requireActual<typeof import('../../lib/core/yaml-emitter')>('../../lib/core/yaml-emitter');
      expect(fresh.emitYaml(built.bootstrap)).toBe(built.configYaml);
      expect(calls).not.toHaveBeenCalled();
      // The control: a string with a space and a `#` is left to yaml.
      expect(fresh.emitYaml({ k: 'a #b' })).toBe('k: "a #b"\n');
      expect(calls).toHaveBeenCalledTimes(1);
      jest.dontMock('yaml');
    });
    expect(built.configYaml).toContain('"@type": type.googleapis.com/');
    expect(built.configYaml).toContain('- "*"');
    expect(built.configYaml).toContain('retry_on: 5xx,reset');
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

  it('gives back a deep-frozen value it rendered as it is (it cannot change), and a copy of one only partly frozen', () => {
    const value = deepFreeze({ static_resources: { clusters: [{ name: 'c', port_value: 8080, tags: ['a'] }] } });
    const text = renderYaml(value);
    expect(parseYaml(text)).toBe(value);
    expect(parseYaml(text)).toStrictEqual(parse(text));
    const endpoints = (n: number) => Array.from({ length: n }, (_, i) => ({ endpoint: { address: { socket_address: { address: `10.0.0.${i}`, port_value: 80 } } } }));
    const long = deepFreeze({ lb_endpoints: endpoints(20) });
    expect(parseYaml(renderYaml(long))).toBe(long);
    const oneThawed = { lb_endpoints: [...endpoints(20)] };
    deepFreeze(oneThawed.lb_endpoints.slice(0, 15));
    deepFreeze(oneThawed.lb_endpoints.slice(16));
    Object.freeze(oneThawed.lb_endpoints);
    Object.freeze(oneThawed);
    expect(parseYaml(renderYaml(oneThawed))).not.toBe(oneThawed);
    expect(parseYaml(renderYaml(oneThawed))).toStrictEqual(parse(renderYaml(oneThawed)));
    const thawed = { lb_endpoints: endpoints(20), admin: { port: 1 } };
    const frozenText = renderYaml(thawed, { freeze: true });
    expect(frozenText).toBe(reference(thawed));
    expect(Object.isFrozen(thawed.lb_endpoints[19].endpoint.address.socket_address)).toBe(true);
    expect(Object.isFrozen(thawed.admin)).toBe(true);
    expect(parseYaml(frozenText)).toBe(thawed);
    const partly = Object.freeze({ a: Object.freeze([{ b: 1 }]) });
    const partlyText = renderYaml(partly);
    expect(parseYaml(partlyText)).not.toBe(partly);
    expect(parseYaml(partlyText)).toStrictEqual(parse(partlyText));
  });

  it('deepFreeze freezes every object and array, and keeps cycles finite', () => {
    const cyclic: Record<string, unknown> = { list: [{ a: 1 }] };
    cyclic.self = cyclic;
    deepFreeze(cyclic);
    expect(Object.isFrozen(cyclic)).toBe(true);
    expect(Object.isFrozen(cyclic.list)).toBe(true);
    expect(Object.isFrozen((cyclic.list as object[])[0])).toBe(true);
  });

  it('parses texts it did not render, and texts of values with undefined map values, with yaml', () => {
    expect(parseYaml('a: 1\nb: [x, "y"]\n')).toStrictEqual({ a: 1, b: ['x', 'y'] });
    const text = renderYaml({ a: 1, b: undefined });
    expect(text).toBe('a: 1\n');
    expect(parseYaml(text)).toStrictEqual({ a: 1 });
  });
});
