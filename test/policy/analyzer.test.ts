/**
 * The pack through `@pulumi/policy`'s own analyzer: the function that
 * answers the Pulumi CLI's `AnalyzeStack` gRPC call (the CLI is not
 * available here, so the request is built as the CLI sends it). This covers
 * what hand-built arguments cannot: the SDK's deserialization of the
 * resources' properties, its unknown-checking proxy during preview, and the
 * diagnostics (policy, enforcement level, URN, message) the CLI prints.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { createPolicies, ERRORS_POLICY, WARNINGS_POLICY } from '../../lib/policy';
import { k8sResource, typeOf, urnOf, validate } from './stack';

// Internal modules of @pulumi/policy and @pulumi/pulumi (no published types).
const server = require('@pulumi/policy/server') as {
  makeAnalyzeStackRpcFun(pack: string, version: string, level: string, policies: unknown[]): (call: { request: unknown }, callback: (err: unknown, resp: AnalyzeResponse) => void) => Promise<void>;
};
const proto = require('@pulumi/pulumi/proto/analyzer_pb') as Record<string, new () => Record<string, (...args: unknown[]) => unknown>> & { EnforcementLevel: Record<string, number> };
const { Struct } = require('google-protobuf/google/protobuf/struct_pb') as { Struct: { fromJavaScript(v: unknown): unknown } };
const { unknownStringValue } = require('@pulumi/policy/proxy') as { unknownStringValue: string };

interface Diagnostic {
  getPolicyname(): string;
  getMessage(): string;
  getUrn(): string;
  getEnforcementlevel(): number;
}
interface AnalyzeResponse {
  getDiagnosticsList(): Diagnostic[];
}

const DOCS = parseAllDocuments(readFileSync(join(__dirname, 'fixtures', 'kafka-stack.yaml'), 'utf8')).map((d) => d.toJS() as Record<string, unknown>);

function request(objects: readonly Record<string, unknown>[]): unknown {
  const req = new proto.AnalyzeStackRequest();
  req.setResourcesList(
    objects.map((object, i) => {
      const resource = new proto.AnalyzerResource();
      const type = typeOf(object);
      resource.setType(type);
      resource.setName(`r${i}`);
      resource.setUrn(urnOf(type, `r${i}`));
      resource.setProperties(Struct.fromJavaScript(object));
      resource.setOptions(new proto.AnalyzerResourceOptions());
      return resource;
    }),
  );
  return req;
}

async function analyze(objects: readonly Record<string, unknown>[]): Promise<Array<[string, string, string, string]>> {
  const levels = Object.fromEntries(Object.entries(proto.EnforcementLevel).map(([name, n]) => [n, name]));
  const rpc = server.makeAnalyzeStackRpcFun('istio-direct', '0.1.0', 'advisory', createPolicies());
  const response = await new Promise<AnalyzeResponse>((resolve, reject) => {
    void rpc({ request: request(objects) }, (err, resp) => (err ? reject(err) : resolve(resp)));
  });
  return response.getDiagnosticsList().map((d) => [d.getPolicyname(), levels[d.getEnforcementlevel()], d.getUrn(), d.getMessage().split('\n')[1]]);
}

test('AnalyzeStack: each finding is a diagnostic of its policy, at its level, on its resource', async () => {
  const diagnostics = await analyze(DOCS);
  const level = { [ERRORS_POLICY]: 'MANDATORY', [WARNINGS_POLICY]: 'ADVISORY' } as Record<string, string>;
  const direct = await validate(createPolicies(), DOCS.map((doc, i) => k8sResource(doc, `r${i}`)));
  expect(diagnostics).toEqual(direct.map((v) => [v.policy, level[v.policy], v.urn, v.message]));
  expect(diagnostics.map(([policy, lvl, urn, message]) => [policy, lvl, urn, message.split(':')[0]])).toEqual(
    expect.arrayContaining([
      [ERRORS_POLICY, 'MANDATORY', urnOf('kubernetes:core/v1:Service', 'r2'), 'ID101 error Service kafka/kafka-headless spec.ports[0].targetPort'],
      [ERRORS_POLICY, 'MANDATORY', urnOf('kubernetes:core/v1:ConfigMap', 'r10'), 'ID502 error ConfigMap kafka/kafka-config'],
      [WARNINGS_POLICY, 'ADVISORY', urnOf('kubernetes:security.istio.io/v1:PeerAuthentication', 'r6'), 'ID501 warning PeerAuthentication kafka/zookeeper spec.selector'],
      [WARNINGS_POLICY, 'ADVISORY', urnOf('kubernetes:core/v1:Service', 'r8'), 'ID503 warning Service kafka/kafka-external metadata.annotations["istio-direct/ignore-ID101"]'],
    ]),
  );
});

test('AnalyzeStack during preview: an unknown value does not stop the policy; the error on that object is advisory', async () => {
  const headless = DOCS[2];
  const previewed = { ...headless, metadata: { ...(headless.metadata as Record<string, unknown>), labels: { version: unknownStringValue } } };
  const diagnostics = await analyze([...DOCS.slice(0, 2), previewed]);
  expect(diagnostics.filter((d) => d[3].startsWith('ID101'))).toEqual([
    [WARNINGS_POLICY, 'ADVISORY', urnOf('kubernetes:core/v1:Service', 'r2'), expect.stringMatching(/^ID101 error Service kafka\/kafka-headless spec.ports\[0\].targetPort: .* \(preview: metadata.labels.version not known yet; reported as advisory, checked again on the deployed object\)$/)],
  ]);
  expect(diagnostics.filter((d) => d[0] === ERRORS_POLICY)).toEqual([]);
});
