/**
 * The public API: what each package entry point (package.json `exports`) exports, values and types,
 * pinned as sorted lists. Each list is what the entry's documentation names (README.md, its
 * "Entry points" paragraph and sections; lib/schema/README.md "API"; docs/policy-pack.md); everything
 * else stays internal. A new export is a conscious change: add it here and document it.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..');

/** Entry point -> its source file (the `exports` targets, compiled from these). */
const ENTRIES: Readonly<Record<string, string>> = {
  '.': 'lib/index.ts',
  './cdk8s': 'lib/cdk8s/index.ts',
  './pulumi': 'lib/pulumi/index.ts',
  './validate': 'lib/validate/index.ts',
  './policy': 'lib/policy/index.ts',
  './cdk8s-plugin': 'lib/cli/cdk8s-plugin.ts',
};

const EXPECTED: Readonly<Record<string, { values: string[]; types: string[] }>> = {
  '.': {
    values: ['IstioDirectError', 'RECIPE_APPS', 'buildEchoService', 'buildEnvoyDirectPods', 'buildHeadlessMeshService', 'buildIstioCertsPrometheus', 'buildMetricsScraping', 'istioCertsPodTemplate', 'metricsMergeAnnotations'],
    types: [
      'AccessLogFormat', 'AppProtocol', 'AppRecipeOutput', 'AppRecipeProps', 'AppSetting', 'Bootstrap', 'CircuitBreakerOptions', 'DataplaneMode', 'DiscoveryMode', 'DnsLookupFamily', 'DnsOptions',
      'EchoServiceManifests', 'EchoServiceProps', 'EnvoyDirectPodsManifests', 'EnvoyDirectPodsProps', 'EnvoyLogLevel',
      'EnvoyServiceType', 'EnvoyTarget', 'HeadlessMeshServiceManifests', 'HeadlessMeshServiceProps', 'HealthCheckOptions',
      'IpFamily', 'IstioApiVersion', 'KubeObject', 'LbPolicy', 'MeshPort', 'MtlsMode', 'ObjectMeta', 'OutboundTrafficMode',
      'OutlierDetectionOptions', 'PodIpFamily', 'PodOptions', 'PortProtocol', 'RecipeApp', 'RecipeContainer', 'RecipeEnvVar', 'RecipeFile', 'RecipePort',
      'RecipeStatefulSetSettings', 'ResolvedMeshPort', 'ResourceQuantities',
      'ResourceRequirements', 'RetryOptions', 'ServiceEndpoint', 'ServiceEndpointSource', 'StatusRange', 'TargetWorkloadKind',
      'UpstreamAddress', 'WorkloadRef',
      // EnvoyDirectPods versions, routes and observability (README "Versions, routes, per-pod limits and per-pod observability")
      'EchoVersionOptions', 'EnvoyRouteOptions', 'EnvoyVersionOptions', 'HeaderMatchOptions', 'StatsListenerOptions', 'TracingOptions',
      // MetricsScraping (README "MetricsScraping: Prometheus under STRICT mTLS")
      'IstioCertFiles', 'IstioCertsPodProps', 'IstioCertsPrometheus', 'IstioCertsPrometheusProps', 'MetricsEndpointProps', 'MetricsScrapingManifests', 'MetricsScrapingProps',
      'ScrapeContainerPort', 'ScrapeMode', 'ScrapeMonitor', 'ScrapeService', 'ScrapeTarget',
    ].sort(),
  },
  './cdk8s': {
    values: ['EchoService', 'EnvoyDirectPods', 'HeadlessMeshService', 'IstioCertsPrometheus', 'MetricsScraping', 'configureRules', 'rulesFindings'],
    types: ['EchoServiceProps', 'EnvoyDirectPodsProps', 'HeadlessMeshServiceProps', 'IstioCertsPrometheusProps', 'MeshTarget', 'MetricsScrapingProps', 'MetricsSource', 'RulesOptions', 'ScrapeSource'],
  },
  './pulumi': {
    values: ['ECHO_SERVICE_TYPE', 'ENVOY_DIRECT_PODS_TYPE', 'EchoService', 'EnvoyDirectPods', 'HEADLESS_MESH_SERVICE_TYPE', 'HeadlessMeshService', 'METRICS_SCRAPING_TYPE', 'MetricsScraping', 'withIstioCertsPrometheus'],
    types: ['EchoServiceProps', 'EnvoyDirectPodsProps', 'HeadlessMeshServiceProps', 'KubeResource', 'MeshTarget', 'MetricsScrapingProps', 'MetricsSource', 'PrometheusWorkloadArgs', 'ScrapeSource', 'WorkloadArgsTarget', 'WorkloadResourceScrapeTarget', 'WorkloadResourceTarget'],
  },
  './validate': {
    values: [
      'MissingPackageError', 'OPTIONAL_PACKAGES', 'UsageError', 'formatProblem', 'loadEnvoyApi', 'parseManifest', 'readManifests',
      'setEnvoyApiDir', 'setIstioCrdSources', 'validateDocuments', 'validateEnvoyJson', 'validateIstioObject', 'validateKubeObject',
      'validateObject', 'validatePaths',
    ],
    types: ['EnvoyApi', 'EnvoyApiOptions', 'Finding', 'ManifestDocument', 'Problem', 'RuleCode', 'Severity'],
  },
  './policy': {
    values: ['ERRORS_POLICY', 'WARNINGS_POLICY', 'createPolicies', 'istioDirectPolicyPack'],
    types: ['IstioDirectPolicyOptions', 'IstioDirectPolicyPackOptions', 'PolicyRuleSettings', 'RunRules'],
  },
  './cdk8s-plugin': {
    values: ['IstioDirectValidation'],
    types: ['Cdk8sValidationContext', 'Cdk8sViolatingResource', 'IstioDirectValidationProps'],
  },
};

/** Every export of each entry, split into values (exist at run time) and types only, from the TypeScript checker. */
function declaredExports(): Record<string, { values: string[]; types: string[] }> {
  const files = Object.values(ENTRIES).map((f) => join(ROOT, f));
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  const program = ts.createProgram(files, config?.options ?? {});
  const checker = program.getTypeChecker();
  const out: Record<string, { values: string[]; types: string[] }> = {};
  for (const [entry, file] of Object.entries(ENTRIES)) {
    const source = program.getSourceFile(join(ROOT, file));
    const module = source && checker.getSymbolAtLocation(source);
    if (module === undefined) throw new Error(`${file}: not a module`);
    const values: string[] = [];
    const types: string[] = [];
    for (const symbol of checker.getExportsOfModule(module)) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      (target.flags & ts.SymbolFlags.Value ? values : types).push(symbol.name);
    }
    out[entry] = { values: values.sort(), types: types.sort() };
  }
  return out;
}

test('the entry points are the ones of package.json', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  expect(Object.keys(pkg.exports).filter((e) => e !== './package.json').sort()).toEqual(Object.keys(ENTRIES).sort());
});

test('each entry point exports exactly its documented names (values and types)', () => {
  expect(declaredExports()).toEqual(EXPECTED);
}, 60_000);

test.each(Object.entries(ENTRIES))('%s exports its values at run time, nothing more', (entry, file) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(join(ROOT, file)) as Record<string, unknown>;
  expect(Object.keys(loaded).sort()).toEqual(EXPECTED[entry].values);
});

test.each(Object.entries(ENTRIES))('%s exports by name (no `export *`)', (_entry, file) => {
  expect(readFileSync(join(ROOT, file), 'utf8')).not.toMatch(/^\s*export\s*\*/m);
});

/** Where each entry point's names are documented. */
const DOCUMENTED_IN: Readonly<Record<string, string>> = {
  '.': 'README.md',
  './cdk8s': 'README.md',
  './pulumi': 'README.md',
  './validate': 'lib/schema/README.md',
  './policy': 'docs/policy-pack.md',
  './cdk8s-plugin': 'README.md',
};

test.each(Object.entries(DOCUMENTED_IN))('every name %s exports is documented in %s', (entry, doc) => {
  const text = readFileSync(join(ROOT, doc), 'utf8');
  const { values, types } = EXPECTED[entry];
  expect([...values, ...types].filter((name) => !text.includes('`' + name + '`') && !text.includes('`' + name + '('))).toEqual([]);
});

test('the sorted lists are sorted (so a diff shows exactly the names that changed)', () => {
  for (const { values, types } of Object.values(EXPECTED)) {
    expect(values).toEqual([...values].sort());
    expect(types).toEqual([...types].sort());
  }
});
