import { parse } from 'yaml';
import { KubeObject } from '../../lib/core/types';

/** The one object of `kind` (and `name`, when given) in `objects`; fails when absent or ambiguous. */
export function findObject(objects: readonly any[], kind: string, name?: string): any {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  if (found.length !== 1) {
    throw new Error(`expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}`);
  }
  return found[0];
}

/** The Envoy bootstrap inside a ConfigMap, parsed. */
export function envoyConfigOf(configMap: KubeObject | any): any {
  return parse(configMap.data['envoy.yaml']);
}

/** The cluster called `name` in a bootstrap. */
export function clusterOf(bootstrap: any, name: string): any {
  const cluster = bootstrap.static_resources.clusters.find((c: any) => c.name === name);
  if (!cluster) {
    throw new Error(`no cluster ${name}`);
  }
  return cluster;
}

/** The first route of the traffic listener. */
export function trafficRouteOf(bootstrap: any): any {
  const listener = bootstrap.static_resources.listeners.find((l: any) => l.name === 'ingress_http');
  return listener.filter_chains[0].filters[0].typed_config.route_config.virtual_hosts[0].routes[0];
}
