/** Every rule of this build, in code order; `docs/rules/<code>.md` documents each. */
import { Rule } from '../types';
import { headlessTargetPort } from './ID101-headless-target-port';
import { selectsNothing } from './ID501-selects-nothing';
import { duplicateObject } from './ID502-duplicate-object';
import { suppressionWithoutReason } from './ID503-suppression-without-reason';

/** The rules `check` and synth run, in code order. */
export const ALL_RULES: readonly Rule[] = [headlessTargetPort, selectsNothing, duplicateObject, suppressionWithoutReason];
