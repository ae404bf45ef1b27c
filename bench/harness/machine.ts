/** The machine and software a bench ran on. */
import { readFileSync } from 'fs';
import { cpus, release, totalmem } from 'os';
import { join } from 'path';

function versionOf(root: string, pkg: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

/** One line: CPU model, cores, memory, OS, Node and the frameworks' versions. */
export function describeMachine(root: string): string {
  const cpu = cpus();
  const model = cpu.length > 0 ? cpu[0].model.trim() : 'unknown CPU';
  const gib = (totalmem() / 1024 ** 3).toFixed(1);
  const libs = ['cdk8s', 'cdk8s-cli', '@pulumi/pulumi', '@pulumi/kubernetes'].map((p) => `${p} ${versionOf(root, p)}`).join(', ');
  return `machine: ${model}, ${cpu.length} cores, ${gib} GiB RAM, ${process.platform} ${release()}, Node ${process.version}; ${libs}`;
}
