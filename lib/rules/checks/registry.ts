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
import { selectsNothing } from './ID501-selects-nothing';
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
  selectsNothing,
  duplicateObject,
  suppressionWithoutReason,
];
