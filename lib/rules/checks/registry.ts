/** Every rule of this build, in code order; `docs/rules/<code>.md` documents each. */
import { Rule } from '../types';
import { headlessTargetPort } from './ID101-headless-target-port';
import { rule as portProtocolUndeclared } from './ID102-port-protocol-undeclared';
import { rule as appProtocolUnrecognised } from './ID103-app-protocol-unrecognised';
import { rule as udpAppProtocolOnTcp } from './ID104-udp-app-protocol-on-tcp';
import { rule as headlessHttpPodIp } from './ID105-headless-http-pod-ip';
import { rule as conflictingPortProtocols } from './ID106-conflicting-port-protocols';
import { rule as targetPortNotExposed } from './ID107-target-port-not-exposed';
import { rule as statefulsetServiceName } from './ID201-statefulset-service-name';
import { rule as governingServiceNotReadyAddresses } from './ID202-governing-service-not-ready-addresses';
import { rule as headlessServiceWithoutPorts } from './ID203-headless-service-without-ports';
import { rule as statefulsetPeerPortUndeclared } from './ID204-statefulset-peer-port-undeclared';
import { rule as statefulsetPeerPortClusterIpOnly } from './ID205-statefulset-peer-port-clusterip-only';
import { rule as id301 } from './ID301-disable-without-destination-rule';
import { rule as id302 } from './ID302-port-level-mtls-not-container-port';
import { rule as id303 } from './ID303-port-level-mtls-without-selector';
import { rule as id304 } from './ID304-overlapping-peer-authentications';
import { rule as id305 } from './ID305-overlapping-sidecars';
import { rule as id306 } from './ID306-sidecar-ingress-drops-ports';
import { rule as id307 } from './ID307-ambient-unsupported';
import { rule as id308 } from './ID308-sidecar-port-protocol';
import { rule as id309 } from './ID309-root-namespace-selector-policy';
import { rule as id401 } from './ID401-envoy-admin-not-loopback';
import { rule as id402 } from './ID402-envoy-static-pod-ips';
import { rule as id403 } from './ID403-envoy-plaintext-to-strict-pods';
import { rule as id404 } from './ID404-envoy-route-unknown-cluster';
import { selectsNothing } from './ID501-selects-nothing';
import { rule as appPeerPortHttpProtocol } from './ID701-app-peer-port-http-protocol';
import { rule as quorumAppOrderedReady } from './ID702-quorum-app-ordered-ready';
import { rule as redisClusterAnnounceIp } from './ID703-redis-cluster-announce-ip';
import { rule as appAdvertisesPodIp } from './ID704-app-advertises-pod-ip';
import { duplicateObject } from './ID502-duplicate-object';
import { suppressionWithoutReason } from './ID503-suppression-without-reason';

/** The rules `check` and synth run, in code order. */
export const ALL_RULES: readonly Rule[] = [
  headlessTargetPort,
  portProtocolUndeclared,
  appProtocolUnrecognised,
  udpAppProtocolOnTcp,
  headlessHttpPodIp,
  conflictingPortProtocols,
  targetPortNotExposed,
  statefulsetServiceName,
  governingServiceNotReadyAddresses,
  headlessServiceWithoutPorts,
  statefulsetPeerPortUndeclared,
  statefulsetPeerPortClusterIpOnly,
  id301, id302, id303, id304, id305, id306, id307, id308, id309,
  id401, id402, id403, id404,
  selectsNothing, duplicateObject, suppressionWithoutReason,
  appPeerPortHttpProtocol, quorumAppOrderedReady, redisClusterAnnounceIp, appAdvertisesPodIp,
];
