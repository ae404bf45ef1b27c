/**
 * examples/policy: the pack program `pulumi preview --policy-pack
 * examples/policy` runs, and the policy configuration file of its README.
 */
import { spawn } from 'child_process';
import { readFileSync } from 'fs';
import { join, resolve } from 'path';
import { parse } from 'yaml';
import { createPolicies, ERRORS_POLICY, WARNINGS_POLICY } from '../../lib/policy';
import { k8sResource, validate } from './stack';

const ROOT = resolve(__dirname, '..', '..');
const EXAMPLE = join(ROOT, 'examples', 'policy');

test('PulumiPolicy.yaml: a Node.js pack; package.json gives the pack version and index.ts as main', () => {
  const manifest = parse(readFileSync(join(EXAMPLE, 'PulumiPolicy.yaml'), 'utf8')) as Record<string, unknown>;
  expect(manifest.runtime).toBe('nodejs');
  expect(typeof manifest.description).toBe('string');
  const pkg = JSON.parse(readFileSync(join(EXAMPLE, 'package.json'), 'utf8')) as Record<string, unknown>;
  expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
  expect(pkg.main).toBe('index.ts');
});

test('policy-config.json configures both policies with valid settings, and the engine runs with them', async () => {
  const config = JSON.parse(readFileSync(join(EXAMPLE, 'policy-config.json'), 'utf8')) as Record<string, Record<string, unknown>>;
  expect(Object.keys(config).sort()).toEqual([ERRORS_POLICY, WARNINGS_POLICY]);
  const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kafka' }, spec: { clusterIP: 'None', selector: { app: 'kafka' }, ports: [{ name: 'tcp', port: 9092, targetPort: 19092 }] } };
  const violations = await validate(createPolicies(), [k8sResource(service)], config);
  expect(violations.map((v) => v.message.split(':')[0])).toEqual(['ID101 error Service default/kafka spec.ports[0].targetPort']);
});

test('the pack program, run in its folder as the Pulumi CLI runs it, serves its analyzer and prints the port', async () => {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(EXAMPLE, 'index.ts')], { cwd: EXAMPLE, stdio: ['ignore', 'pipe', 'pipe'] });
  const firstLine = await new Promise<string>((resolvePort, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('\n')) resolvePort(out.split('\n')[0]);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.on('exit', (code) => reject(new Error(`the pack exited with ${code}: ${err}`)));
  });
  child.kill();
  expect(firstLine).toMatch(/^\d{2,5}$/);
}, 60_000);
