import fc from 'fast-check';
import { errorMessage, isAirlockError } from '../src/index.ts';

// What the fuzz tests share: one seed, a time limit per case, and the rule that a parser refuses its
// input only with one of the project's own errors.

/** The seed of every property here; a failure prints it with the counterexample to replay. */
export const fuzzSeed = Number(process.env['AIRLOCK_FUZZ_SEED'] ?? 20261205);
/** The longest a single case may take: far above what any takes, far below a hang. */
export const caseLimitMs = 2000;

/** Runs `parse` and says how it ended: a value, or one of our errors. Anything else fails the property. */
export function survives(parse: () => unknown): true {
  const began = performance.now();
  try {
    parse();
  } catch (error) {
    if (!isAirlockError(error)) {
      throw new Error(`crashed with ${(error as Error)?.name ?? typeof error}: ${errorMessage(error)}`, {
        cause: error,
      });
    }
    // The message reaches the user on one ::error:: line: it must say something.
    if (errorMessage(error).trim() === '') throw new Error('an error with an empty message');
  }
  const took = performance.now() - began;
  if (took > caseLimitMs) throw new Error(`took ${Math.round(took)} ms`);
  return true;
}

export function check<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => boolean, numRuns = 300): void {
  fc.assert(fc.property(arbitrary, predicate), { seed: fuzzSeed, numRuns });
}

/** Text built from the pieces a format is made of, so that cases get past the first character. */
export function textOf(pieces: string[], maxLength = 12): fc.Arbitrary<string> {
  return fc
    .array(
      fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pieces) }, { weight: 1, arbitrary: fc.string() }),
      {
        maxLength,
      },
    )
    .map((parts) => parts.join(''));
}
