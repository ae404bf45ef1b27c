/**
 * What `check` keeps of an object for the rules (lib/check/compact.ts): the subtrees no rule reads
 * are left out without changing the caller's value, and objects as the API server returns them (status, managedFields, kubectl's
 * last-applied annotation) give the same findings as the objects alone.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments, stringify } from 'yaml';
import { forRules, LAST_APPLIED } from '../../lib/check/compact';
import { checkInputs, type CheckResult } from '../../lib/check/run';
import { tempDir } from './helpers';

const CORPUS = path.join(__dirname, '..', 'rules', 'corpus');

/** An object as `kubectl get -o yaml` returns it after `kubectl apply`. */
function served(o: Record<string, unknown>): Record<string, unknown> {
  const metadata = (o.metadata ?? {}) as Record<string, unknown>;
  const annotations = { ...((metadata.annotations ?? {}) as Record<string, unknown>), [LAST_APPLIED]: JSON.stringify(o) };
  const managedFields = [{ apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': {} } }, manager: 'kubectl', operation: 'Update' }];
  return { ...o, metadata: { ...metadata, annotations, managedFields }, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
}

describe('forRules', () => {
  const object = {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: 'a', namespace: 'n', annotations: { [LAST_APPLIED]: '{}', keep: 'x' }, managedFields: [{ manager: 'kubectl' }], labels: { app: 'a' } },
    spec: { ports: [{ port: 80 }] },
    status: { loadBalancer: {} },
  };

  test('leaves out status, managedFields and the last-applied annotation, keeping the rest in order', () => {
    const kept = forRules(object);
    expect(kept).toEqual({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'a', namespace: 'n', annotations: { keep: 'x' }, labels: { app: 'a' } }, spec: { ports: [{ port: 80 }] } });
    expect(Object.keys(kept)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(Object.keys(kept.metadata as object)).toEqual(['name', 'namespace', 'annotations', 'labels']);
    // The spec is shared, not copied.
    expect(kept.spec).toBe(object.spec);
  });

  test('does not change the value it is given', () => {
    const before = JSON.stringify(object);
    forRules(object);
    expect(JSON.stringify(object)).toBe(before);
  });

  test('returns the same object when there is nothing to leave out', () => {
    const plain = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', annotations: { a: 'b' } }, data: { status: 'x' } };
    expect(forRules(plain)).toBe(plain);
  });

  test('leaves an Envoy bootstrap (no apiVersion, no kind) alone', () => {
    const bootstrap = { static_resources: { clusters: [] }, status: 'kept' };
    expect(forRules(bootstrap)).toBe(bootstrap);
  });
});

describe('check of objects as the API server returns them', () => {
  // The two files are in different folders: messages that name a file name it without its folder.
  const strip = (r: CheckResult) => ({ code: r.code, severity: r.severity, path: r.path, message: r.message.split(path.dirname(r.object?.source?.file ?? '\u0000')).join('<dir>'), object: r.object === undefined ? undefined : { ...r.object, source: { ...r.object.source, file: path.basename(r.object.source?.file ?? '') } } });

  test.each(fs.readdirSync(CORPUS).filter((f) => f.endsWith('.yaml')))('%s: the same findings as the objects alone', (name) => {
    const docs = parseAllDocuments(fs.readFileSync(path.join(CORPUS, name), 'utf8')).map((d) => d.toJS() as unknown);
    const objects = docs.filter((d): d is Record<string, unknown> => d !== null && typeof d === 'object' && !Array.isArray(d) && typeof (d as Record<string, unknown>).kind === 'string');
    const write = (values: readonly unknown[]) => path.join(tempDir({ [name]: values.map((v) => stringify(v)).join('---\n') }), name);
    const plain = checkInputs([write(objects)]);
    const asServed = checkInputs([write(objects.map(served))]);
    expect(asServed.objects).toBe(plain.objects);
    expect(asServed.results.map(strip)).toEqual(plain.results.map(strip));
  });
});
