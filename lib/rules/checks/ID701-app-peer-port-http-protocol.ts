/**
 * ID701 app-peer-port-http-protocol: a Service gives a port of a recognised
 * stateful app (every app with a recipe: etcd, Kafka, Redis Cluster, Redis Sentinel, ZooKeeper,
 * Cassandra, Elasticsearch, OpenSearch, NATS, CockroachDB, RabbitMQ) an HTTP-class protocol
 * (`http`, `http2`, `grpc`, ...), by `appProtocol` or by its name.
 *
 * Istio then parses the port's traffic as HTTP
 * (https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/).
 * Kafka, Redis, ZooKeeper, Cassandra, NATS, RabbitMQ and CockroachDB (pgwire beside
 * gRPC: cockroachdb/cockroach#19667) speak protocols the HTTP codec rejects. On a headless Service an HTTP-class port also gets
 * no per-pod listener, only a `0.0.0.0:<port>` listener routed by Host, so
 * traffic to a pod IP falls to plaintext passthrough (`pilot/pkg/networking/core/listener.go`
 * in istio/istio; https://istio.io/latest/docs/ops/common-problems/network-issues/#503-error-while-accessing-headless-services):
 * Redis Cluster's bus and redirects use pod IPs. For HTTP and gRPC ports
 * (etcd, the search engines' REST API, CockroachDB's console) only the pod-IP
 * callers break: an error where the app itself calls by pod IP (Elasticsearch
 * sniffing, https://github.com/istio/istio/issues/22220), else a warning. The recipe ports are in
 * `lib/core/recipes`.
 */
import { show } from '../../core/errors';
import { isHttpClass } from '../../core/protocols';
import { RecipePort } from '../../core/recipes';
import { Rule, RuleSeverity, ServiceInfo, ServicePortInfo, WorkloadInfo } from '../types';
import { appsOf } from './helpers/apps';
import { portTargeting } from './helpers/peers';

function severityOf(port: RecipePort, service: ServiceInfo): RuleSeverity | undefined {
  if (!port.httpBased) return 'error';
  if (!service.headless) return undefined;
  return port.reachedBy === 'pod-ip' ? 'error' : 'warning';
}

function messageOf(title: string, set: WorkloadInfo, rp: RecipePort, service: ServiceInfo, port: ServicePortInfo): string {
  const declared = port.appProtocol !== undefined ? `appProtocol ${show(port.appProtocol)}` : `name ${show(port.name ?? '')}`;
  const why = rp.httpBased
    ? `the port's pod-IP callers get no per-pod listener on headless Service ${service.name} and fall to plaintext passthrough, which a STRICT peer resets`
    : `${title} speaks its own binary protocol there, which Istio's HTTP codec rejects${service.headless ? ', and pod-IP callers get no per-pod listener at all' : ''}`;
  return (
    `Service ${service.name} port ${port.port} (pod port ${rp.port} of ${set.kind} ${set.name}) carries ${title}'s ${rp.purpose}, but its ${declared} makes it ${port.istioProtocol} for Istio: ` +
    `${why}; set appProtocol: tcp (and name it ${show(rp.name)})`
  );
}

export const rule: Rule = {
  code: 'ID701',
  name: 'app-peer-port-http-protocol',
  title: 'A port of a recognised stateful app (etcd, Kafka, Redis, ZooKeeper, Cassandra, Elasticsearch, OpenSearch, NATS, CockroachDB, RabbitMQ) is HTTP-class for Istio',
  severity: 'error',
  istioVersions: {},
  check(index, _options, report) {
    const reported = new Set<string>();
    for (let i = 0; i < index.workloads.length; i++) {
      const set = index.workloads[i];
      if (set.kind !== 'StatefulSet' || set.sidecar === 'not-injected' || set.ambient) continue;
      for (const { def } of appsOf(set)) {
        for (const service of index.servicesSelecting(set)) {
          for (const rp of def.ports) {
            const port = portTargeting(service, set, rp.port);
            const severity = port === undefined || !isHttpClass(port.istioProtocol) ? undefined : severityOf(rp, service);
            if (port === undefined || severity === undefined) continue;
            const key = `${service.namespace}/${service.name}/${port.index}`;
            if (reported.has(key)) continue;
            reported.add(key);
            const path = `${port.path}.${port.appProtocol !== undefined ? 'appProtocol' : 'name'}`;
            report(service.object, path, messageOf(def.title, set, rp, service, port), severity);
          }
        }
      }
    }
  },
};
