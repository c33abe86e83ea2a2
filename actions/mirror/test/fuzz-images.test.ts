import { afterAll, describe, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { errorMessage, isAirlockError } from '@airlock/core';
import { readInputs } from '../src/inputs.ts';

// Fuzzing mirror's `images` input, as lines and as a YAML file: whatever a user writes, reading the inputs
// ends in jobs or in one ConfigurationError whose message names where the mistake is. Seeded and bounded.

const seed = Number(process.env['AIRLOCK_FUZZ_SEED'] ?? 20261205);
const work = mkdtempSync(join(tmpdir(), 'airlock-fuzz-images-'));
const saved = { ...process.env };
afterAll(() => {
  process.env = saved;
  rmSync(work, { recursive: true, force: true });
});

async function readImages(value: string): Promise<void> {
  for (const name of Object.keys(process.env)) if (name.startsWith('INPUT_')) delete process.env[name];
  process.env['INPUT_IMAGES'] = value;
  const began = performance.now();
  try {
    await readInputs();
  } catch (error) {
    if (!isAirlockError(error)) throw new Error(`crashed: ${errorMessage(error)}`, { cause: error });
    if (!/images/.test(errorMessage(error)))
      throw new Error(`does not name the input: ${errorMessage(error)}`);
  }
  if (performance.now() - began > 2000) throw new Error('took more than 2 s');
}

const reference = fc
  .array(
    fc.constantFrom(
      'docker.io/library/nginx',
      'ghcr.io/o/r',
      'localhost:5000/a',
      'oci:/tmp/layout',
      ':1.27',
      ':latest',
      '@sha256:',
      'a3f1c2d4e5b6978812345678abcdef0123456789abcdef0123456789abcdef01',
      'UPPER',
      '/',
      ':',
      '@',
      '..',
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((parts) => parts.join(''));
const line = fc.oneof(
  fc.tuple(reference, fc.constantFrom(' ', '  ', '\t'), reference).map((parts) => parts.join('')),
  fc.tuple(reference, fc.constantFrom(' # comment', '', ' x y')).map((parts) => parts.join('')),
  fc.constantFrom('', '#', '   ', '# only a comment'),
  fc.string({ maxLength: 40 }),
);

describe('fuzzing the images input', () => {
  it('lines', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 6 }), async (lines) => {
        await readImages(lines.join('\n'));
        return true;
      }),
      { seed, numRuns: 300 },
    );
  });

  it('a YAML file', async () => {
    const entry = fc.oneof(
      fc.record(
        { source: fc.oneof(reference, fc.jsonValue()), destination: fc.oneof(reference, fc.jsonValue()) },
        {
          requiredKeys: [],
        },
      ),
      fc.jsonValue({ maxDepth: 2 }),
    );
    const document = fc.oneof(
      fc.array(entry, { maxLength: 4 }).map((entries) => JSON.stringify(entries)),
      fc.record({ images: fc.array(entry, { maxLength: 4 }) }).map((value) => JSON.stringify(value)),
      fc
        .array(
          fc.constantFrom(
            '- ',
            'source: ',
            'destination: ',
            '\n',
            '  ',
            'images:',
            '[',
            '{',
            '"',
            '&a',
            '*a',
          ),
          {
            maxLength: 20,
          },
        )
        .map((parts) => parts.join('')),
      fc.string({ maxLength: 100 }),
    );
    let index = 0;
    await fc.assert(
      fc.asyncProperty(document, async (text) => {
        const path = join(work, `images-${index++}.yml`);
        writeFileSync(path, text);
        await readImages(path);
        return true;
      }),
      { seed, numRuns: 300 },
    );
  });
});
