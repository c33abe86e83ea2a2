import { describe, expect, it } from '@jest/globals';
import { writesTag } from '../src/oci/reference.ts';
import { markdownCell, markdownTable, shortDigest } from '../src/report/markdown.ts';
import { wildcardMatch } from '../src/text.ts';

describe('wildcardMatch', () => {
  it.each<[string, string, boolean]>([
    [
      'https://github.com/o/r/.github/workflows/a.yml@refs/heads/main',
      'https://github.com/o/r/.github/workflows/a.yml@refs/heads/main',
      true,
    ],
    ['https://github.com/o/r/*', 'https://github.com/o/r/.github/workflows/a.yml@refs/tags/v1', true],
    ['https://github.com/o/r/*', 'https://github.com/o/rx/x', false],
    ['*@refs/heads/main', 'https://github.com/o/r/w.yml@refs/heads/main', true],
    ['*@refs/heads/main', 'https://github.com/o/r/w.yml@refs/heads/main2', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'acb', false],
    ['ab*ba', 'aba', false],
    ['*', '', true],
    ['', '', true],
    ['', 'a', false],
    ['a.b', 'aXb', false],
    ['a**b', 'ab', true],
    ['x*y*', 'xzyz', true],
  ])('%s against %s: %s', (pattern, text, expected) => {
    expect(wildcardMatch(pattern, text)).toBe(expected);
  });

  it('stays fast on a pattern that makes a backtracking matcher slow', () => {
    const text = 'a'.repeat(200_000);
    const pattern = `${'a*'.repeat(50)}b`;
    const started = process.hrtime.bigint();
    expect(wildcardMatch(pattern, text)).toBe(false);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1000);
  });
});

describe('writesTag', () => {
  it.each<[string, boolean]>([
    ['alpine', false],
    ['alpine:3.20', true],
    ['localhost:5000/app', false],
    ['localhost:5000/app:v1', true],
    [`localhost:5000/app@sha256:${'a'.repeat(64)}`, false],
    [`app:v1@sha256:${'a'.repeat(64)}`, true],
    ['oci:./dir', false],
    ['oci:dir', false],
    ['oci:./dir:v1', true],
  ])('%s: %s', (text, expected) => {
    expect(writesTag(text)).toBe(expected);
  });
});

describe('markdown helpers', () => {
  it('shortens a digest to 12 hex digits', () => {
    expect(shortDigest(`sha256:${'0123456789abcdef'.repeat(4)}`)).toBe('`sha256:0123456789ab…`');
    expect(shortDigest(undefined, '—')).toBe('—');
  });

  it('writes a table whose cells cannot break it', () => {
    expect(markdownTable(['a', 'b'], [[markdownCell('x|y'), markdownCell('<b>\nz')]])).toBe(
      '| a | b |\n| --- | --- |\n| x\\|y | &lt;b&gt; z |',
    );
  });
});
