/**
 * Elasticsearch and OpenSearch: HTTP 9200 and transport 9300. A host name
 * given as publish host "is resolved once at startup and other nodes use the
 * IP" (`docs/reference/modules/network.asciidoc` in elastic/elasticsearch), and
 * clients that sniff nodes call their HTTP publish addresses, so both ports are
 * reached by pod IP: `tcp` on the headless Service, 9200 too (an `http` name
 * breaks pod-IP calls, https://github.com/istio/istio/issues/22220).
 * Every node is master-eligible here. The official images
 * (docker.elastic.co/elasticsearch/elasticsearch 8.x, opensearchproject/opensearch 2.x)
 * read settings from environment variables named like the settings
 * (https://www.elastic.co/guide/en/elasticsearch/reference/current/docker.html).
 */
import { Problems } from '../errors';
import { checkString } from '../validate';
import { envSetting, RecipeBody, RecipeContext, RecipeDefinition, tcpPort } from './context';
import { RecipeApp } from './types';

export const SEARCH_HTTP_PORT = 9200;
export const SEARCH_TRANSPORT_PORT = 9300;

function builder(product: 'Elasticsearch' | 'OpenSearch', initialMasters: string) {
  return (p: Problems, field: string, o: Readonly<Record<string, unknown>>, ctx: RecipeContext): RecipeBody | undefined => {
    const clusterName = o.clusterName ?? ctx.statefulSet;
    if (!checkString(p, `${field}.clusterName`, clusterName, 253)) return undefined;
    const names = ctx.podFqdns.map((_, i) => `${ctx.statefulSet}-${i}`).join(',');
    return {
      assumes:
        product === 'Elasticsearch'
          ? 'docker.elastic.co/elasticsearch/elasticsearch 8.x, every node master-eligible; its security (TLS, passwords) settings are yours'
          : 'opensearchproject/opensearch 2.x, every node cluster-manager-eligible; its security plugin settings are yours',
      podManagementPolicy: 'Parallel',
      downward: ['POD_NAME'],
      settings: [
        envSetting('node.name', 'node.name', '$(POD_NAME)', `matches the names in ${initialMasters}`),
        envSetting('cluster.name', 'cluster.name', clusterName as string, 'every node of the cluster must agree on it'),
        envSetting('network.bind_host', 'network.bind_host', '0.0.0.0', 'sidecars forward inbound traffic to the pod IP (Istio 1.10+): never bind localhost only'),
        envSetting('network.publish_host', 'network.publish_host', `$(POD_NAME).${ctx.serviceFqdn}`, 'resolved to the pod IP at start; peers then call that IP on the tcp ports of the headless Service'),
        envSetting('discovery.seed_hosts', 'discovery.seed_hosts', ctx.podFqdns.join(','), 'seeds by per-pod name, resolvable before they are ready'),
        envSetting(initialMasters, initialMasters, names, 'the first election\'s voters (used once, when the cluster bootstraps)'),
      ],
      warnings: [],
    };
  };
}

function searchRecipe(app: RecipeApp, product: 'Elasticsearch' | 'OpenSearch', initialMasters: string, images: readonly string[]): RecipeDefinition {
  return {
    app,
    title: product,
    optionKeys: ['clusterName'],
    images,
    ports: [
      tcpPort('tcp-rest-api', SEARCH_HTTP_PORT, 'pod-ip', 'REST API (clients that sniff call node IPs)', true),
      tcpPort('tcp-transport', SEARCH_TRANSPORT_PORT, 'pod-ip', 'transport between nodes'),
    ],
    wellKnownPorts: [SEARCH_TRANSPORT_PORT],
    build: builder(product, initialMasters),
  };
}

/** The Elasticsearch recipe. */
export const elasticsearchRecipe = searchRecipe('elasticsearch', 'Elasticsearch', 'cluster.initial_master_nodes', [
  'elasticsearch/elasticsearch',
  'elastic/elasticsearch',
  'bitnami/elasticsearch',
  'bitnamilegacy/elasticsearch',
  'elasticsearch',
]);

/** The OpenSearch recipe. */
export const openSearchRecipe = searchRecipe('opensearch', 'OpenSearch', 'cluster.initial_cluster_manager_nodes', [
  'opensearchproject/opensearch',
  'bitnami/opensearch',
  'bitnamilegacy/opensearch',
]);
