import { describe, expect, it } from '@jest/globals';
import { booleanInput, choiceInput, integerInput, linesInput, listInput } from '../src/action/inputs.ts';

function withInput(name: string, value: string, fn: () => void): void {
  const key = `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
  process.env[key] = value;
  try {
    fn();
  } finally {
    delete process.env[key];
  }
}

describe('typed inputs', () => {
  it.each([
    ['true', true],
    ['False', false],
    ['', true],
  ])('boolean %p is %p', (raw, expected) => {
    withInput('force', raw, () => expect(booleanInput('force', true)).toBe(expected));
  });

  it('names the input when a value is wrong', () => {
    withInput('force', 'maybe', () => expect(() => booleanInput('force', false)).toThrow(/input 'force'/));
    withInput('concurrency', '0', () =>
      expect(() => integerInput('concurrency', 4, { min: 1, max: 64 })).toThrow(/'concurrency'.*1 to 64/),
    );
    withInput('format', 'xml', () =>
      expect(() => choiceInput('format', ['cyclonedx', 'spdx'], 'cyclonedx')).toThrow(/cyclonedx, spdx/),
    );
  });

  it('reads lists and lines', () => {
    withInput('platforms', 'linux/amd64, linux/arm64\nlinux/s390x', () =>
      expect(listInput('platforms')).toEqual(['linux/amd64', 'linux/arm64', 'linux/s390x']),
    );
    withInput('images', 'a b # comment\n\n# only a comment\nc d', () =>
      expect(linesInput('images')).toEqual(['a b', 'c d']),
    );
  });
});
