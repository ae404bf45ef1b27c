/** Envoy bootstraps, standalone or in ConfigMap data keys, as the index sees them. */
import { bootstrapsInConfigMap } from '../core/envoy/detect';
import { BOOTSTRAP_KIND } from './manifest';
import { child } from '../base/paths';
import { EnvoyBootstrapInfo, EnvoyClusterInfo, ManifestObject } from './types';
import { routesOf } from './index-envoy-routes';
import { arrayOf, isRecord, portOf, protoField, stringOf } from './values';

/** A bootstrap before the Envoy pods that mount it are known. */
export type BootstrapWithoutWorkloads = Omit<EnvoyBootstrapInfo, 'workloads'>;

/** Every bootstrap an object holds: itself when standalone, or those in a ConfigMap's `data`. */
export function bootstrapsOf(object: ManifestObject): BootstrapWithoutWorkloads[] {
  if (object.kind === BOOTSTRAP_KIND && object.apiVersion === '') {
    return [bootstrapInfo(object, undefined, '', object.raw)];
  }
  if (object.kind !== 'ConfigMap' || object.apiVersion !== 'v1') return [];
  const out: BootstrapWithoutWorkloads[] = [];
  for (const found of safeBootstrapsIn(object.raw.data)) {
    if ('value' in found && isRecord(found.value)) {
      out.push(bootstrapInfo(object, found.key, child('data', found.key), found.value));
    }
  }
  return out;
}

function safeBootstrapsIn(data: unknown): ReturnType<typeof bootstrapsInConfigMap> {
  try {
    return bootstrapsInConfigMap(data);
  } catch {
    // A data value the YAML parser cannot take (e.g. nested too deeply): the schema validation reports it.
    return [];
  }
}

function socketAddress(address: unknown): { address?: string; port?: number } | undefined {
  const socket = protoField(address, 'socket_address');
  if (!isRecord(socket)) return undefined;
  const host = stringOf(socket.address);
  const port = portOf(protoField(socket, 'port_value'));
  return { ...(host !== undefined ? { address: host } : {}), ...(port !== undefined ? { port } : {}) };
}

function bootstrapInfo(object: ManifestObject, key: string | undefined, path: string, bootstrap: Readonly<Record<string, unknown>>): BootstrapWithoutWorkloads {
  const adminPath = child(child(child(path, 'admin'), 'address'), 'socket_address');
  const admin = socketAddress(protoField(protoField(bootstrap, 'admin'), 'address'));
  const resources = protoField(bootstrap, 'static_resources');
  const resourcesPath = child(path, 'static_resources');
  return {
    object,
    ...(key !== undefined ? { key } : {}),
    path,
    bootstrap,
    ...(admin?.address !== undefined ? { admin: { address: admin.address, ...(admin.port !== undefined ? { port: admin.port } : {}), path: adminPath } } : {}),
    clusters: clustersOf(protoField(resources, 'clusters'), child(resourcesPath, 'clusters')),
    listeners: listenersOf(protoField(resources, 'listeners'), child(resourcesPath, 'listeners')),
    routes: routesOf(bootstrap, path),
  };
}

function clustersOf(clusters: unknown, path: string): EnvoyClusterInfo[] {
  const out: EnvoyClusterInfo[] = [];
  arrayOf(clusters).forEach((cluster, i) => {
    if (!isRecord(cluster)) return;
    const at = child(path, i);
    const custom = stringOf(protoField(protoField(cluster, 'cluster_type'), 'name'));
    out.push({
      name: stringOf(cluster.name) ?? '',
      // Envoy's discovery type defaults to STATIC (envoy/config/cluster/v3/cluster.proto).
      type: custom ?? stringOf(cluster.type) ?? 'STATIC',
      endpoints: endpointsOf(protoField(cluster, 'load_assignment'), child(at, 'load_assignment')),
      path: at,
      raw: cluster,
    });
  });
  return out;
}

/** The socket addresses of `load_assignment.endpoints[].lb_endpoints[]`, with their paths (`child` of each step, written out). */
function endpointsOf(assignment: unknown, path: string): EnvoyClusterInfo['endpoints'][number][] {
  const out: Array<EnvoyClusterInfo['endpoints'][number]> = [];
  const localities = protoField(assignment, 'endpoints', 'endpoints');
  if (!Array.isArray(localities)) return out;
  for (let l = 0; l < localities.length; l++) {
    const lbEndpoints = protoField(localities[l], 'lb_endpoints', 'lbEndpoints');
    if (Array.isArray(lbEndpoints)) addLbEndpoints(lbEndpoints, `${child(child(path, 'endpoints'), l)}.lb_endpoints[`, out);
  }
  return out;
}

/** Adds the socket addresses of one locality's `lb_endpoints` (a loop of its own, which the JIT compiles alone). */
function addLbEndpoints(lbEndpoints: readonly unknown[], prefix: string, out: Array<EnvoyClusterInfo['endpoints'][number]>): void {
  for (let e = 0; e < lbEndpoints.length; e++) {
    const address = protoField(protoField(lbEndpoints[e], 'endpoint', 'endpoint'), 'address', 'address');
    const socket = protoField(address, 'socket_address', 'socketAddress');
    if (!isRecord(socket)) continue;
    const host = stringOf(socket.address);
    const port = portOf(protoField(socket, 'port_value', 'portValue'));
    if (host !== undefined && port !== undefined) {
      out.push({ address: host, port, path: `${prefix}${e}].endpoint.address.socket_address` });
    }
  }
}

function listenersOf(listeners: unknown, path: string): EnvoyBootstrapInfo['listeners'][number][] {
  const out: Array<EnvoyBootstrapInfo['listeners'][number]> = [];
  arrayOf(listeners).forEach((listener, i) => {
    if (!isRecord(listener)) return;
    const name = stringOf(listener.name);
    const socket = socketAddress(listener.address);
    out.push({
      ...(name !== undefined ? { name } : {}),
      ...(socket?.address !== undefined ? { address: socket.address } : {}),
      ...(socket?.port !== undefined ? { port: socket.port } : {}),
      path: child(path, i),
    });
  });
  return out;
}
