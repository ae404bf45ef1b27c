/**
 * A realistic repository tree, as a team's checkout looks: a cdk8s app (package.json, tsconfig.json
 * with comments, cdk8s.yaml, node_modules with YAML and JSON inside, imports/), GitHub workflows, a
 * Helm chart (Chart.yaml, values.yaml, templates that are not YAML until rendered), and the
 * synthesized manifests in dist/ with ONE planted mistake: a headless Service whose targetPort
 * differs from its port (ID101).
 */
import { tempDir } from '../helpers';

/** The manifests: a Namespace, the headless Service (the planted mistake), its StatefulSet. */
export const MANIFESTS = `apiVersion: v1
kind: Namespace
metadata:
  name: zk
  labels:
    istio-injection: enabled
---
apiVersion: v1
kind: Service
metadata:
  name: zk
  namespace: zk
spec:
  clusterIP: None
  publishNotReadyAddresses: true
  selector:
    app: zk
  ports:
    - name: tcp-client
      port: 2181
      targetPort: 12181
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: zk
  namespace: zk
spec:
  serviceName: zk
  replicas: 3
  podManagementPolicy: Parallel
  selector:
    matchLabels:
      app: zk
  template:
    metadata:
      labels:
        app: zk
    spec:
      containers:
        - name: zk
          image: zookeeper:3.9
          ports:
            - name: tcp-client
              containerPort: 12181
`;

/** Where the planted mistake is: the file, the Service document's first line, the field's line and column. */
export const PLANTED = {
  file: 'dist/app.k8s.yaml',
  code: 'ID101',
  object: { kind: 'Service', namespace: 'zk', name: 'zk' },
  path: 'spec.ports[0].targetPort',
  fieldLine: MANIFESTS.split('\n').findIndex((l) => l.includes('targetPort: 12181')) + 1,
  fieldColumn: MANIFESTS.split('\n').find((l) => l.includes('targetPort: 12181'))!.indexOf('targetPort') + 1,
};

/** Builds the tree in a fresh temporary directory and returns it. */
export function realisticRepository(): string {
  return tempDir({
    'package.json': JSON.stringify({ name: 'zk-app', version: '1.0.0', main: 'main.js', scripts: { synth: 'cdk8s synth' }, dependencies: { cdk8s: '2.70.0', 'istio-direct': '0.1.0' } }, null, 2),
    'package-lock.json': JSON.stringify({ name: 'zk-app', lockfileVersion: 3, packages: {} }),
    'tsconfig.json': '{\n  // tsc --init writes comments: JSON with comments, not JSON\n  "compilerOptions": { "strict": true, "target": "ES2020" }\n}\n',
    'cdk8s.yaml': 'language: typescript\napp: npx ts-node main.ts\nimports:\n  - k8s\n',
    'main.ts': "import { App } from 'cdk8s';\nnew App().synth();\n",
    '.eslintrc.json': '{ "root": true }\n',
    '.github/workflows/ci.yml': 'name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm test\n',
    '.github/dependabot.yml': 'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule: {interval: weekly}\n',
    'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
    'charts/web/values.yaml': 'replicaCount: 2\nimage:\n  repository: nginx\n  tag: latest\n',
    'charts/web/templates/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include "web.fullname" . }}\nspec:\n  ports:\n    - port: {{ .Values.service.port }}\n',
    'charts/web/templates/_helpers.tpl': '{{- define "web.fullname" -}}{{ .Release.Name }}{{- end }}\n',
    'node_modules/cdk8s/package.json': '{"name": "cdk8s", "version": "2.70.0"}',
    'node_modules/cdk8s/lib/broken.yaml': 'kind: [this is not YAML\n',
    'node_modules/some-chart/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {clusterIP: None, selector: {a: b}, ports: [{port: 1, targetPort: 2}]}\n',
    'imports/k8s.json': '{"definitions": {}}\n',
    'config/app-settings.yaml': 'logLevel: debug\nfeatures: [a, b]\n',
    [PLANTED.file]: MANIFESTS,
  });
}
