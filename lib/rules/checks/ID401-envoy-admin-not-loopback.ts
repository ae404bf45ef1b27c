/**
 * ID401: an Envoy bootstrap whose admin interface listens beyond loopback.
 * The admin interface is unauthenticated, exposes configuration and secrets
 * metadata, and has mutating endpoints (`/quitquitquit`, `/runtime_modify`,
 * `/healthcheck/fail`); Envoy's docs say to expose it only on a secure
 * network, optimally only on localhost
 * (https://www.envoyproxy.io/docs/envoy/latest/operations/admin).
 */
import { formatPath, joinPath } from '../../base/paths';
import { EnvoyBootstrapInfo, Rule, RuleReport } from '../types';
import { fieldPath, ipLiteral, isLoopback, isUnspecified } from './helpers/envoy-config';

export const rule: Rule = {
  code: 'ID401',
  name: 'envoy-admin-not-loopback',
  title: 'An Envoy bootstrap whose admin interface listens beyond loopback',
  severity: 'error',
  istioVersions: {},
  check(index, _options, report) {
    for (const bootstrap of index.envoyBootstraps) checkBootstrap(bootstrap, report);
  },
};

function checkBootstrap(bootstrap: EnvoyBootstrapInfo, report: RuleReport): void {
  const socket = fieldPath(bootstrap.bootstrap, ['admin', 'address', 'socket_address']);
  if (socket === undefined) return; // no admin server, or a pipe (Unix socket)
  const address = fieldPath(socket.value, ['address']);
  if (address === undefined || typeof address.value !== 'string') return;
  const written = address.value;
  if (isLoopback(written) || ipLiteral(written) === undefined) return; // loopback, or a name (schema checks reject it)
  const port = fieldPath(socket.value, ['port_value']);
  const where = typeof port?.value === 'number' || typeof port?.value === 'string' ? `${written}:${String(port.value)}` : written;
  const reach = isUnspecified(written) ? 'every interface of the pod' : 'a non-loopback address (a pod or node IP)';
  const path = joinPath(bootstrap.path, formatPath([...socket.segments, ...address.segments]));
  report(
    bootstrap.object,
    path,
    `Envoy admin listens on ${where}, ${reach}: the admin interface is unauthenticated, exposes the configuration and can change or stop Envoy ` +
      '(POST /quitquitquit, /runtime_modify, /healthcheck/fail), so anything that reaches the pod can use it; bind it to 127.0.0.1 ' +
      '(reach it with kubectl port-forward) or to a Unix socket (admin.address.pipe)',
  );
}
