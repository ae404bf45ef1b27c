/**
 * Compiles the bench programs and the library once per bench run, so no measured child
 * transpiles anything. Each file is transpiled on its own (`ts.transpileModule`, with the
 * compiler options of tsconfig.json): type checking is `npm test`'s job, and a full `tsc`
 * would cost the bench tens of seconds.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join, relative } from 'path';
import * as ts from 'typescript';

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return tsFiles(path);
    }
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function compilerOptions(root: string): ts.CompilerOptions {
  const configPath = join(root, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  if (config.error !== undefined) {
    throw new Error(`${configPath}: ${ts.flattenDiagnosticMessageText(config.error.messageText, '\n')}`);
  }
  const parsed = ts.convertCompilerOptionsFromJson(config.config.compilerOptions, root, configPath);
  return { ...parsed.options, declaration: false, sourceMap: false, noEmit: false };
}

/** Transpiles every `.ts` file under `root/<dir>` for each of `dirs` to `outDir/<dir>/…js`; returns the file count. */
export function compileTree(root: string, dirs: readonly string[], outDir: string): number {
  const options = compilerOptions(root);
  let count = 0;
  for (const file of dirs.flatMap((dir) => tsFiles(join(root, dir)))) {
    const out = join(outDir, relative(root, file)).replace(/\.ts$/, '.js');
    const result = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file, reportDiagnostics: true });
    const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (errors.length > 0) {
      throw new Error(`${file}: ${errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('; ')}`);
    }
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, result.outputText);
    count++;
  }
  return count;
}
