/**
 * Schema validation runs on data shipped in the package (the Kubernetes field lists and value rules,
 * Istio CRD schemas, the Envoy API). The heavy extras are optional peer dependencies, required here
 * lazily: the CEL evaluator (the CRDs' CEL rules) and the protobuf runtime (a proto3-JSON
 * cross-check) are skipped when absent ({@link loadOptional}); only `--envoy-api DIR` (parsing .proto
 * files) stops with an error that says what to install.
 */

/** The optional packages and the exact versions this release is tested with (package.json devDependencies). */
export const OPTIONAL_PACKAGES: Readonly<Record<string, string>> = {
  '@bufbuild/cel': '0.6.1',
  '@bufbuild/protobuf': '2.17.0',
  protobufjs: '8.8.1',
  '@grpc/grpc-js-xds': '1.14.1',
};

/** The optional extras schema validation uses when installed (and skips when not). */
export const SCHEMA_PACKAGES = ['@bufbuild/cel', '@bufbuild/protobuf'] as const;

/** Thrown when a validation needs an optional package that is not installed. */
export class MissingPackageError extends Error {
  constructor(readonly packageName: string, purpose: string) {
    const list = (names: readonly string[]) => names.map((n) => `${n}@${OPTIONAL_PACKAGES[n]}`).join(' ');
    const extra = SCHEMA_PACKAGES.includes(packageName as never) ? SCHEMA_PACKAGES : [packageName];
    super(
      `istio-direct: ${purpose} needs the optional package ${packageName} (not installed). ` +
        `Schema validation uses the optional extras ${list(SCHEMA_PACKAGES)} when installed; ` +
        `--envoy-api DIR needs ${list(['protobufjs', '@grpc/grpc-js-xds'])}. Install with: npm i -D ${list(extra)}`,
    );
    this.name = 'MissingPackageError';
  }
}

/** `require(name)`, or a MissingPackageError naming what to install when it is not there. */
export function requireOptional<T>(name: string, purpose: string, packageName = name): T {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(name) as T;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'MODULE_NOT_FOUND' && (e as Error).message.includes(`'${packageName}`)) throw new MissingPackageError(packageName, purpose);
    throw e;
  }
}

/**
 * `load()`, or `null` when it throws a MissingPackageError: for the optional extras (CEL rules, the
 * proto3-JSON cross-check) that schema validation skips when absent.
 */
export function loadOptional<T>(load: () => T): T | null {
  try {
    return load();
  } catch (e) {
    if (e instanceof MissingPackageError) return null;
    throw e;
  }
}
