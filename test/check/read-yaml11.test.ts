/**
 * The reader resolves plain YAML scalars as kubectl does (sigs.k8s.io/yaml over go-yaml v2: YAML 1.1
 * booleans, octal and binary integers, underscores and merge keys, but sexagesimal-looking values and
 * timestamps stay strings, and a `%YAML` directive changes nothing).
 */
import { parseText, type InputDocument, type ReadProblem } from '../../lib/reader/read';

function read(yaml: string): { documents: InputDocument[]; problems: ReadProblem[] } {
  const documents: InputDocument[] = [];
  const problems: ReadProblem[] = [];
  parseText('in.yaml', Buffer.from(yaml, 'utf8'), documents, problems);
  return { documents, problems };
}

const configMap = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n${data}`;
const valueOf = (yaml: string, key: string): unknown => (read(configMap(yaml)).documents[0].value.data as Record<string, unknown>)[key];

describe('reader: YAML values as kubectl reads them', () => {
  // Reported on real manifests: a time-of-day and a port:port pair read as numbers under a
  // `%YAML 1.1` directive, where kubectl keeps the strings.
  test('sexagesimal-looking values and timestamps are strings, with or without a %YAML 1.1 directive', () => {
    for (const prefix of ['', '%YAML 1.1\n---\n', '%YAML 1.2\n---\n']) {
      const data = '  at: 12:30:00\n  ports: 190:20:30\n  short: 1:20\n  float: 1:20.5\n  date: 2024-05-01\n  stamp: 2001-12-14T21:59:43.10-05:00\n';
      const out = read(prefix + configMap(data));
      expect(out.problems).toEqual([]);
      expect(out.documents[0].value.data).toEqual({ at: '12:30:00', ports: '190:20:30', short: '1:20', float: '1:20.5', date: '2024-05-01', stamp: '2001-12-14T21:59:43.10-05:00' });
      // The directive turned into a comment keeps every offset: the document still starts on its line.
      expect(out.documents[0].line).toBe(prefix === '' ? 1 : 3);
    }
  });

  test('IPv6 addresses are strings; one ending in "::" is what go-yaml makes of it too', () => {
    expect(valueOf('  a: 2001:db8::1\n  b: fe80::1\n  c: 001:db8::/64\n  d: "001:db8::"\n', 'a')).toBe('2001:db8::1');
    expect(valueOf('  c: 001:db8::/64\n', 'c')).toBe('001:db8::/64');
    expect(valueOf('  d: "001:db8::"\n', 'd')).toBe('001:db8::');
    // Unquoted at the end of a line, the last ':' is a mapping indicator for go-yaml as for the YAML
    // spec: kubectl rejects it ("mapping values are not allowed in this context"), and so does the reader.
    const bad = read(configMap('  e: 001:db8::\n'));
    expect(bad.documents).toEqual([]);
    expect(bad.problems.map((p) => [p.code, p.severity])).toEqual([['ID900', 'error']]);
  });

  test('YAML 1.1 scalars kubectl resolves: octal modes, booleans, binary, underscores, merge keys', () => {
    const pod = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  volumes: [{name: v, configMap: {name: c, defaultMode: 0644}}]
  containers:
    - name: c
      image: x
      tty: yes
      stdin: on
      args: [0b101, 1_000, 0x1F, "0644", y]
`;
    const out = read(pod);
    expect(out.problems).toEqual([]);
    const spec = out.documents[0].value.spec as { volumes: Array<{ configMap: { defaultMode: unknown } }>; containers: Array<Record<string, unknown>> };
    expect(spec.volumes[0].configMap.defaultMode).toBe(0o644);
    expect(spec.containers[0].tty).toBe(true);
    expect(spec.containers[0].stdin).toBe(true);
    expect(spec.containers[0].args).toEqual([5, 1000, 31, '0644', true]);
    const merged = read('base: &b {app: web}\n---\n' + 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    <<: {app: web}\n    tier: front\n');
    expect(merged.documents[0].value.metadata).toEqual({ name: 'c', labels: { app: 'web', tier: 'front' } });
  });
});
