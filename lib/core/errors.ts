/**
 * Input errors raised at synth time (cdk8s) or construction time (Pulumi).
 *
 * Every message names the construct, the construct's name, the field, the bad
 * value as the user wrote it, and what would be valid, e.g.
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

/** Most problems one collector keeps: a value that is wrong everywhere must not flood the user. */
export const MAX_PROBLEMS = 50;

/**
 * Collects every input problem of one construct before throwing, so a user
 * sees all of them at once (the way Envoy Gateway's translator joins its
 * errors before failing).
 */
export class Problems {
  private readonly list: string[] = [];
  private dropped = 0;

  /**
   * @param construct the construct's class name, e.g. `HeadlessMeshService`
   * @param name the construct's object name, e.g. `kafka`
   */
  constructor(public readonly construct: string, public readonly name: unknown) {}

  /** Records a problem with `field`. */
  add(field: string, message: string): void {
    if (this.list.length >= MAX_PROBLEMS) {
      this.dropped++;
      return;
    }
    this.list.push(`${this.construct} ${show(this.name)}: ${field}: ${message}`);
  }

  /** True when nothing was recorded. */
  get ok(): boolean {
    return this.list.length === 0;
  }

  /** Throws an {@link IstioDirectError} when anything was recorded. */
  throwIfAny(): void {
    if (this.list.length > 0) {
      const more = this.dropped > 0 ? [`${this.construct} ${show(this.name)}: ... and ${this.dropped} more problem(s)`] : [];
      throw new IstioDirectError([...this.list, ...more]);
    }
  }
}

/** Longest rendering of a value in a message; longer ones are cut with an ellipsis. */
export const MAX_SHOWN_LENGTH = 80;

/**
 * Renders a user-supplied value for an error message, as the user wrote it:
 * strings quoted, numbers, BigInts (`10n`), symbols, functions and objects
 * rendered safely (cycles, BigInts inside), long values cut. Never throws.
 */
export function show(value: unknown): string {
  try {
    return cut(render(value));
  } catch {
    return `(${describeType(value)})`;
  }
}

function render(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return value.toString();
    case 'function':
      return `function ${value.name || '(anonymous)'}`;
    case 'undefined':
      return 'undefined';
    default:
      return value === null ? 'null' : JSON.stringify(value, safeReplacer()) ?? String(value);
  }
}

/** A JSON.stringify replacer that renders BigInts, symbols and functions and stops at cycles. */
function safeReplacer(): (key: string, value: unknown) => unknown {
  const seen = new WeakSet<object>();
  return (_key, value) => {
    if (typeof value === 'bigint') return `${value}n`;
    if (typeof value === 'symbol') return value.toString();
    if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
    if (value === undefined) return 'undefined';
    if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
    if (typeof value === 'object' && value !== null) {
      if (seen.has(value)) return '(circular)';
      seen.add(value);
    }
    return value;
  };
}

function cut(text: string): string {
  return text.length <= MAX_SHOWN_LENGTH ? text : `${text.slice(0, MAX_SHOWN_LENGTH - 1)}…`;
}

/** `a string`, `a number`, `an array`, `an object`, `null`, …: what a value is, for "X, not Y" messages. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'object':
      return 'an object';
    case 'bigint':
      return 'a BigInt';
    default:
      return `a ${typeof value}`;
  }
}
