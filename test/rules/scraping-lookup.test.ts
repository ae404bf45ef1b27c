/**
 * What the scraping rules' monitors select (lib/rules/checks/helpers/scraping.ts): a ServiceMonitor
 * the Services whose own labels its selector matches, a PodMonitor the workloads whose pod labels
 * it matches, in its namespace, its `matchNames`, or every namespace (`any: true`); the answer in a
 * fixed order, found with one index lookup per namespace asked (not one pass over every Service,
 * nor one lookup per namespace of the input for `any`).
 */
import { buildIndex } from '../../lib/rules';
import { monitorEndpoints } from '../../lib/rules/checks/helpers/scraping';
import { objectsOf, optionsFor } from './helpers';

const service = (name: string, ns: string, team: string) =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${ns}, labels: {team: ${team}}}\nspec:\n  selector: {app: ${name}}\n  ports: [{name: metrics, port: 9090}]\n---\n` +
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}, team: ${team}}}\n    spec:\n      containers:\n      - {name: c, image: app, ports: [{name: metrics, containerPort: 9090}]}\n---\n`;

const APPS = service('b1', 'b', 'red') + service('a1', 'a', 'red') + service('c1', 'c', 'blue') + service('b2', 'b', 'red') + service('a2', 'a', 'red');

function targetsOf(monitor: string): string[][] {
  const index = buildIndex(objectsOf(APPS + monitor), optionsFor());
  return monitorEndpoints(index).map((e) => e.targets.map((t) => `${t.workload.namespace}/${t.workload.name}:${t.port}`));
}

const serviceMonitor = (namespaceSelector: string) =>
  `apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m, namespace: b}\nspec:\n  namespaceSelector: ${namespaceSelector}\n  selector: {matchLabels: {team: red}}\n  endpoints: [{port: metrics}]\n`;

const podMonitor = (namespaceSelector: string) =>
  `apiVersion: monitoring.coreos.com/v1\nkind: PodMonitor\nmetadata: {name: m, namespace: b}\nspec:\n  namespaceSelector: ${namespaceSelector}\n  selector: {matchLabels: {team: red}}\n  podMetricsEndpoints: [{port: metrics}]\n`;

describe('ServiceMonitor', () => {
  test('its own namespace by default: the Services whose labels match, in input order', () => {
    expect(targetsOf(serviceMonitor('{}'))).toEqual([['b/b1:9090', 'b/b2:9090']]);
  });

  test('matchNames: each namespace once, the Services in input order across them', () => {
    expect(targetsOf(serviceMonitor('{matchNames: [a, b, a]}'))).toEqual([['b/b1:9090', 'a/a1:9090', 'b/b2:9090', 'a/a2:9090']]);
  });

  test('any: every namespace of the input, in input order', () => {
    expect(targetsOf(serviceMonitor('{any: true}'))).toEqual([['b/b1:9090', 'a/a1:9090', 'b/b2:9090', 'a/a2:9090']]);
  });
});

describe('PodMonitor', () => {
  test('matchNames: namespace by namespace, in the order named', () => {
    expect(targetsOf(podMonitor('{matchNames: [a, b]}'))).toEqual([['a/a1:9090', 'a/a2:9090', 'b/b1:9090', 'b/b2:9090']]);
  });

  test('any: grouped by namespace in the order the input first names them, as asking namespace by namespace gives', () => {
    expect(targetsOf(podMonitor('{any: true}'))).toEqual([['b/b1:9090', 'b/b2:9090', 'a/a1:9090', 'a/a2:9090']]);
  });
});
