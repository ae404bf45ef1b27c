/**
 * Input errors raised at synth time (cdk8s) or construction time (Pulumi).
 *
 * Every message names the construct, the construct's name, the field, the bad
 * value and what would be valid, e.g.
 * `HeadlessMeshService "kafka": ports[0].port: 0 is out of range 1-65535`.
 */
export class IstioDirectError extends Error {
  /** The individual problems, one line each. */
  public readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} problems:\n  ${problems.join('\n  ')}`);
    this.name = 'IstioDirectError';
    this.problems = problems;
  }
}

/**
 * Collects every input problem of one construct before throwing, so a user
 * sees all of them at once (the way Envoy Gateway's translator joins errors,
 * conventions.md §4).
 */
export class Problems {
  private readonly list: string[] = [];

  /**
   * @param construct the construct's class name, e.g. `HeadlessMeshService`
   * @param name the construct's object name, e.g. `kafka`
   */
  constructor(public readonly construct: string, public readonly name: string) {}

  /** Records a problem with `field`. */
  add(field: string, message: string): void {
    this.list.push(`${this.construct} ${JSON.stringify(this.name)}: ${field}: ${message}`);
  }

  /** True when nothing was recorded. */
  get ok(): boolean {
    return this.list.length === 0;
  }

  /** Throws an {@link IstioDirectError} when anything was recorded. */
  throwIfAny(): void {
    if (this.list.length > 0) {
      throw new IstioDirectError(this.list);
    }
  }
}

/** Renders a user-supplied value for an error message. */
export function show(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (value === undefined) {
    return 'undefined';
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return String(value);
  }
  return JSON.stringify(value);
}
