/**
 * The schema-validation parts that are heavy (kubernetes-models' validators, the CEL evaluator,
 * the protobuf runtime, the Envoy API protos) are optional peer dependencies of istio-direct: a
 * user of the constructs alone never installs them. They are required here, lazily, when a
 * validation first needs them; a missing one gives an error that says what to install.
 */

/** The optional packages and the exact versions this release is tested with (package.json devDependencies). */
export const OPTIONAL_PACKAGES: Readonly<Record<string, string>> = {
  'kubernetes-models': '4.5.1',
  '@bufbuild/cel': '0.6.1',
  '@bufbuild/protobuf': '2.17.0',
  protobufjs: '8.8.1',
  '@grpc/grpc-js-xds': '1.14.1',
};

/** Which optional packages schema validation uses (the last two only for `--envoy-api DIR`). */
export const SCHEMA_PACKAGES = ['kubernetes-models', '@bufbuild/cel', '@bufbuild/protobuf'] as const;

/** Thrown when a validation needs an optional package that is not installed. */
export class MissingPackageError extends Error {
  constructor(readonly packageName: string, purpose: string) {
    const list = (names: readonly string[]) => names.map((n) => `${n}@${OPTIONAL_PACKAGES[n]}`).join(' ');
    const extra = SCHEMA_PACKAGES.includes(packageName as never) ? SCHEMA_PACKAGES : [packageName];
    super(
      `istio-direct: ${purpose} needs the optional package ${packageName} (not installed). ` +
        `Schema validation needs the optional packages ${list(SCHEMA_PACKAGES)}; ` +
        `--envoy-api DIR also needs ${list(['protobufjs', '@grpc/grpc-js-xds'])}. Install with: npm i -D ${list(extra)}`,
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
 * `load()`, or `null` when it throws a MissingPackageError: for the optional extras (kubernetes-models'
 * types and enums, CEL rules, the proto3-JSON cross-check) that schema validation skips when absent.
 */
export function loadOptional<T>(load: () => T): T | null {
  try {
    return load();
  } catch (e) {
    if (e instanceof MissingPackageError) return null;
    throw e;
  }
}
