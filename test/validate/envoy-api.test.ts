/**
 * Envoy API sources and what the validator reads from them beyond the schema: deprecated and
 * disallowed fields and enum values, types the API does not have, the prebuilt artifact against
 * the slow path, and a newer API given as a directory of protos (`--envoy-api DIR`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { addExampleCharts } from '../../examples/cdk8s/charts';
import { loadEnvoyApi, setEnvoyApiDir, validateEnvoyJson, validateObject, type Finding } from '../../lib/validate';
import { ENVOY_API_ENV, envoyApiArtifactPath, envoyApiDir } from '../../lib/schema/envoy/api';
import { main } from '../../lib/cli/validate';
import { IstioDirectValidation, type Cdk8sValidationContext } from '../../lib/cli/cdk8s-plugin';
import { FIXTURES, NEWER_ENVOY_API, describeWithNewerEnvoyApi, fixture } from './helpers';

const cluster = (extra: Record<string, unknown>) => ({ name: 'c', connect_timeout: '1s', ...extra });
const CLUSTER = 'envoy.config.cluster.v3.Cluster';

describe('deprecated and disallowed Envoy fields (bundled API)', () => {
  it('warns (ID904) on a deprecated field, with its path, the cluster and the version', () => {
    const b = fixture('envoy/static-hcm.yaml');
    b.static_resources.clusters[0].max_requests_per_connection = 100;
    expect(validateEnvoyJson(b)).toEqual([
      {
        path: 'static_resources.clusters[0].max_requests_per_connection',
        severity: 'warning',
        code: 'ID904',
        message: expect.stringMatching(/^in Cluster "echo": deprecated field "max_requests_per_connection" of envoy.config.cluster.v3.Cluster \(deprecated at Envoy API minor version 3.0\): .*api-v3\/config\/cluster\/v3\/cluster.proto$/),
      },
    ]);
  });

  it('counts presence in the JSON: a default value is reported, null (unset) is not', () => {
    expect(validateEnvoyJson(cluster({ use_tcp_for_dns_lookups: false }), CLUSTER)).toEqual([expect.objectContaining({ path: 'use_tcp_for_dns_lookups', code: 'ID904' })]);
    expect(validateEnvoyJson(cluster({ use_tcp_for_dns_lookups: null }), CLUSTER)).toEqual([]);
  });

  it('warns on a deprecated enum value, given by name or by number', () => {
    const byName = validateEnvoyJson({ api_type: 'GRPC', transport_api_version: 'V2' }, 'envoy.config.core.v3.ApiConfigSource');
    expect(byName).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'transport_api_version', severity: 'warning', code: 'ID904', message: expect.stringMatching(/deprecated enum value V2 of envoy.config.core.v3.ApiVersion/) })]));
    const byNumber = validateEnvoyJson({ api_type: 'GRPC', transport_api_version: 1 }, 'envoy.config.core.v3.ApiConfigSource');
    expect(byNumber).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'transport_api_version', code: 'ID904' })]));
  });

  it('rejects (ID903) a field or enum value that is disallowed by default', () => {
    const field = validateEnvoyJson({ dynamic_metadata: { descriptor_key: 'k', metadata_key: { key: 'a', path: [{ key: 'b' }] } } }, 'envoy.config.route.v3.RateLimit.Action');
    expect(field).toEqual([expect.objectContaining({ path: 'dynamic_metadata', severity: 'error', code: 'ID903', message: expect.stringMatching(/disallowed by default .*envoy.deprecated_features:envoy.config.route.v3.RateLimit.Action.dynamic_metadata/) })]);
    const value = validateEnvoyJson({ api_type: 'DEPRECATED_AND_UNAVAILABLE_DO_NOT_USE' }, 'envoy.config.core.v3.ApiConfigSource');
    expect(value).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'api_type', severity: 'error', code: 'ID903', message: expect.stringMatching(/enum value DEPRECATED_AND_UNAVAILABLE_DO_NOT_USE .* is disallowed by default/) })]));
  });

  it('keeps an unknown @type a warning even where the decoder cross-check would fail', () => {
    const problems = validateEnvoyJson(fixture('envoy-api/dns-cluster-extension.yaml'));
    expect(problems).toEqual([
      {
        path: 'static_resources.clusters[0].cluster_type.typed_config["@type"]',
        severity: 'warning',
        code: 'ID905',
        message: expect.stringMatching(/^in Cluster "pods" > CustomClusterType "envoy.cluster.dns": not checked: type "type.googleapis.com\/envoy.extensions.clusters.dns.v3.DnsCluster" is not in the Envoy API this validator ships \(@grpc\/grpc-js-xds@1.14.1 deps\//),
      },
    ]);
  });
});

const artifactExists = fs.existsSync(envoyApiArtifactPath());
(artifactExists ? describe : describe.skip)(`the prebuilt API artifact${artifactExists ? '' : ' [skipped: run npm run build:artifacts]'}`, () => {
  it('is what parsing the protos gives, and both paths validate the fixtures alike', () => {
    const fast = loadEnvoyApi();
    const slow = loadEnvoyApi({ artifact: false });
    expect([fast.loadedFrom, slow.loadedFrom]).toEqual(['artifact', 'protos']);
    expect(fast.types.json).toEqual(slow.types.json);
    const files = ['envoy', 'envoy-api'].flatMap((d) => fs.readdirSync(path.join(FIXTURES, d)).sort().map((f) => `${d}/${f}`));
    for (const f of files) {
      const broken = { ...fixture(f), admin: { address: { socket_address: { port_value: 70000 } } }, bogus: 1 };
      for (const doc of [fixture(f), broken]) {
        expect([f, validateEnvoyJson(doc, undefined, slow)]).toEqual([f, validateEnvoyJson(doc, undefined, fast)]);
      }
    }
  });
});

describe('choosing the Envoy API', () => {
  afterEach(() => setEnvoyApiDir(undefined));

  it(`takes a directory from setEnvoyApiDir, else from ${ENVOY_API_ENV}`, () => {
    const saved = process.env[ENVOY_API_ENV];
    try {
      process.env[ENVOY_API_ENV] = '/from/env';
      expect(envoyApiDir()).toBe('/from/env');
      setEnvoyApiDir('/from/option');
      expect(envoyApiDir()).toBe('/from/option');
      setEnvoyApiDir(undefined);
      delete process.env[ENVOY_API_ENV];
      expect(envoyApiDir()).toBeUndefined();
    } finally {
      if (saved === undefined) delete process.env[ENVOY_API_ENV];
      else process.env[ENVOY_API_ENV] = saved;
    }
  });

  it('exits 2 with a message when --envoy-api is not a directory of Envoy protos', () => {
    const err: string[] = [];
    const status = main(['validate', '--envoy-api', path.join(FIXTURES, 'kube'), path.join(FIXTURES, 'envoy-api')], { out: () => undefined, err: (t) => err.push(t) });
    expect(status).toBe(2);
    expect(err.join('\n')).toMatch(/Envoy API directory .* has no envoy\/ folder/);
  });
});

/** Findings of every object of the example app (cdk8s Testing.synth), with the object's kind and name. */
function exampleFindings(): Array<Finding & { object: string }> {
  const charts = addExampleCharts(Testing.app());
  return Object.values(charts)
    .flatMap((chart) => Testing.synth(chart))
    .flatMap((o: any) => validateObject(o).map((f) => ({ ...f, object: `${o.kind} ${o.metadata?.name}` })));
}

describeWithNewerEnvoyApi('a newer Envoy API (envoyproxy/data-plane-api protos)', () => {
  beforeAll(() => setEnvoyApiDir(NEWER_ENVOY_API));
  afterAll(() => setEnvoyApiDir(undefined));

  it('has the types the bundled API lacks', () => {
    const api = loadEnvoyApi();
    expect([api.bundled, api.loadedFrom, api.origin]).toEqual([false, 'protos', path.resolve(NEWER_ENVOY_API!)]);
    expect(api.types.lookupType('envoy.extensions.clusters.dns.v3.DnsCluster').name).toBe('DnsCluster');
  }, 60_000);

  it('warns that dns_refresh_rate and dns_failure_refresh_rate are deprecated', () => {
    const problems = validateEnvoyJson(fixture('envoy-api/strict-dns-refresh.yaml'));
    expect(problems.map((p) => [p.path, p.severity, p.code])).toEqual([
      ['static_resources.clusters[0].dns_refresh_rate', 'warning', 'ID904'],
      ['static_resources.clusters[0].dns_failure_refresh_rate', 'warning', 'ID904'],
    ]);
    expect(problems[0].message).toMatch(/^in Cluster "pods": deprecated field "dns_refresh_rate" of envoy.config.cluster.v3.Cluster \(deprecated at Envoy API minor version 3.0\)/);
  });

  it('checks the envoy.cluster.dns extension: 0 errors, 0 warnings, and its PGV rules apply', () => {
    const b = fixture('envoy-api/dns-cluster-extension.yaml');
    expect(validateEnvoyJson(b)).toEqual([]);
    b.static_resources.clusters[0].cluster_type.typed_config.dns_refresh_rate = '0s';
    expect(validateEnvoyJson(b)).toEqual([expect.objectContaining({ path: 'static_resources.clusters[0].cluster_type.typed_config.dns_refresh_rate', severity: 'error', code: 'ID903' })]);
  });

  it('the CLI takes it with --envoy-api and the environment variable', () => {
    setEnvoyApiDir(undefined);
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
    const file = path.join(FIXTURES, 'envoy-api', 'dns-cluster-extension.yaml');
    expect(main(['validate', '--envoy-api', NEWER_ENVOY_API!, file], io)).toBe(0);
    expect(out.pop()).toBe('0 errors, 0 warnings, 0 infos; 1 object checked in 1 file');
    expect(main(['validate', file], io)).toBe(0);
    expect(out.pop()).toBe('0 errors, 1 warning, 0 infos; 1 object checked in 1 file');
    setEnvoyApiDir(NEWER_ENVOY_API);
  });

  it('the cdk8s validation plugin takes it as the envoyApi property', async () => {
    setEnvoyApiDir(undefined);
    const run = async (props: { envoyApi?: string }) => {
      const logs: string[] = [];
      let status = '';
      const context: Cdk8sValidationContext = {
        manifests: [path.join(FIXTURES, 'envoy-api', 'dns-cluster-extension.yaml')],
        report: { addViolation: () => undefined, submit: (s) => void (status = s) },
        logger: { log: (m) => logs.push(m) },
      };
      await new IstioDirectValidation(props).validate(context);
      return { status, logs };
    };
    expect(await run({ envoyApi: NEWER_ENVOY_API })).toEqual({ status: 'success', logs: [] });
    expect(envoyApiDir()).toBe(process.env[ENVOY_API_ENV] || undefined); // restored
    const bundled = await run({});
    expect(bundled.status).toBe('success');
    expect(bundled.logs).toEqual([expect.stringMatching(/^warning \(1x\): .*not checked: type "type.googleapis.com\/envoy.extensions.clusters.dns.v3.DnsCluster"/)]);
    setEnvoyApiDir(NEWER_ENVOY_API);
  });

  it('the example app has no errors', () => {
    expect(exampleFindings().filter((f) => f.severity === 'error')).toEqual([]);
  });

  // The library's DNS clusters use the envoy.cluster.dns extension (DnsCluster): no deprecated
  // Cluster field is left (dns_refresh_rate and friends are deprecated since Envoy 1.33).
  it('the example app has zero warnings against the newer Envoy API', () => {
    const warnings = exampleFindings().filter((f) => f.severity === 'warning' && !(f.code === 'ID905' && /Istio|CRD/.test(f.message)));
    expect(warnings).toEqual([]);
  });
});
