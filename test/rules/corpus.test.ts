/**
 * The corpus: realistic manifests (Kafka, Redis, Redis Sentinel, RabbitMQ, ZooKeeper, etcd, Cassandra,
 * Prometheus under STRICT, an Envoy in front of pods), read as `check` reads
 * them, give exactly the findings of `<name>.expected.json`.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { readInputs } from '../../lib/reader/read';
import { runRules, toManifestObject } from '../../lib/rules';

const CORPUS = join(__dirname, 'corpus');
const files = readdirSync(CORPUS).filter((f) => f.endsWith('.yaml')).sort();

interface Expected {
  readonly rule: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly path: string;
}

test('the corpus has files', () => {
  expect(files.length).toBeGreaterThanOrEqual(7);
});

describe.each(files)('corpus/%s', (file) => {
  it('gives exactly the expected findings', () => {
    const read = readInputs([join(CORPUS, file)]);
    expect(read.problems).toEqual([]);
    const objects = read.documents.map((d, i) => toManifestObject(d.value, i, { file: d.file, documentIndex: d.index }));
    const found: Expected[] = runRules(objects).map((f) => ({ rule: f.rule, kind: f.object.kind, namespace: f.object.namespace, name: f.object.name, path: f.path }));
    const expected = JSON.parse(readFileSync(join(CORPUS, file.replace(/\.yaml$/, '.expected.json')), 'utf8')) as Expected[];
    expect(found).toEqual(expected);
  });
});
