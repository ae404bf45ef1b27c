/**
 * Property-based tests of the three builders: mostly valid prop sets with random
 * perturbations either fail with a clear IstioDirectError or build valid,
 * deterministic output (see `support/oracle.ts`). Seeded: `FUZZ_SEED` replays,
 * `FUZZ_RUNS` sets the count, `npm run fuzz` runs many and prints the outcomes.
 */
import * as fc from 'fast-check';
import { echoProps, envoyProps, meshProps } from './support/arbitraries';
import { ECHO, ENVOY, FuzzedConstruct, MESH } from './support/constructs';
import { hostileValue, perturbations, perturbRecorded } from './support/hostile';
import { Outcome } from './support/oracle';
import { fuzzParameters, fuzzSeed, JEST_TIMEOUT_MS } from './support/params';

const counts = new Map<string, Record<Outcome, number>>();

function count(construct: string, outcome: Outcome): void {
  const row = counts.get(construct) ?? { 'clear error': 0, output: 0 };
  row[outcome]++;
  counts.set(construct, row);
}

afterAll(() => {
  if (process.env.FUZZ_REPORT !== '1') return;
  const lines = [`fuzz outcomes (seed ${fuzzSeed()}):`, 'construct            clear error   output    total'];
  for (const [construct, row] of counts) {
    const total = row['clear error'] + row.output;
    lines.push(`${construct.padEnd(20)} ${String(row['clear error']).padStart(11)} ${String(row.output).padStart(8)} ${String(total).padStart(8)}`);
  }
  process.stdout.write(`\n${lines.join('\n')}\n`);
});

function property<P extends object>(subject: FuzzedConstruct<P>, props: fc.Arbitrary<P>, ciRuns: number): void {
  test(
    `${subject.construct}: perturbed props give a clear error or valid, deterministic output`,
    () => {
      fc.assert(
        fc.property(props, perturbations, (valid, changes) => {
          const { props: perturbed, perturbed: fields } = perturbRecorded(valid, changes);
          count(subject.construct, subject.judge(perturbed, fields));
        }),
        fuzzParameters(ciRuns),
      );
    },
    JEST_TIMEOUT_MS,
  );
}

describe('property-based: every construct', () => {
  property(ECHO, echoProps, 3000);
  property(MESH, meshProps, 3000);
  property(ENVOY, envoyProps, 2000);

  test.each([ECHO, MESH, ENVOY] as FuzzedConstruct<any>[])('$construct: hostile values as the props themselves', (subject) => {
    fc.assert(
      fc.property(hostileValue, (props) => {
        const outcome = subject.judge(props);
        // Only an object (of props) can build anything; `undefined` is EchoService's "all defaults".
        if (typeof props !== 'object' && !(props === undefined && subject === ECHO)) expect(outcome).toBe('clear error');
      }),
      fuzzParameters(200),
    );
  });
});
