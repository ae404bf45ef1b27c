/**
 * The cdk8s-cli validation plugin with a fake `ValidationContext`: it runs `istio-direct check`
 * (schema and rules) once, names each violation by its rule code, and names the resource by the
 * object's `metadata.name`, the key cdk8s-cli looks up in construct-metadata.json for the
 * construct path (node_modules/cdk8s-cli/lib/plugins/validation.js, `addViolation`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import * as run from '../../lib/check/run';
import { IstioDirectValidation, type Cdk8sValidationContext } from '../../lib/cli/cdk8s-plugin';
import { MissingPackageError } from '../../lib/schema/optional';

/** cdk8s-cli's own ValidationContext (its `plugins` export has no types under this repository's module resolution). */
interface CliValidationContext {
  readonly report: {
    readonly success: boolean;
    toJson(): { violations: Array<{ ruleName: string; violatingConstructs: Array<{ constructPath?: string }> }> };
    toString(): string;
  };
}
type CliValidationContextClass = new (manifests: string[], pkg: string, version: string, metadata: Record<string, { path: string }>, stdout: boolean) => CliValidationContext;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ValidationContext } = require(join(dirname(require.resolve('cdk8s-cli/package.json')), 'lib', 'plugins', 'validation.js')) as { ValidationContext: CliValidationContextClass };

const BAD_SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: bad-svc
  namespace: web
spec:
  bogusField: 1
  ports:
    - port: 80
`;

const GOOD_SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: good-svc
spec:
  ports:
    - port: 8080
      name: tcp-echo
      appProtocol: tcp
`;

interface Recorded {
  violations: Array<{ ruleName: string; recommendation: string; fix: string; violatingResources: Array<{ resourceName: string; locations: string[]; manifestPath: string }> }>;
  status: string;
  metadata: Record<string, string> | undefined;
  logs: string[];
}

function fakeContext(manifests: string[]): { context: Cdk8sValidationContext; recorded: Recorded } {
  const recorded: Recorded = { violations: [], status: '', metadata: undefined, logs: [] };
  const context: Cdk8sValidationContext = {
    manifests,
    report: {
      addViolation: (v) => void recorded.violations.push(v),
      submit: (status, metadata) => {
        recorded.status = status;
        recorded.metadata = metadata;
      },
    },
    logger: { log: (m) => void recorded.logs.push(m) },
  };
  return { context, recorded };
}

describe('IstioDirectValidation (cdk8s-cli plugin)', () => {
  let dir: string;
  let bad: string;
  let good: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'istio-direct-plugin-'));
    bad = join(dir, 'bad.k8s.yaml');
    good = join(dir, 'good.k8s.yaml');
    writeFileSync(bad, BAD_SERVICE);
    writeFileSync(good, GOOD_SERVICE);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('an error is a violation named by its rule code; the resource is the metadata.name', async () => {
    const { context, recorded } = fakeContext([good, bad]);
    await new IstioDirectValidation().validate(context);
    expect(recorded.status).toBe('failure');
    expect(recorded.metadata).toEqual({ errors: '1', warnings: '1', infos: '0' });
    expect(recorded.violations).toEqual([
      {
        ruleName: 'ID901 kubernetes-schema',
        recommendation: expect.stringMatching(/^.*bad\.k8s\.yaml:7:3: error ID901 Service web\/bad-svc spec\.bogusField: unknown field "bogusField"/),
        fix: 'correct spec.bogusField of Service web/bad-svc (istio-direct check --explain ID901)',
        violatingResources: [{ resourceName: 'bad-svc', locations: ['spec.bogusField'], manifestPath: bad }],
      },
    ]);
    // The rules ran too: their warnings are logged once each, with the code.
    expect(recorded.logs).toEqual([expect.stringMatching(/^warning \(1x\): ID102 port 80 declares no protocol/)]);
  });

  test('clean manifests succeed with no violation', async () => {
    const { context, recorded } = fakeContext([good]);
    await new IstioDirectValidation().validate(context);
    expect(recorded).toEqual({ violations: [], status: 'success', metadata: { errors: '0', warnings: '0', infos: '0' }, logs: [] });
  });

  test('through cdk8s-cli\'s own ValidationContext, the violation carries the construct path', async () => {
    // What cdk8s-cli reads from construct-metadata.json: metadata.name -> construct path.
    const metadata = { 'bad-svc': { path: 'app/web/bad' }, 'good-svc': { path: 'app/web/good' } };
    const context = new ValidationContext([good, bad], 'istio-direct', '0.1.0', metadata, false);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined); // cdk8s-cli's logger
    try {
      await new IstioDirectValidation().validate(context as unknown as Cdk8sValidationContext);
    } finally {
      log.mockRestore();
    }
    expect(context.report.success).toBe(false);
    const violations = context.report.toJson().violations;
    expect(violations.map((v) => [v.ruleName, v.violatingConstructs.map((c) => c.constructPath)])).toEqual([['ID901 kubernetes-schema', ['app/web/bad']]]);
    expect(context.report.toString()).toContain('Construct Path: app/web/bad');
  });

  test('without the optional schema packages, the rules run alone and a warning says what to install', async () => {
    const real = run.checkDocuments;
    const spy = jest.spyOn(run, 'checkDocuments').mockImplementation((read, options) => {
      if (options?.schema !== false) throw new MissingPackageError('@bufbuild/cel', 'CEL validation rules');
      return real(read, options);
    });
    try {
      const { context, recorded } = fakeContext([bad]);
      await new IstioDirectValidation().validate(context);
      expect(recorded.status).toBe('success'); // the schema error is not found, the rules' warning is
      expect(recorded.logs).toEqual([
        expect.stringMatching(/^warning: schema checks skipped, the rules ran alone: .*Install with: npm i -D @bufbuild\/cel@0\.6\.1/),
        expect.stringMatching(/^warning \(1x\): ID102 /),
      ]);
    } finally {
      spy.mockRestore();
    }
  });

  test('properties: disable turns a code off; istioVersion and list properties are checked', async () => {
    const { context, recorded } = fakeContext([bad]);
    await new IstioDirectValidation({ disable: ['id901', 'ID102'], istioVersion: '1.22' }).validate(context);
    expect(recorded.status).toBe('success');
    expect(() => new IstioDirectValidation({ istioVersion: 'latest' })).toThrow(
      `IstioDirectValidation (cdk8s.yaml validations[].properties): istioVersion: "latest" is not an Istio release; write major.minor, e.g. '1.24'`,
    );
    expect(() => new IstioDirectValidation({ istioCrds: 'crds.yaml' as unknown as string[] })).toThrow(
      'IstioDirectValidation (cdk8s.yaml validations[].properties): istioCrds: "crds.yaml" is not a list of strings',
    );    expect(() => new IstioDirectValidation({ kubernetesVersion: '1.27' })).toThrow(
      'IstioDirectValidation (cdk8s.yaml validations[].properties): kubernetesVersion: "1.27" is not a Kubernetes version this package ships schemas for; valid: 1.28, 1.33',
    );
  });

  test('properties: kubernetesVersion reaches the schema validation', async () => {
    const spy = jest.spyOn(run, 'checkDocuments');
    try {
      await new IstioDirectValidation({ kubernetesVersion: '1.33' }).validate(fakeContext([good]).context);
      expect(spy.mock.calls.map(([, options]) => options?.kubernetesVersion)).toEqual(['1.33']);
    } finally {
      spy.mockRestore();
    }
  });

  test('the package exports the class as istio-direct/cdk8s-plugin, and bin/ loads the same class', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require('../../package.json') as { exports: Record<string, { default: string }> };
    expect(pkg.exports['./cdk8s-plugin'].default).toBe('./build/lib/cli/cdk8s-plugin.js');
    process.env.ISTIO_DIRECT_FROM_SOURCE = '1';
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const bin = require('../../bin/cdk8s-validation-plugin.js') as { IstioDirectValidation: unknown };
      expect(typeof bin.IstioDirectValidation).toBe('function');
    } finally {
      delete process.env.ISTIO_DIRECT_FROM_SOURCE;
    }
  });
});
