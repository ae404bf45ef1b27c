/**
 * Makes the floors' input once, before anything is measured:
 *   node prepare.js <hms-one-chart|hms-chart-each|envoy-static|pulumi> <n> <out.json>
 *     runs the library's core builders on the same props as the library's app
 *     (bench/harness/workloads.ts) and writes the plain objects, in the order the
 *     constructs add them;
 *   node prepare.js examples <dir> <out.json>
 *     reads the YAML files `cdk8s synth` wrote for the examples (they include cdk8s-plus
 *     objects no core builder makes), one chart per file.
 */
import { readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { buildEnvoyDirectPods } from '../../lib/core/envoy-direct-pods';
import { buildHeadlessMeshService } from '../../lib/core/headless-mesh-service';
import { KubeObject } from '../../lib/core/types';
import { runMain } from '../harness/measure';
import { envoyProps, hmsName, hmsProps, parseSize } from '../harness/workloads';
import { FloorCharts, FloorComponents } from './floor-data';

/** `HEADLESS_MESH_SERVICE_TYPE` of lib/pulumi (not imported: this program does not load Pulumi); the bench compares the registrations. */
const HEADLESS_MESH_SERVICE_TYPE = 'istio-direct:index:HeadlessMeshService';

/** The i-th HeadlessMeshService's objects, in the order the cdk8s construct adds them. */
function hmsObjects(i: number): KubeObject[] {
  const m = buildHeadlessMeshService(hmsProps(i));
  return [m.service, m.peerAuthentication, m.destinationRule, m.sidecar].filter((o): o is KubeObject => o !== undefined);
}

function cdk8sCharts(family: string, n: number): FloorCharts {
  const all = Array.from({ length: n }, (_, i) => i);
  if (family === 'hms-one-chart') {
    return { charts: [{ id: 'hms', objects: all.flatMap(hmsObjects) }] };
  }
  if (family === 'hms-chart-each') {
    return { charts: all.map((i) => ({ id: hmsName(i), objects: hmsObjects(i) })) };
  }
  const m = buildEnvoyDirectPods(envoyProps(n));
  return { charts: [{ id: 'envoy', objects: [m.configMap, m.deployment, m.service] }] };
}

/**
 * The library's Pulumi components as plain data: the component's type and name, its children's
 * objects and the outputs it registers (what `lib/pulumi/headless-mesh-service.ts` passes to
 * `registerOutputs`, from the same core build).
 */
function pulumiComponents(n: number): FloorComponents {
  return {
    components: Array.from({ length: n }, (_, i) => {
      const props = hmsProps(i);
      const m = buildHeadlessMeshService(props);
      const outputs = {
        serviceName: m.endpoint.name,
        namespace: m.endpoint.namespace,
        fqdn: m.endpoint.fqdn,
        port: m.endpoint.port,
        ports: m.ports,
        selectorLabels: m.endpoint.selectorLabels,
        podDnsNames: m.podDnsNames,
        workload: props.target,
      };
      // The component's inputs are its props, the target as a plain workload (a WorkloadRef here).
      return { type: HEADLESS_MESH_SERVICE_TYPE, name: hmsName(i), inputs: { ...props }, objects: hmsObjects(i), outputs };
    }),
  };
}

/** One chart per `<id>.k8s.yaml` file of `dir`, its documents as objects. */
function exampleCharts(dir: string): FloorCharts {
  const files = readdirSync(dir).filter((f) => f.endsWith('.k8s.yaml')).sort();
  return {
    charts: files.map((file) => ({
      id: file.slice(0, -'.k8s.yaml'.length),
      objects: parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((doc) => doc.toJS() as KubeObject),
    })),
  };
}

async function main(): Promise<void> {
  const [what, arg, out] = process.argv.slice(2);
  if (what === undefined || arg === undefined || out === undefined) {
    throw new Error('usage: prepare.js <family> <n> <out.json> | prepare.js examples <dir> <out.json>');
  }
  let data: FloorCharts | FloorComponents;
  if (what === 'examples') {
    data = exampleCharts(arg);
  } else if (what === 'pulumi') {
    data = pulumiComponents(parseSize(arg));
  } else {
    data = cdk8sCharts(what, parseSize(arg));
  }
  writeFileSync(out, JSON.stringify(data));
}

runMain(main);
