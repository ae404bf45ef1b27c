import { rule } from '../../lib/rules/checks/ID705-bind-address-unreachable';
import { addressKind, splitAddress, withWildcard } from '../../lib/rules/checks/helpers/binds';
import { docs, sts, svc } from './app-fixture';
import { findings, optionsFor, runRule, where } from './helpers';

const IP = '{ name: POD_IP, valueFrom: { fieldRef: { fieldPath: status.podIP } } }';

describe('ID705 bind-address-unreachable', () => {
  it('is a warning with a stable code and name, run on every Istio release', () => {
    expect([rule.code, rule.name, rule.severity, rule.istioVersions]).toEqual(['ID705', 'bind-address-unreachable', 'warning', {}]);
  });

  describe('from Istio 1.10: loopback-only binds', () => {
    const redis = (args: string, ports = '[{ containerPort: 6379 }, { containerPort: 16379 }]') =>
      docs(sts({ name: 'redis', image: 'redis:7.4', ports, extra: `\n          args: ${args}` }), svc('redis-headless', '[{ name: tcp-redis, port: 6379 }, { name: tcp-bus, port: 16379 }]'));

    it('reports a Redis Cluster bound to 127.0.0.1 on its data and bus ports, as an error, with the value to use', () => {
      const found = runRule(rule, redis('[--cluster-enabled, "yes", --bind, 127.0.0.1]'));
      expect(found.map(where)).toEqual(['StatefulSet apps/redis spec.template.spec.containers[0].args[2]']);
      expect(found[0].severity).toBe('error');
      expect(found[0].message).toContain('binds ports 6379, 16379 to loopback only (--bind "127.0.0.1")');
      expect(found[0].message).toContain('from Istio 1.10 inbound traffic reaches the app at the pod IP');
      expect(found[0].message).toContain('bind to all addresses: set --bind to "0.0.0.0"');
      expect(found[0].message).toContain('defaultEndpoint 127.0.0.1:6379');
    });

    it('reads flags inside a shell script, --flag=value, and env URLs with ports (etcd, Kafka listeners)', () => {
      const etcd = docs(
        sts({ name: 'etcd', image: 'quay.io/coreos/etcd:v3.5.21', ports: '[{ containerPort: 2379 }, { containerPort: 2380 }]', extra: '\n          command: [sh, -c, "exec etcd --listen-peer-urls=http://127.0.0.1:2380 --listen-client-urls http://0.0.0.0:2379"]' }),
        svc('etcd-headless', '[{ name: tcp-client, port: 2379 }, { name: tcp-peer, port: 2380 }]'),
      );
      const found = runRule(rule, etcd);
      expect(found.map(where)).toEqual(['StatefulSet apps/etcd spec.template.spec.containers[0].command[2]']);
      expect(found[0].message).toContain('set --listen-peer-urls to "http://0.0.0.0:2380"');
      const kafka = docs(
        sts({ name: 'kafka', image: 'apache/kafka:3.9.1', ports: '[{ containerPort: 9092 }, { containerPort: 9093 }]', extra: '\n          env: [{ name: KAFKA_LISTENERS, value: "PLAINTEXT://localhost:9092,CONTROLLER://:9093" }, { name: KAFKA_ADVERTISED_LISTENERS, value: "PLAINTEXT://localhost:9092" }]' }),
        svc('kafka-headless', '[{ name: tcp-client, port: 9092 }, { name: tcp-controller, port: 9093 }]'),
      );
      const k = runRule(rule, kafka);
      expect(k.map(where)).toEqual(['StatefulSet apps/kafka spec.template.spec.containers[0].env[0].value']);
      expect(k[0].severity).toBe('warning');
      expect(k[0].message).toContain('binds port 9092 to loopback only');
      expect(k[0].message).toContain('set KAFKA_LISTENERS to "PLAINTEXT://0.0.0.0:9092,CONTROLLER://:9093"');
    });

    it('maps app settings without a port to the app\'s ports: Elasticsearch network.host, Cassandra listen address', () => {
      const es = docs(
        sts({ name: 'es', image: 'docker.elastic.co/elasticsearch/elasticsearch:8.17.0', ports: '[{ containerPort: 9200 }, { containerPort: 9300 }]', extra: '\n          env: [{ name: network.host, value: _local_ }]' }),
        svc('es-headless', '[{ name: tcp-http, port: 9200 }, { name: tcp-transport, port: 9300 }]'),
      );
      expect(runRule(rule, es)[0].message).toContain('binds ports 9200, 9300 to loopback only (network.host "_local_")');
      const cassandra = docs(
        sts({ name: 'cassandra', image: 'cassandra:5.0', ports: '[{ containerPort: 7000 }, { containerPort: 9042 }]', extra: '\n          env: [{ name: CASSANDRA_LISTEN_ADDRESS, value: localhost }]' }),
        svc('cassandra-headless', '[{ name: tcp-intra, port: 7000 }, { name: tcp-cql, port: 9042 }]'),
      );
      const c = runRule(rule, cassandra);
      expect(c[0].severity).toBe('error');
      expect(c[0].message).toContain('set CASSANDRA_LISTEN_ADDRESS to "$(POD_IP)"');
    });

    it('reports generic binds only on a port a Service exposes, and only when the port is known', () => {
      const web = (bind: string, ports: string, service = '[{ name: http, port: 8080 }]') =>
        docs(sts({ name: 'web', image: 'example/web:1', ports, extra: `\n          args: [${bind}]` }), svc('web-headless', service));
      expect(runRule(rule, web('"--bind=127.0.0.1"', '[{ containerPort: 8080 }]')).map(where)).toEqual(['StatefulSet apps/web spec.template.spec.containers[0].args[0]']);
      expect(runRule(rule, web('"--web.listen-address=127.0.0.1:8080"', '[{ containerPort: 8080 }, { containerPort: 9090 }]'))).toHaveLength(1);
      // Two container ports and no port in the value: which port the bind is for is not known.
      expect(runRule(rule, web('"--bind=127.0.0.1"', '[{ containerPort: 8080 }, { containerPort: 9090 }]'))).toEqual([]);
      // A loopback admin port no Service exposes is fine.
      expect(runRule(rule, web('"--metrics-bind-address=127.0.0.1:9090"', '[{ containerPort: 8080 }, { containerPort: 9090 }]'))).toEqual([]);
      // A named target port is resolved.
      expect(runRule(rule, web('"--listen=localhost:8080"', '[{ name: http, containerPort: 8080 }]', '[{ name: http, port: 80, targetPort: http }]'))).toHaveLength(1);
    });

    it('leaves alone a port also bound elsewhere, the pod IP, wildcard binds, pods without sidecar and ports a Sidecar sends to loopback', () => {
      const base = (args: string) => docs(sts({ name: 'redis', image: 'redis:7.4', ports: '[{ containerPort: 6379 }]', extra: `\n          env: [${IP}]\n          args: ${args}` }), svc('redis-headless', '[{ name: tcp-redis, port: 6379 }]'));
      expect(runRule(rule, base('[--bind, "127.0.0.1,$(POD_IP)"]'))).toEqual([]);
      expect(runRule(rule, base('[--bind, "$(POD_IP)"]'))).toEqual([]);
      expect(runRule(rule, base('[--bind, "0.0.0.0"]'))).toEqual([]);
      const off = `apiVersion: v1\nkind: Namespace\nmetadata: { name: apps, labels: { istio-injection: disabled } }\n---\n${base('[--bind, 127.0.0.1]')}`;
      expect(runRule(rule, off)).toEqual([]);
      const sidecar = 'apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: { name: redis, namespace: apps }\nspec:\n  workloadSelector: { labels: { app: redis } }\n  ingress:\n    - { port: { number: 6379, protocol: TCP, name: tcp-redis }, defaultEndpoint: "127.0.0.1:6379" }';
      expect(runRule(rule, docs(base('[--bind, 127.0.0.1]'), sidecar))).toEqual([]);
    });

    it('in ambient mode says that no Sidecar can help', () => {
      const ambient = `apiVersion: v1\nkind: Namespace\nmetadata: { name: apps, labels: { istio.io/dataplane-mode: ambient } }\n---\n${docs(sts({ name: 'web', image: 'example/web:1', ports: '[{ containerPort: 8080 }]', extra: '\n          args: ["--listen-address=127.0.0.1:8080"]' }), svc('web-headless', '[{ name: tcp, port: 8080 }]'))}`;
      const found = runRule(rule, ambient);
      expect(found[0].message).toContain('in ambient mode inbound traffic reaches the app at the pod IP');
      expect(found[0].message).toContain('no Sidecar resource can forward to loopback');
    });
  });

  describe('before Istio 1.10: pod-IP-only binds', () => {
    const old = optionsFor('1.9');

    it('reports an explicit pod-IP bind, and not a loopback one', () => {
      const etcd = (peer: string) =>
        docs(
          sts({ name: 'etcd', image: 'quay.io/coreos/etcd:v3.4.34', ports: '[{ containerPort: 2379 }, { containerPort: 2380 }]', extra: `\n          env: [${IP}]\n          args: ["--listen-peer-urls=${peer}"]` }),
          svc('etcd-headless', '[{ name: tcp-client, port: 2379 }, { name: tcp-peer, port: 2380 }]'),
        );
      const found = runRule(rule, etcd('http://$(POD_IP):2380'), old);
      expect(found.map(where)).toEqual(['StatefulSet apps/etcd spec.template.spec.containers[0].args[0]']);
      expect(found[0].severity).toBe('error');
      expect(found[0].message).toContain('before Istio 1.10 the sidecar forwards inbound traffic to 127.0.0.1');
      expect(found[0].message).toContain('or target Istio 1.10 or later');
      expect(found[0].message).toContain('set --listen-peer-urls to "http://0.0.0.0:2380"');
      expect(runRule(rule, etcd('http://127.0.0.1:2380'), old)).toEqual([]);
      expect(runRule(rule, etcd('http://$(POD_IP):2380'))).toEqual([]);
    });

    it('reports ZooKeeper without quorumListenOnAllIPs=true, naming the image\'s setting', () => {
      const zk = (image: string, env = '[]', annotations = '') =>
        docs(
          sts({ name: 'zk', image, ports: '[{ containerPort: 2181 }, { containerPort: 2888 }, { containerPort: 3888 }]', extra: `\n          env: ${env}` }).replace('labels: { app: zk } }', `labels: { app: zk }${annotations} }`),
          svc('zk-headless', '[{ name: tcp-client, port: 2181 }]'),
        );
      const official = runRule(rule, zk('zookeeper:3.9'), old);
      expect(official.map(where)).toEqual(['StatefulSet apps/zk spec.template.spec.containers[0]']);
      expect(official[0].message).toContain('set env ZOO_CFG_EXTRA=quorumListenOnAllIPs=true');
      expect(runRule(rule, zk('bitnami/zookeeper:3.9'), old)[0].message).toContain('set env ZOO_LISTEN_ALLIPS_ENABLED=yes');
      expect(runRule(rule, zk('zookeeper:3.9', '[{ name: ZOO_CFG_EXTRA, value: "quorumListenOnAllIPs=true" }]'), old)).toEqual([]);
      expect(runRule(rule, zk('bitnami/zookeeper:3.9', '[{ name: ZOO_LISTEN_ALLIPS_ENABLED, value: "yes" }]'), old)).toEqual([]);
      expect(runRule(rule, zk('zookeeper:3.9', '[]', ', annotations: { traffic.sidecar.istio.io/excludeInboundPorts: "2888,3888" }'), old)).toEqual([]);
      expect(runRule(rule, zk('zookeeper:3.9'))).toEqual([]);
    });

    it('reports Cassandra\'s intra-node port unless excluded from the sidecar', () => {
      const c = docs(sts({ name: 'cassandra', image: 'cassandra:3.11', ports: '[{ containerPort: 7000 }, { containerPort: 9042 }]' }), svc('cassandra-headless', '[{ name: tcp-intra, port: 7000 }]'));
      const found = runRule(rule, c, old);
      expect(found.map(where)).toEqual(['StatefulSet apps/cassandra spec.template.spec.containers[0]']);
      expect(found[0].message).toContain('traffic.sidecar.istio.io/excludeInboundPorts: "7000,7001"');
      // An explicit pod-IP listen address is read as a setting, once, and never told to become 0.0.0.0.
      const explicit = docs(
        sts({ name: 'cassandra', image: 'cassandra:3.11', ports: '[{ containerPort: 7000 }]', extra: `\n          env: [${IP}, { name: CASSANDRA_LISTEN_ADDRESS, value: $(POD_IP) }]` }),
        svc('cassandra-headless', '[{ name: tcp-intra, port: 7000 }]'),
      );
      const e = runRule(rule, explicit, old);
      expect(e.map(where)).toEqual(['StatefulSet apps/cassandra spec.template.spec.containers[0].env[1].value']);
      expect(e[0].message).toContain('target Istio 1.10 or later, or exclude the port from the sidecar: pod annotation traffic.sidecar.istio.io/excludeInboundPorts: "7000"');
      expect(e[0].message).not.toContain('0.0.0.0"');
    });

    it('runs through the engine with the targeted version', () => {
      const zk = docs(sts({ name: 'zk', image: 'zookeeper:3.4', ports: '[{ containerPort: 2888 }]' }), svc('zk-headless', '[{ name: tcp-quorum, port: 2888 }]'));
      expect(findings(rule, zk, { istioVersion: '1.9' }).map((f) => f.severity)).toEqual(['error']);
      expect(findings(rule, zk, { istioVersion: '1.10' })).toEqual([]);
    });
  });

  it('reads addresses in their usual spellings', () => {
    expect(splitAddress('[::1]:2379')).toEqual({ host: '::1', port: 2379 });
    expect(splitAddress('CLIENT://:9092')).toEqual({ host: '', port: 9092 });
    expect(splitAddress('-::1')).toEqual({ host: '::1' });
    expect(splitAddress('http://127.0.0.1:2380/')).toEqual({ host: '127.0.0.1', port: 2380 });
    expect(['127.0.0.2', 'localhost', '::1', '_local_', '0.0.0.0', '::', '', '10.1.2.3', '$(POD_IP)', '${POD_IP}', '$POD_IP', 'db.example', '$(OTHER)'].map((h) => addressKind(h, ['POD_IP']))).toEqual([
      'loopback', 'loopback', 'loopback', 'loopback', 'wildcard', 'wildcard', 'wildcard', 'pod-ip', 'pod-ip', 'pod-ip', 'pod-ip', 'other', 'other',
    ]);
    expect(withWildcard('127.0.0.1 -::1', 'loopback')).toBe('0.0.0.0 -::');
  });
});
