/**
 * `npm run bench:check`: `istio-direct check --json` at cluster scale, each measurement in a fresh
 * child process (bench/check-child.ts), against baselines measured in the same run:
 *
 * - a realistic mix (Deployments, Services, ConfigMaps, StatefulSets with headless Services,
 *   PeerAuthentications, DestinationRules, Sidecars; block style, as `kubectl get -o yaml` writes)
 *   of 3,000, 30,000 and 300,000 objects (about 140 MB), against js-yaml's `loadAll` of the same
 *   file; schema validation and rules included, and with `--no-schema`;
 * - an Envoy bootstrap in a ConfigMap with 1,000, 10,000 and 100,000 endpoints, against parsing it
 *   alone (js-yaml's load of the file and of the bootstrap text inside it).
 *
 * Prints, per line, the median of the runs (taken in turns with the baseline's runs) of three
 * measures, each as a ratio to the baseline: wall time, the main thread's CPU time (Linux) and the
 * whole process's CPU time; and the growth per 10x, the peak RSS, the machine and its load, and the
 * goals of issue #20. The goals are judged on wall time, the time a user waits (the measure the
 * issue's own numbers were taken in), on an idle machine; the main thread's CPU ratio is the
 * cross-check a loaded machine does not inflate. Process CPU also counts V8's background compiler
 * and GC threads, which run beside the main thread (about half of `check`'s process CPU at 30,000
 * objects, a fifth of js-yaml's): shown, not judged (bench/README.md says why). No thresholds fail
 * the run: a measurement, not a test. `BENCH_CHECK_RUNS` (default 3) runs per line;
 * `BENCH_CHECK_MAX` (default 300000) the largest mix.
 *
 * `check` runs the JavaScript the package ships: the bench first compiles the sources with `tsc -p
 * tsconfig.build.json` into node_modules/.cache/istio-direct-bench (about 30 s). `BENCH_CHECK_SOURCES=1`
 * measures the TypeScript sources instead (through bin/register-ts.js: no compile step, slightly slower code).
 *
 * `BENCH_CHECK_DUMP=1` adds lines outside the goals: the same mix written as a cluster returns it
 * (`kubectl get -o yaml` of each object: uid, resourceVersion, creationTimestamp, managedFields,
 * the `kubectl.kubernetes.io/last-applied-configuration` annotation and a status), which is bigger
 * for the same objects; the goals are measured on the mix above.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SHAPES } from './check-shapes';

const ROOT = path.join(__dirname, '..');
const RUNS = Number(process.env.BENCH_CHECK_RUNS ?? 3);
const MAX = Number(process.env.BENCH_CHECK_MAX ?? 300_000);

/** Eight objects of a realistic mix for application `i`. */
function app(i: number): string {
  const ns = `team-${i % 40}`;
  const name = `svc-${i}`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
    app: ${name}
    tier: t${i % 7}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
        tier: t${i % 7}
    spec:
      containers:
      - name: app
        image: registry.example.com/${name}:1.${i % 9}.0
        ports:
        - containerPort: 8080
          name: http
        env:
        - name: LOG_LEVEL
          value: info
        resources:
          requests: {cpu: 100m, memory: 128Mi}
        readinessProbe:
          httpGet: {path: /ready, port: 8080}
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    app: ${name}
  ports:
  - name: http
    port: 80
    targetPort: 8080
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-config
  namespace: ${ns}
data:
  app.properties: |
    server.port=8080
    feature.x=${i % 2 === 0 ? 'true' : 'false'}
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}-db
  namespace: ${ns}
spec:
  serviceName: ${name}-db
  replicas: 3
  selector:
    matchLabels:
      app: ${name}-db
  template:
    metadata:
      labels:
        app: ${name}-db
    spec:
      containers:
      - name: db
        image: "example/db:2"
        ports:
        - {name: peer, containerPort: 7000}
        - {name: client, containerPort: 9042}
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}-db
  namespace: ${ns}
spec:
  clusterIP: None
  selector: {app: ${name}-db}
  ports:
  - {name: tcp-peer, port: 7000}
  - {name: tcp-client, port: 9042, targetPort: ${i % 10 === 0 ? 19042 : 9042}}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: ${name}-db, namespace: ${ns}}
spec:
  selector:
    matchLabels: {app: ${name}-db}
  mtls: {mode: STRICT}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ${name}-db, namespace: ${ns}}
spec:
  host: ${name}-db.${ns}.svc.cluster.local
  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: ${name}, namespace: ${ns}}
spec:
  workloadSelector:
    labels: {app: ${name}}
  egress:
  - hosts: ["./*", "istio-system/*"]
---
`;
}
const OBJECTS_PER_APP = 8;

/**
 * One object of the mix as the API server returns it: block-style metadata with what the server
 * adds (uid, resourceVersion, creationTimestamp, managedFields, kubectl's last-applied annotation
 * holding the object as applied), a Service's cluster IP, and a status.
 */
function asServed(doc: string, n: number): string {
  const flow = /^metadata: \{name: (\S+), namespace: (\S+)\}$/m;
  const block = doc.replace(flow, 'metadata:\n  name: $1\n  namespace: $2');
  // A JSON string of the object's size (kubectl writes the applied object as JSON).
  const applied = JSON.stringify({ applied: block.replace(/\n/g, ' ') });
  const time = `2024-0${1 + (n % 9)}-1${n % 10}T0${n % 10}:00:00Z`;
  const served = block.replace(/^metadata:\n/m, [
    'metadata:',
    '  annotations:',
    `    kubectl.kubernetes.io/last-applied-configuration: ${JSON.stringify(applied)}`,
    `  creationTimestamp: "${time}"`,
    '  managedFields:',
    '  - apiVersion: v1',
    '    fieldsType: FieldsV1',
    '    fieldsV1:',
    '      f:metadata: {f:annotations: {.: {}, f:kubectl.kubernetes.io/last-applied-configuration: {}}}',
    '      f:spec: {f:selector: {}, f:template: {f:metadata: {f:labels: {.: {}}}}}',
    '    manager: kubectl-client-side-apply',
    '    operation: Update',
    `    time: "${time}"`,
    `  resourceVersion: "${1000 + n}"`,
    `  uid: ${(n * 2654435761 >>> 0).toString(16).padStart(8, '0')}-6f1c-4000-8000-${n.toString(16).padStart(12, '0')}`,
    '',
  ].join('\n'));
  // The API server gives every Service that is not headless a cluster IP.
  const ip = `10.96.${(n >> 8) & 255}.${n & 255}`;
  const withIp = /^kind: Service$/m.test(served) && !/clusterIP:/.test(served) ? served.replace(/^spec:\n/m, `spec:\n  clusterIP: ${ip}\n  clusterIPs:\n  - ${ip}\n`) : served;
  return `${withIp}status:\n  observedGeneration: 1\n  conditions:\n  - {type: Ready, status: "True", lastTransitionTime: "${time}"}\n`;
}

/** Application `i` of the mix as {@link asServed} writes its objects. */
function servedApp(i: number): string {
  return app(i).split('---\n').filter((d) => d.trim() !== '').map((d, k) => `${asServed(d, i * OBJECTS_PER_APP + k)}---\n`).join('');
}

function envoy(endpoints: number): string {
  const lb = Array.from({ length: endpoints }, (_, i) => `{endpoint: {address: {socket_address: {address: 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}, port_value: 8080}}}}`).join(', ');
  const bootstrap = `admin: {address: {socket_address: {address: 127.0.0.1, port_value: 9901}}}\nstatic_resources:\n  clusters:\n  - name: pods\n    type: STATIC\n    load_assignment: {cluster_name: pods, endpoints: [{lb_endpoints: [${lb}]}]}\n`;
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: envoy, namespace: edge}\ndata:\n  envoy.yaml: ${JSON.stringify(bootstrap)}\n`;
}

/** Writes the mix of `objects` objects to a file, app by app. */
function writeMix(file: string, objects: number, write: (i: number) => string = app): number {
  const fd = fs.openSync(file, 'w');
  try {
    let parts: string[] = [];
    for (let i = 0; i < objects / OBJECTS_PER_APP; i++) {
      parts.push(write(i));
      if (parts.length === 1000) {
        fs.writeSync(fd, parts.join(''));
        parts = [];
      }
    }
    fs.writeSync(fd, parts.join(''));
  } finally {
    fs.closeSync(fd);
  }
  return fs.statSync(file).size;
}

interface Sample {
  /** Wall time of the measured part: what the goals are judged on. */
  readonly ms: number;
  /** CPU time of the main thread (Linux; absent elsewhere). */
  readonly mainCpuMs?: number;
  /** CPU time of the whole process (user + system, every thread). */
  readonly cpuMs: number;
  readonly rssMiB: number;
}

/** Where the compiled CLI is (empty: the sources are measured). */
let build = '';

/** Compiles the sources as `npm pack` does (tsc, tsconfig.build.json) into a cache folder; returns it. */
function compile(): string {
  const out = path.join(ROOT, 'node_modules', '.cache', 'istio-direct-bench');
  fs.rmSync(out, { recursive: true, force: true });
  const r = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tsc failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  return out;
}

function child(mode: string, file: string): Sample {
  const r = spawnSync(process.execPath, ['--max-old-space-size=4096', '-r', path.join(ROOT, 'bin', 'register-ts.js'), path.join(__dirname, 'check-child.ts'), mode, file], { encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, ISTIO_DIRECT_BENCH_BUILD: build } });
  if (r.status !== 0) throw new Error(`${mode} ${file}: exit ${r.status}\n${r.stderr}`);
  return JSON.parse(r.stdout) as Sample;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function summary(samples: readonly Sample[]): Sample {
  const main = samples.map((s) => s.mainCpuMs).filter((v): v is number => v !== undefined);
  return {
    ms: median(samples.map((s) => s.ms)),
    ...(main.length === samples.length ? { mainCpuMs: median(main) } : {}),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    rssMiB: Math.max(...samples.map((s) => s.rssMiB)),
  };
}

/** `got`'s ratio to `base` in one measure, or `undefined` when either lacks it. */
function ratioOf(got: Sample, base: Sample, measure: 'ms' | 'mainCpuMs' | 'cpuMs'): number | undefined {
  const a = got[measure];
  const b = base[measure];
  return a === undefined || b === undefined ? undefined : a / b;
}

function times(ratio: number | undefined): string {
  return ratio === undefined ? 'n/a' : `${ratio.toFixed(2)}x`;
}

/**
 * The modes measured in turns (`runs` rounds of one run of each), each mode's median: a machine whose
 * load drifts during the bench shifts the baseline and the runs compared with it alike.
 */
function measureInTurns(modes: readonly string[], file: string, runs: number): Sample[] {
  const samples: Sample[][] = modes.map(() => []);
  for (let r = 0; r < runs; r++) modes.forEach((mode, m) => samples[m].push(child(mode, file)));
  return samples.map(summary);
}

const rows: string[][] = [['line', 'size MB', 'baseline wall ms', 'wall ms', 'ratio', 'growth/10x', 'main-thread CPU ratio', 'process CPU ratio', 'process CPU ms', 'peak RSS MiB']];
const goals: string[] = [];

function row(label: string, bytes: number, base: Sample, got: Sample, previous?: Sample): void {
  rows.push([
    label, (bytes / 1e6).toFixed(1), base.ms.toFixed(0), got.ms.toFixed(0), times(ratioOf(got, base, 'ms')), previous ? `${(got.ms / previous.ms).toFixed(1)}x` : '',
    times(ratioOf(got, base, 'mainCpuMs')), times(ratioOf(got, base, 'cpuMs')), got.cpuMs.toFixed(0), got.rssMiB.toFixed(0),
  ]);
}

function goal(text: string, value: number, bound: number, unit = ''): void {
  goals.push(`goal ${text}: ${value <= bound ? 'met' : 'NOT met'} (${value.toFixed(2)}${unit}; goal <= ${bound}${unit})`);
}

/** A ratio goal, judged on wall time, with the main thread's and the process's CPU ratios beside it. */
function ratioGoal(text: string, got: Sample, base: Sample, bound: number): void {
  const wall = got.ms / base.ms;
  goals.push(
    `goal ${text}: ${wall <= bound ? 'met' : 'NOT met'} (wall time ${wall.toFixed(2)}x; goal <= ${bound}x); ` +
      `main-thread CPU ${times(ratioOf(got, base, 'mainCpuMs'))}, process CPU ${times(ratioOf(got, base, 'cpuMs'))} (V8's background threads included)`,
  );
}

/**
 * The lines of `BENCH_CHECK_DUMP=1`: the mix as the API server returns it (managedFields with their
 * flow-style `fieldsV1`, the last-applied annotation, cluster IPs, status), no goal.
 */
function dumpLines(dir: string): void {
  for (const objects of [3_000, 30_000]) {
    const file = path.join(dir, `served-${objects}.yaml`);
    const bytes = writeMix(file, objects, servedApp);
    const [base, full] = measureInTurns(['js-yaml', 'check'], file, RUNS);
    const n = objects.toLocaleString('en');
    row(`js-yaml loadAll, ${n} objects as served (no goal)`, bytes, base, base);
    row(`check --json, ${n} objects as served (no goal)`, bytes, base, full);
    fs.rmSync(file);
  }
}

/**
 * The worst-case shapes (bench/check-shapes.ts) at 10,000 and 100,000 objects, one run each of
 * `check --json --no-schema`: the growth of wall time per 10x, which a rule or lookup that compares
 * pairs of objects would push towards 100x. Printed as a table of its own (no baseline).
 */
function shapeLines(dir: string): void {
  const sizes = [10_000, 100_000].filter((n) => n <= MAX);
  const table: string[][] = [['worst-case shape (check --json --no-schema, one run each)', ...sizes.map((n) => `${n.toLocaleString('en')} objects, wall ms`), 'growth/10x']];
  let worst = 0;
  for (const shape of SHAPES) {
    const times = sizes.map((objects) => {
      const file = path.join(dir, 'shape.yaml');
      fs.writeFileSync(file, shape.text(objects));
      const ms = child('check-no-schema', file).ms;
      fs.rmSync(file);
      return ms;
    });
    const growth = times.length === 2 ? times[1] / times[0] : undefined;
    if (growth !== undefined) worst = Math.max(worst, growth);
    table.push([shape.name, ...times.map((ms) => ms.toFixed(0)), growth === undefined ? '' : `${growth.toFixed(1)}x`]);
  }
  shapeTable = table;
  if (sizes.length === 2) goal('worst-case shapes: the largest growth of wall time per 10x (10,000 -> 100,000 objects)', worst, 11, 'x');
}

/** The table {@link shapeLines} measured, printed after the main one. */
let shapeTable: string[][] = [];

function printTable(table: readonly string[][]): void {
  const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
  for (const r of table) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
}

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-direct-bench-check-'));
  try {
    build = process.env.BENCH_CHECK_SOURCES === '1' ? '' : compile();
    const cpu = os.cpus();
    console.log(`machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}; load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; js-yaml ${spawnSync(process.execPath, ['-r', path.join(ROOT, 'bin', 'register-ts.js'), path.join(__dirname, 'check-child.ts'), 'version'], { encoding: 'utf8' }).stdout} as the baseline; ${build === '' ? 'the TypeScript sources' : 'the compiled CLI (tsc, as the package ships it)'}; ${RUNS} run(s) per line, taken in turns with the baseline's (median; 1 for 300,000)`);
    const previous: Record<string, Sample | undefined> = {};
    for (const objects of [3_000, 30_000, 300_000].filter((n) => n <= MAX)) {
      const file = path.join(dir, `mix-${objects}.yaml`);
      const bytes = writeMix(file, objects);
      const runs = objects >= 300_000 ? 1 : RUNS;
      const [base, full, noSchema] = measureInTurns(['js-yaml', 'check', 'check-no-schema'], file, runs);
      const n = objects.toLocaleString('en');
      row(`js-yaml loadAll, ${n} objects (baseline)`, bytes, base, base, previous.base);
      row(`check --json, ${n} objects`, bytes, base, full, previous.full);
      row(`check --json --no-schema, ${n} objects`, bytes, base, noSchema, previous.noSchema);
      if (objects === 30_000) {
        ratioGoal('30,000 objects within 2.5x of js-yaml loadAll, schema and rules included', full, base, 2.5);
        ratioGoal('30,000 objects within 2x of js-yaml loadAll with --no-schema', noSchema, base, 2);
      }
      if (objects === 300_000 && previous.full !== undefined) {
        goal('300,000 objects: growth of wall time per 10x (30,000 -> 300,000)', full.ms / previous.full.ms, 11, 'x');
        goal('300,000 objects: peak RSS under 1 GiB', full.rssMiB, 1024, ' MiB');
      }
      Object.assign(previous, { base, full, noSchema });
      fs.rmSync(file);
    }
    if (process.env.BENCH_CHECK_DUMP === '1') dumpLines(dir);
    shapeLines(dir);
    let previousEnvoy: Sample | undefined;
    for (const endpoints of [1_000, 10_000, 100_000]) {
      const file = path.join(dir, `envoy-${endpoints}.yaml`);
      fs.writeFileSync(file, envoy(endpoints));
      const [base, full] = measureInTurns(['bootstrap', 'check'], file, RUNS);
      row(`Envoy bootstrap, ${endpoints.toLocaleString('en')} endpoints`, fs.statSync(file).size, base, full, previousEnvoy);
      if (endpoints === 100_000) ratioGoal('Envoy bootstrap with 100,000 endpoints within 3x of parsing it alone', full, base, 3);
      previousEnvoy = full;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  printTable(rows);
  if (shapeTable.length > 0) printTable(shapeTable);
  console.log(`load average at end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const g of goals) console.log(g);
}

main();
