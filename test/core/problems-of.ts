import { IstioDirectError } from '../../lib/core/errors';

/** The problems of the IstioDirectError `f` throws (the test fails when it throws nothing or something else). */
export function problemsOf(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(IstioDirectError);
    return [...(e as IstioDirectError).problems];
  }
  throw new Error('no error');
}
