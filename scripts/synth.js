'use strict';
// `npm run synth`: what `cdk8s synth` does with this repository's cdk8s.yaml, in one process.
//
// cdk8s-cli starts a shell that runs the app (cdk8s.yaml `app:`), then loads the validation plugins
// (`validations:`) and runs them on the files the app wrote. This script does the same steps with
// the same settings, read from cdk8s.yaml: it empties the output folder, runs the app's TypeScript
// entry point in this process (through bin/register-ts.js, as `app:` says) with CDK8S_OUTDIR and
// CDK8S_RECORD_CONSTRUCT_METADATA set as cdk8s-cli sets them, then runs the same
// IstioDirectValidation plugin over the written manifests, and exits 1 when it reports an error.
// The output folder's files are byte for byte what `cdk8s synth` writes (test/examples/synth-runner.test.ts).
// What it saves: cdk8s-cli's own start-up (about half a second of CPU) and a second Node process.
// `npm run synth:cdk8s` runs cdk8s-cli itself.
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');

/** The value of `--name VALUE` (or `-short VALUE`) in argv, else undefined. */
function option(argv, name, short) {
  const at = argv.findIndex((a) => a === name || a === short);
  if (at === -1) return undefined;
  if (argv[at + 1] === undefined) throw new Error(`${argv[at]} needs a value`);
  return argv[at + 1];
}

/** The require hooks and entry file of an app command of the form `node [-r <hook>]... <file>`. */
function parseApp(app) {
  const words = String(app ?? '').trim().split(/\s+/);
  const hooks = [];
  let i = 1;
  for (; words[i] === '-r' || words[i] === '--require'; i += 2) {
    hooks.push(words[i + 1]);
  }
  if (words[0] !== 'node' || words.length !== i + 1) {
    throw new Error(`app ${JSON.stringify(app)} is not "node [-r <hook>] <file>": run \`npm run synth:cdk8s\` (cdk8s-cli runs any command)`);
  }
  return { hooks, entry: words[i] };
}

/**
 * cdk8s.yaml's app, output folder and validation plugins; `--app CMD` and `--output DIR` (`-a`,
 * `-o`) override the first two, as they do for `cdk8s synth`.
 */
function readConfig(argv) {
  const { parse } = require('yaml');
  const config = parse(fs.readFileSync(path.join(root, 'cdk8s.yaml'), 'utf8'));
  return {
    ...parseApp(option(argv, '--app', '-a') ?? config.app),
    output: option(argv, '--output', '-o') ?? config.output ?? 'dist',
    validations: config.validations ?? [],
  };
}

/** The files cdk8s-cli hands the plugins: every `*.yaml` under the output folder, sub-folders after files. */
function manifestsIn(dir) {
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  const files = entries.filter((e) => !e.isDirectory() && e.name.endsWith('.yaml')).map((e) => `${dir}/${e.name}`);
  for (const sub of entries.filter((e) => e.isDirectory())) files.push(...manifestsIn(`${dir}/${sub.name}`));
  return files;
}

/** The plugin's context: collects violations, logs to stdout. */
function newContext(manifests) {
  const violations = [];
  let summary;
  return {
    manifests,
    logger: { log: (message) => console.log(message) },
    report: {
      addViolation: (violation) => violations.push(violation),
      submit: (status, metadata) => {
        summary = { status, metadata: metadata ?? {} };
      },
    },
    result: () => ({ violations, summary }),
  };
}

function printReport(name, { violations, summary }) {
  const counts = Object.entries(summary.metadata).map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(`${name}: ${summary.status}${counts ? ` (${counts})` : ''}`);
  for (const v of violations) {
    console.log(`\n  ${v.ruleName}\n    ${v.recommendation}\n    manifest: ${v.violatingResources.map((r) => r.manifestPath).join(', ')}\n    fix: ${v.fix}`);
  }
}

async function validate(validations, manifests) {
  let ok = true;
  for (const validation of validations) {
    const pkg = validation.package.startsWith('.') ? path.resolve(root, validation.package) : validation.package;
    const Plugin = require(pkg)[validation.class];
    const context = newContext(manifests);
    await new Plugin(validation.properties ?? {}).validate(context);
    const result = context.result();
    printReport(`${validation.class} (${validation.package})`, result);
    ok = ok && result.summary?.status === 'success';
  }
  return ok;
}

async function main() {
  const config = readConfig(process.argv.slice(2));
  const outdir = config.output;
  fs.rmSync(outdir, { recursive: true, force: true });
  process.env.CDK8S_OUTDIR = outdir;
  process.env.CDK8S_RECORD_CONSTRUCT_METADATA ??= config.validations.length > 0 ? 'true' : 'false';
  console.log(`Synthesizing ${config.entry}`);
  for (const hook of config.hooks) require(path.resolve(root, hook));
  require(path.resolve(root, config.entry));
  const manifests = manifestsIn(outdir);
  for (const file of manifests) console.log(`  - ${file}`);
  if (config.validations.length === 0) return;
  console.log('Performing validations');
  if (!(await validate(config.validations, manifests))) {
    console.error('Validation failed: see the report above');
    process.exitCode = 1;
  }
}

main().catch((error) => {
  // Bad props are the user's to fix: their message says what and where; anything else is a bug, with its stack.
  const userError = error instanceof Error && (error.name === 'IstioDirectError' || error.message.startsWith('Validation failed with the following errors'));
  console.error(error instanceof Error ? (userError ? `${error.name}: ${error.message}` : (error.stack ?? error.message)) : String(error));
  console.error('Synthesis failed');
  process.exitCode = 1;
});
