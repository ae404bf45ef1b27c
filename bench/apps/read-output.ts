/**
 * What reading a synth's output once costs: `node read-output.js <dir>`.
 * Measured: reading every `*.k8s.yaml` file of `dir` and parsing its YAML documents into
 * objects (the `yaml` package, which the validator uses); loading the module is not measured.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { measure, runMain } from '../harness/measure';

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (dir === undefined) {
    throw new Error('usage: read-output.js <dir>');
  }
  await measure(() => {
    let objects = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.k8s.yaml')).sort()) {
      objects += parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((doc) => doc.toJS()).length;
    }
    if (objects === 0) {
      throw new Error(`${dir}: no objects in *.k8s.yaml files`);
    }
  });
}

runMain(main);
