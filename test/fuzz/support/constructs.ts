/** The three constructs as the fuzz suite drives them: build, companions for the rules, check options. */
import { show } from '../../../lib/core/errors';
import { buildEchoService, EchoServiceProps } from '../../../lib/core/echo-service';
import { buildEnvoyDirectPods, EnvoyDirectPodsProps } from '../../../lib/core/envoy-direct-pods';
import { buildHeadlessMeshService, HeadlessMeshServiceProps } from '../../../lib/core/headless-mesh-service';
import { KubeObject } from '../../../lib/core/types';
import { withoutNulls } from '../../../lib/core/validate';
import { PerturbedField } from './hostile';
import { Built, CheckOptions, ConstructName, judge, Outcome } from './oracle';

/** A prop value read without trusting it (props may be anything, a getter may throw). */
function field(props: unknown, key: string): unknown {
  try {
    return typeof props === 'object' && props !== null && !Array.isArray(props) ? (props as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
}

/** The name prop as the builder shows it (without its null-valued keys), or undefined when it cannot be read. */
function nameOf(props: unknown): unknown {
  try {
    return withoutNulls(field(props, 'name'));
  } catch {
    return undefined;
  }
}

function checkOptions(props: unknown): CheckOptions {
  const istioVersion = field(props, 'istioVersion');
  const clusterDomain = field(props, 'clusterDomain');
  return {
    ...(typeof istioVersion === 'string' ? { istioVersion } : {}),
    ...(typeof clusterDomain === 'string' ? { clusterDomain } : {}),
  };
}

/** The workload a HeadlessMeshService selects, as the object the rules engine reads (its pods expose every port). */
export function workloadObjectFor(props: HeadlessMeshServiceProps, built: { readonly objects: readonly KubeObject[] }): KubeObject {
  const service = built.objects.find((o) => o.kind === 'Service') as KubeObject & { spec: { ports: Array<{ port: number; protocol: string }> } };
  const t = props.target;
  const namespace = service.metadata.namespace;
  const podSpec = {
    containers: [
      {
        name: 'app',
        image: 'example.com/app:1.0.0',
        ports: service.spec.ports.map((p) => ({ containerPort: p.port, protocol: p.protocol })),
      },
    ],
  };
  return {
    apiVersion: 'apps/v1',
    kind: t.kind,
    metadata: { name: t.name, ...(namespace !== undefined ? { namespace } : {}) },
    spec: {
      ...(t.replicas !== undefined ? { replicas: t.replicas } : {}),
      ...(t.kind === 'StatefulSet' ? { serviceName: t.serviceName ?? service.metadata.name } : {}),
      selector: { matchLabels: { ...t.selectorLabels } },
      template: { metadata: { labels: { ...t.selectorLabels } }, spec: podSpec },
    },
  };
}

/** One construct under test. */
export interface FuzzedConstruct<P> {
  readonly construct: ConstructName;
  /** How the builder shows the construct's name in its messages. */
  shownName(props: P): string;
  /** Runs the oracle on one prop set (`perturbed`: the fields a perturbation set, whose values a problem must show). */
  judge(props: P, perturbed?: readonly PerturbedField[]): Outcome;
}

/** How a problem line names the construct: its name quoted, or nothing when the name is missing or not a non-empty string. */
const header = (name: unknown): string => (typeof name === 'string' && name !== '' ? show(name) : '');

export const ECHO: FuzzedConstruct<EchoServiceProps> = {
  construct: 'EchoService',
  // `null` means "not given" (the default name, or none).
  shownName: (props) => header(nameOf(props) ?? 'echo-service'),
  judge(props, perturbed = []) {
    return judge('EchoService', this.shownName(props), () => buildEchoService(props), () => [], () => checkOptions(props), { props, perturbed });
  },
};

export const MESH: FuzzedConstruct<HeadlessMeshServiceProps> = {
  construct: 'HeadlessMeshService',
  shownName: (props) => header(nameOf(props) ?? undefined),
  judge(props, perturbed = []) {
    return judge(
      'HeadlessMeshService',
      this.shownName(props),
      () => buildHeadlessMeshService(props),
      (built: Built) => [workloadObjectFor(props, built)],
      () => checkOptions(props),
      { props, perturbed },
    );
  },
};

export const ENVOY: FuzzedConstruct<EnvoyDirectPodsProps> = {
  construct: 'EnvoyDirectPods',
  shownName: (props) => header(nameOf(props) ?? 'envoy-proxy-istio-style'),
  judge(props, perturbed = []) {
    return judge('EnvoyDirectPods', this.shownName(props), () => buildEnvoyDirectPods(props), () => [], () => ({}), { props, perturbed });
  },
};
