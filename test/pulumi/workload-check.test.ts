/**
 * A workload resource target is checked against its plain `ref` once the
 * engine resolves it; a mismatch fails the program (so `pulumi up` fails) with a
 * `pulumi.ResourceError` on the component, which the Pulumi runtime reports as
 * that resource's error.
 * Each case runs in its own process: the failure is the program's failure.
 */
import { spawnSync } from 'child_process';
import { join, resolve } from 'path';

const ROOT = resolve(__dirname, '../..');

function run(actual: object): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(__dirname, 'fixtures', 'workload-check.ts'), JSON.stringify(actual)],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('HeadlessMeshService over a StatefulSet resource', () => {
  test('a workload that matches its ref passes', () => {
    const result = run({});
    expect(result.stdout).toBe('checked StatefulSet etcd\n');
    expect(result.status).toBe(0);
  });

  test('a StatefulSet governed by another Service fails the program with a ResourceError on the component', () => {
    const result = run({ serviceName: 'etcd-headless', replicas: 5 });
    expect(result.status).toBe(32);
    expect(result.stdout).toBe('');
    // Pulumi's own error path: once, attached to the HeadlessMeshService, no stack trace, never
    // "Running program failed with an unhandled exception".
    expect(result.stderr).not.toContain('unhandled exception');
    expect(result.stderr.match(/^error \(/gm)).toHaveLength(1);
    expect(result.stderr).toContain('error (urn:pulumi:test::istio-direct::istio-direct:index:HeadlessMeshService::etcd-mesh) hideStack=true: 2 problems:');
    expect(result.stderr.match(/target\.workload\.spec\.replicas/g)).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr).toContain('HeadlessMeshService "etcd": target.workload.spec.replicas: is 5, but target.ref says 3: per-pod DNS names would be wrong');
    expect(result.stderr).toContain(
      'HeadlessMeshService "etcd": target.workload.spec.serviceName: is "etcd-headless", but must be "etcd": StatefulSet pods get per-pod DNS names only under their governing Service (https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id)',
    );
  });
});
