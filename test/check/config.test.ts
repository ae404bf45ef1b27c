/**
 * The config file `.istio-direct.yaml`: found from the working directory upward (or --config),
 * every setting applied, flags winning over it, and every mistake a clear error (exit 2).
 */
import * as fs from 'fs';
import * as path from 'path';
import { findConfig, loadConfig } from '../../lib/check/config';
import { main } from '../../lib/cli/main';
import { optionsSeenByCheck, SERVICE, tempDir } from './helpers';

/** Runs `check` in-process in `cwd` (the config file is found from there; paths are absolute). */
function checkIn(cwd: string, argv: string[]): { status: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const status = main(['check', ...argv], { out: (t) => out.push(t), err: (t) => err.push(t), cwd });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

const FULL = `istioVersion: 1.20
kubernetesVersion: "1.28"
namespace: shop
exclude: [drafts/**, "*.tmpl.yaml"]
disable: [ID905]
suppress:
  - code: ID101
    object: Service zk/*
    reason: the port moves in v2
mesh:
  mtlsMode: STRICT
  rootNamespace: mesh-root
  clusterDomain: corp.example
`;

describe('finding the config file', () => {
  it('in the working directory or the nearest folder above; none at all is fine', () => {
    const dir = tempDir({ 'repo/.istio-direct.yaml': 'disable: [ID905]\n', 'repo/a/b/x.txt': '' });
    expect(findConfig(path.join(dir, 'repo', 'a', 'b'))).toBe(path.join(dir, 'repo', '.istio-direct.yaml'));
    expect(findConfig(path.join(dir, 'repo'))).toBe(path.join(dir, 'repo', '.istio-direct.yaml'));
    expect(findConfig(dir)).toBeUndefined();
  });
});

describe('applying it', () => {
  const seen = optionsSeenByCheck();

  it('every setting: versions, namespace, excludes (relative to its folder), disabled codes, suppressions, mesh', () => {
    const dir = tempDir({ '.istio-direct.yaml': FULL, 'zk.yaml': SERVICE, 'drafts/zk.yaml': SERVICE, 'web/zk.tmpl.yaml': SERVICE, 'empty.yaml': '', 'sub/x.txt': '' });
    const r = checkIn(path.join(dir, 'sub'), ['--no-schema', dir]);
    expect(r.out).toBe('0 errors, 0 warnings, 0 infos; 1 object checked in 2 files; 1 finding suppressed');
    expect(r.status).toBe(0);
    expect(seen()).toMatchObject({ istioVersion: { major: 1, minor: 20 }, defaultNamespace: 'shop', disable: ['ID905'], meshMtlsMode: 'STRICT', rootNamespace: 'mesh-root', clusterDomain: 'corp.example' });
    expect(seen()?.suppress?.map((s) => [s.code, s.target, s.reason])).toEqual([['ID101', 'Service zk/*', 'the port moves in v2']]);
  });

  it('flags win over its settings; its lists add to theirs', () => {
    const dir = tempDir({ '.istio-direct.yaml': FULL, 'zk.yaml': SERVICE });
    checkIn(dir, ['--no-schema', '--istio-version', '1.24', '--mesh-mtls', 'PERMISSIVE', '--root-namespace', 'istio-system', '--namespace', 'x', '--disable', 'ID102', '-S', 'ID103=* */*', dir]);
    expect(seen()).toMatchObject({ istioVersion: { major: 1, minor: 24 }, meshMtlsMode: 'PERMISSIVE', rootNamespace: 'istio-system', clusterDomain: 'corp.example', defaultNamespace: 'x', disable: ['ID102', 'ID905'] });
    expect(seen()?.suppress?.map((s) => s.code)).toEqual(['ID103', 'ID101']);
  });

  it('--config FILE names it; --no-config reads none', () => {
    const dir = tempDir({ 'ci/checks.yaml': 'suppress: [{code: ID101, object: Service zk/zk, reason: planted}]\n', 'zk.yaml': SERVICE });
    expect(checkIn(dir, ['--no-schema', '--config', 'ci/checks.yaml', dir]).status).toBe(0);
    expect(checkIn(dir, ['--no-schema', dir]).status).toBe(1);
    fs.copyFileSync(path.join(dir, 'ci', 'checks.yaml'), path.join(dir, '.istio-direct.yaml'));
    expect(checkIn(dir, ['--no-schema', dir]).status).toBe(0);
    expect(checkIn(dir, ['--no-schema', '--no-config', dir]).status).toBe(1);
    expect(checkIn(dir, ['--config', 'nope.yaml', dir])).toMatchObject({ status: 2, err: expect.stringContaining('--config: no such file: nope.yaml') });
  });
});

describe('mistakes in it', () => {
  it.each([
    ['istioVersion: latest\n', 'istioVersion: "latest" is not an Istio release; write major.minor, e.g. 1.24'],
    ['kubernetesVersion: 1.30\n', 'kubernetesVersion: "1.30" is not a Kubernetes version this package ships schemas for; valid: 1.28, 1.33'],
    ['exclude: charts/**\n', 'exclude: must be a list of non-empty strings'],
    ['disable: [ID999]\n', 'disable[0]: unknown code "ID999"'],
    ['excludes: [a]\n', 'unknown field "excludes" (did you mean "exclude"?)'],
    ['mesh: {mtls: STRICT}\n', 'mesh: unknown field "mtls"'],
    ['mesh: {mtlsMode: MUTUAL}\n', 'mesh.mtlsMode: "MUTUAL" is not an mTLS mode; valid: STRICT, PERMISSIVE, DISABLE, UNSET'],
    ['mesh: {rootNamespace: Istio}\n', 'mesh.rootNamespace: "Istio" is not a namespace name'],
    ['mesh: {clusterDomain: "-bad"}\n', 'mesh.clusterDomain: "-bad" is not a DNS domain'],
    ['suppress: [{code: ID101, object: Service a/b}]\n', 'suppress[0].reason: required: say why ID101 does not apply to Service a/b'],
    ['suppress: [{code: ID101, reason: x}]\n', 'suppress[0].object: required'],
    ['suppress: [{code: ID101, object: a/b, reason: x}]\n', 'suppress[0].object: "a/b" is not an object: write "Kind namespace/name"'],
    ['suppress: [{code: NOPE, object: Service a/b, reason: x}]\n', 'suppress[0].code: unknown code "NOPE"'],
    ['suppress: [{code: ID101, object: Service a/b, reason: x, until: 2027}]\n', 'suppress[0]: unknown field "until"'],
    ['- a\n', 'must be a map of settings'],
    ['disable: [ID101\n', 'invalid YAML: '],
    ['disable: [ID101]\ndisable: [ID102]\n', 'invalid YAML: Map keys must be unique'],
  ])('%j', (text, message) => {
    const dir = tempDir({ '.istio-direct.yaml': text, 'zk.yaml': SERVICE });
    const r = checkIn(dir, [dir]);
    expect(r.status).toBe(2);
    expect(r.err.startsWith(`istio-direct check: config: ${path.join(dir, '.istio-direct.yaml')}: ${message}`)).toBe(true);
    expect(r.out).toBe('');
  });

  it('an empty file is an empty config', () => {
    const dir = tempDir({ '.istio-direct.yaml': '# nothing yet\n' });
    expect(loadConfig(path.join(dir, '.istio-direct.yaml'))).toEqual({ file: path.join(dir, '.istio-direct.yaml'), exclude: [], disable: [], suppress: [], mesh: {} });
  });
});
