import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FIXTURES } from './helpers';

const BIN = path.join(__dirname, '..', '..', 'bin', 'istio-direct.js');

function run(args: string[], cwd?: string) {
  // Istio CRDs only where a test passes them.
  const env = { ...process.env };
  delete env.ISTIO_DIRECT_ISTIO_CRDS;
  delete env.ISTIO_DIRECT_ENVOY_API;
  env.ISTIO_DIRECT_FROM_SOURCE = '1'; // the sources under test, even when build/lib was compiled
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd, env, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('istio-direct CLI', () => {
  let dir: string;
  const ENVOY_JSON = JSON.stringify({ admin: {}, static_resources: { clusters: [{ name: 'x', lb_polcy: 'RANDOM' }] } });
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-direct-cli-'));
    fs.mkdirSync(path.join(dir, 'good'));
    fs.mkdirSync(path.join(dir, 'bad', 'nested'), { recursive: true });
    fs.copyFileSync(path.join(FIXTURES, 'kube', 'echo.yaml'), path.join(dir, 'good', 'echo.yaml'));
    fs.writeFileSync(
      path.join(dir, 'bad', 'nested', 'svc.yml'),
      'apiVersion: v1\nkind: Service\nmetadata: {name: echo, namespace: echo}\nspec:\n  clusterIp: None\n  ports: [{port: 8080, appProtocol: tcp}]\n',
    );
    fs.writeFileSync(path.join(dir, 'bad', 'envoy.json'), ENVOY_JSON);
    fs.writeFileSync(path.join(dir, 'bad', 'ignored.txt'), 'not a manifest');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exits 0 on clean input', () => {
    const r = run(['validate', path.join(dir, 'good')]);
    expect(r.stdout).toContain('0 errors, 0 warnings');
    expect(r.status).toBe(0);
  }, 120_000);

  it('exits 1 and names file, object and path for each problem', () => {
    const r = run(['validate', path.join(dir, 'bad')]);
    expect(r.status).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toEqual([
      `${path.join(dir, 'bad', 'envoy.json')}:1:${ENVOY_JSON.indexOf('"lb_polcy"') + 1}: error ID903 Bootstrap envoy.json static_resources.clusters[0].lb_polcy: in Cluster "x": unknown field "lb_polcy" (did you mean "lb_policy"?) in envoy.config.cluster.v3.Cluster`,
      `${path.join(dir, 'bad', 'nested', 'svc.yml')}:5:3: error ID901 Service echo/echo spec.clusterIp: unknown field "clusterIp" (did you mean "clusterIP"?) (Kubernetes 1.28 ServiceSpec)`,
      '2 errors, 0 warnings, 0 infos; 2 objects checked in 2 files',
    ]);
  }, 120_000);

  it('prints an array of problems with --json', () => {
    const r = run(['validate', '--json', path.join(dir, 'bad', 'nested')]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        rule: 'ID901',
        file: path.join(dir, 'bad', 'nested', 'svc.yml'),
        line: 5,
        column: 3,
        kind: 'Service',
        namespace: 'echo',
        name: 'echo',
        path: 'spec.clusterIp',
        message: 'unknown field "clusterIp" (did you mean "clusterIP"?) (Kubernetes 1.28 ServiceSpec)',
        severity: 'error',
      },
    ]);
  }, 120_000);

  it('validates Istio-group objects against the CRDs given with --istio-crds', () => {
    const probe = path.join(dir, 'probe.yaml');
    fs.writeFileSync(probe, 'apiVersion: example.istio.io/v1\nkind: Probe\nmetadata: {name: p, namespace: ns}\nspec:\n  portLevel: {"8080": {mode: "OFF"}}\n');
    const r = run(['validate', '--istio-crds', path.join(FIXTURES, 'crd', 'probe-crd.yaml'), probe]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${probe}:4:1: error ID902 Probe ns/p spec: portLevel requires selector`);
    const without = run(['validate', probe]);
    expect(without.status).toBe(0);
    expect(without.stdout).toContain('not in the CRDs of Istio 1.30 (shipped with istio-direct), not validated');
  }, 120_000);

  it('defaults to dist/ and exits 2 when it does not exist', () => {
    const r = run(['validate'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no such file or directory: dist');
  }, 120_000);

  it('exits 2 on usage errors', () => {
    expect(run([]).status).toBe(2);
    expect(run(['frobnicate']).status).toBe(2);
    expect(run(['validate', '--nope']).status).toBe(2);
  }, 120_000);
});
