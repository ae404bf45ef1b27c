/**
 * Apache Kafka in KRaft mode, every pod a broker and a controller (combined mode,
 * https://kafka.apache.org/documentation/#kraft_role). Three listeners on the
 * Bitnami chart's ports: CLIENT 9092, CONTROLLER 9093, INTERNAL 9094 (inter-broker).
 * Every listener advertises the pod's per-pod DNS name: an advertised pod IP
 * works only while the IP does, and clients outside the Service's namespace
 * cannot tell which Service a bare IP belongs to.
 * The official image (apache/kafka, 3.7+) reads `KAFKA_<KEY>` for each
 * server.properties key, dots as underscores, and `CLUSTER_ID`
 * (`docker/examples/README.md` in apache/kafka).
 */
import { Problems, show } from '../errors';
import { AppSetting } from './types';
import { envSetting, evenQuorumWarning, ownPodFqdn, RecipeBody, RecipeContext, RecipeDefinition, tcpPort } from './context';

/** Kafka's listener ports (the Bitnami chart's defaults). */
export const KAFKA_CLIENT_PORT = 9092;
export const KAFKA_CONTROLLER_PORT = 9093;
export const KAFKA_INTERNAL_PORT = 9094;

const CLUSTER_ID = /^[A-Za-z0-9_-]{22}$/;

/** `advertised.listeners` -> `KAFKA_ADVERTISED_LISTENERS`. */
function kafkaSetting(key: string, value: string, why: string): AppSetting {
  return envSetting(key, `KAFKA_${key.toUpperCase().replace(/\./g, '_')}`, value, why);
}

function build(p: Problems, field: string, o: Readonly<Record<string, unknown>>, ctx: RecipeContext): RecipeBody | undefined {
  const id = o.clusterId;
  if (typeof id !== 'string' || !CLUSTER_ID.test(id)) {
    const what = 'a cluster ID of 22 URL-safe base64 characters, as `kafka-storage.sh random-uuid` prints (e.g. "MkU3OEVBNTcwNTJENDM2Qk")';
    p.add(`${field}.clusterId`, id === undefined ? `is required: ${what}` : `${show(id)} is not ${what}`);
    return undefined;
  }
  const self = ownPodFqdn(ctx);
  const voters = ctx.podFqdns.map((fqdn, i) => `${i}@${fqdn}:${KAFKA_CONTROLLER_PORT}`).join(',');
  const warning = evenQuorumWarning('KRaft controller', ctx.replicas, 'https://kafka.apache.org/documentation/#kraft_voter');
  return {
    assumes:
      'apache/kafka 3.7 or later (reads KAFKA_<KEY> and CLUSTER_ID), KRaft combined mode, plaintext listeners since Istio mTLS encrypts them; ' +
      'node.id comes from the pod-index label (Kubernetes 1.28+)',
    podManagementPolicy: 'Parallel',
    downward: ['POD_NAME', 'POD_INDEX'],
    settings: [
      envSetting('cluster.id', 'CLUSTER_ID', id, 'every node must be formatted with the same cluster ID'),
      kafkaSetting('node.id', '$(POD_INDEX)', 'the pod\'s ordinal, matching its entry in controller.quorum.voters'),
      kafkaSetting('process.roles', 'broker,controller', 'combined mode: each pod is a broker and a KRaft voter'),
      kafkaSetting(
        'listeners',
        `CLIENT://:${KAFKA_CLIENT_PORT},CONTROLLER://:${KAFKA_CONTROLLER_PORT},INTERNAL://:${KAFKA_INTERNAL_PORT}`,
        'bind every interface: sidecars forward inbound traffic to the pod IP (Istio 1.10+), never to localhost',
      ),
      kafkaSetting(
        'advertised.listeners',
        `CLIENT://${self}:${KAFKA_CLIENT_PORT},INTERNAL://${self}:${KAFKA_INTERNAL_PORT}`,
        'clients and brokers dial what a broker advertises: the per-pod name, on a tcp port of the headless Service, gets mTLS from their sidecar',
      ),
      kafkaSetting('listener.security.protocol.map', 'CLIENT:PLAINTEXT,CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT', 'names the three listeners'),
      kafkaSetting('inter.broker.listener.name', 'INTERNAL', 'replication uses its own listener and port'),
      kafkaSetting('controller.listener.names', 'CONTROLLER', 'the KRaft quorum listener'),
      kafkaSetting('controller.quorum.voters', voters, 'every voter by its per-pod name, so the quorum forms without pod IPs'),
    ],
    warnings: warning === undefined ? [] : [warning],
  };
}

/** The Kafka (KRaft) recipe. */
export const kafkaRecipe: RecipeDefinition = {
  app: 'kafka',
  title: 'Kafka',
  optionKeys: ['clusterId'],
  images: ['apache/kafka', 'apache/kafka-native', 'bitnami/kafka', 'bitnamilegacy/kafka', 'confluentinc/cp-kafka', 'strimzi/kafka'],
  ports: [
    tcpPort('tcp-client', KAFKA_CLIENT_PORT, 'pod-name', 'clients, redirected to the advertised per-pod name of each partition leader'),
    tcpPort('tcp-controller', KAFKA_CONTROLLER_PORT, 'pod-name', 'KRaft controller quorum'),
    tcpPort('tcp-interbroker', KAFKA_INTERNAL_PORT, 'pod-name', 'inter-broker replication'),
  ],
  wellKnownPorts: [KAFKA_CONTROLLER_PORT],
  build,
};
