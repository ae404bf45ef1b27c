/**
 * ID503 suppression-without-reason: an `istio-direct/ignore-<CODE>`
 * annotation with an empty reason (it then suppresses nothing), or one that
 * names a code istio-direct does not have.
 */
import { SUPPRESSIBLE_CODES } from '../codes';
import { child } from '../../base/paths';
import { suppressionsOf } from '../suppression';
import { Rule } from '../types';

/** The rule. */
export const rule: Rule = {
  code: 'ID503',
  name: 'suppression-without-reason',
  title: 'A suppression annotation has no reason or names an unknown code',
  severity: 'warning',
  istioVersions: {},
  check(index, _options, report) {
    for (let i = 0; i < index.objects.length; i++) {
      const object = index.objects[i];
      const suppressions = suppressionsOf(object);
      for (let j = 0; j < suppressions.length; j++) {
        const { key, code, reason } = suppressions[j];
        const path = child(child('metadata', 'annotations'), key);
        if (!SUPPRESSIBLE_CODES.has(code)) {
          const upper = code.toUpperCase();
          const hint = SUPPRESSIBLE_CODES.has(upper) ? `; codes are upper case: istio-direct/ignore-${upper}` : '; see docs/rules/README.md for the codes';
          report(object, path, `${JSON.stringify(code)} is not an istio-direct code, so this annotation suppresses nothing${hint}`);
        } else if (reason.trim() === '') {
          report(object, path, `suppressing ${code} needs a reason: write why the finding does not apply, e.g. "${key}: clients use the per-pod names only"; an empty reason suppresses nothing`);
        }
      }
    }
  },
};
