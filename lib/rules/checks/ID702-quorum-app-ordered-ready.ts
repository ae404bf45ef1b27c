/**
 * ID702 quorum-app-ordered-ready: a StatefulSet of more than one replica runs
 * an app whose members become ready only with a quorum of peers (etcd,
 * ZooKeeper, Kafka in KRaft mode, CockroachDB, Elasticsearch and OpenSearch
 * master-eligible nodes) under `podManagementPolicy: OrderedReady`,
 * the default.
 *
 * OrderedReady creates pod N only when pod N-1 is Running and Ready
 * (https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#pod-management-policies).
 * The first member waits for a quorum whose other members are never created,
 * so a first start (or a restart of every pod) never completes; the Bitnami
 * charts of these apps set `Parallel`. Sidecars make the wait longer, not
 * shorter: a member's first peer connections fail until its proxy is ready.
 */
import { Rule } from '../types';
import { RecipeApp } from '../../core/recipes';
import { appsOf } from './helpers/apps';

/** Apps whose members become ready only with a quorum of peers. */
const QUORUM_APPS: readonly RecipeApp[] = ['etcd', 'zookeeper', 'kafka', 'cockroachdb', 'elasticsearch', 'opensearch'];

export const rule: Rule = {
  code: 'ID702',
  name: 'quorum-app-ordered-ready',
  title: 'A quorum app (etcd, ZooKeeper, Kafka KRaft, CockroachDB, Elasticsearch, OpenSearch) in a multi-replica StatefulSet with podManagementPolicy OrderedReady',
  severity: 'warning',
  istioVersions: {},
  check(index, _options, report) {
    for (let i = 0; i < index.workloads.length; i++) {
      const set = index.workloads[i];
      if (set.kind !== 'StatefulSet' || (set.replicas ?? 1) <= 1 || set.podManagementPolicy === 'Parallel') continue;
      const app = appsOf(set, QUORUM_APPS)[0];
      if (app === undefined) continue;
      const current = set.podManagementPolicy === undefined ? 'is not set (OrderedReady)' : `is ${set.podManagementPolicy}`;
      report(
        set.object,
        'spec.podManagementPolicy',
        `podManagementPolicy ${current}, but container ${JSON.stringify(app.container.name)} runs ${app.def.title}, whose members become ready only with a quorum: ` +
          `${set.name}-1 is created only once ${set.name}-0 is Ready, which never happens while ${set.name}-0 waits for its peers; set podManagementPolicy: Parallel`,
      );
    }
  },
};
