/** Envoy bootstraps, standalone or in ConfigMap data keys, as the index sees them. */
import { bootstrapsInConfigMap } from '../validate/envoy/detect';
import { BOOTSTRAP_KIND } from './manifest';
import { child } from './paths';
import { EnvoyBootstrapInfo, EnvoyClusterInfo, ManifestObject } from './types';
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

function endpointsOf(assignment: unknown, path: string): EnvoyClusterInfo['endpoints'][number][] {
  const out: Array<EnvoyClusterInfo['endpoints'][number]> = [];
  arrayOf(protoField(assignment, 'endpoints')).forEach((locality, l) => {
    arrayOf(protoField(locality, 'lb_endpoints')).forEach((lb, e) => {
      const socket = socketAddress(protoField(protoField(lb, 'endpoint'), 'address'));
      if (socket?.address === undefined || socket.port === undefined) return;
      const at = child(child(child(child(child(child(path, 'endpoints'), l), 'lb_endpoints'), e), 'endpoint'), 'address');
      out.push({ address: socket.address, port: socket.port, path: child(at, 'socket_address') });
    });
  });
  return out;
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
