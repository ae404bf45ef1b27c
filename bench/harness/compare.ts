/** The check that a library program and its floor wrote byte-identical output. */
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';

/**
 * The output files compared: YAML (`*.k8s.yaml`) and the Pulumi programs' `registrations.json`.
 * Not `construct-metadata.json`, which cdk8s-cli writes for its validation plugins.
 */
function compared(file: string): boolean {
  return file.endsWith('.yaml') || file.endsWith('registrations.json');
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix))
    .sort()
    .flatMap((name) => {
      const rel = prefix === '' ? name : join(prefix, name);
      return statSync(join(dir, rel)).isDirectory() ? listFiles(dir, rel) : compared(rel) ? [rel] : [];
    });
}

/**
 * How the files under `a` and `b` differ: missing files, or the first differing byte of a file.
 * Empty when they are byte-identical. At most `limit` differences.
 */
export function outputDifferences(a: string, b: string, limit = 3): string[] {
  const filesA = listFiles(a);
  const filesB = listFiles(b);
  const inB = new Set(filesB);
  const inA = new Set(filesA);
  const problems = [
    ...filesA.filter((f) => !inB.has(f)).map((f) => `${f} only in the library's output`),
    ...filesB.filter((f) => !inA.has(f)).map((f) => `${f} only in the floor's output`),
  ];
  for (const file of filesA.filter((f) => inB.has(f))) {
    const x = readFileSync(join(a, file));
    const y = readFileSync(join(b, file));
    if (!x.equals(y)) {
      let at = 0;
      while (at < x.length && at < y.length && x[at] === y[at]) {
        at++;
      }
      problems.push(`${file} differs from byte ${at}: ${JSON.stringify(x.subarray(at, at + 40).toString())} vs ${JSON.stringify(y.subarray(at, at + 40).toString())}`);
    }
    if (problems.length >= limit) {
      break;
    }
  }
  if (filesA.length === 0) {
    problems.push('the library wrote no files');
  }
  return problems.slice(0, limit);
}
