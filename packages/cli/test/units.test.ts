import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closestWord, editDistance } from '@airlock/core/text';
import { discoverActions, repositoryRoot } from '../src/actions.ts';
import { UsageError, inputEnv, parseArguments } from '../src/args.ts';
import { commandRenderer, renderMarkdown } from '../src/terminal.ts';

const mirror = discoverActions(repositoryRoot).get('mirror')!;

describe('closestWord', () => {
  it.each([
    ['sorce', ['source', 'destination'], 'source'],
    ['destinaton', ['source', 'destination'], 'destination'],
    ['plaftorms', ['platforms', 'force'], 'platforms'], // two letters swapped: one edit
    ['SEVERITY-THRESHOLD', ['severity-threshold'], 'severity-threshold'],
    ['insecure', ['insecure-registries', 'images'], 'insecure-registries'], // the start of one name only
    ['xyz', ['source', 'destination'], undefined],
    ['tag', ['tags', 'image'], 'tags'],
  ])('%s among %j → %s', (word, candidates, expected) => {
    expect(closestWord(word, candidates)).toBe(expected);
  });

  it('counts edits the usual way', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('action discovery', () => {
  it('reads every actions/*/action.yml: names, inputs with defaults, outputs, the bundle', () => {
    const actions = discoverActions(repositoryRoot);
    expect([...actions.keys()]).toEqual(expect.arrayContaining(['mirror', 'promote', 'quarantine-scan']));
    expect(mirror.inputs.find((input) => input.name === 'platforms')?.default).toBe('all');
    expect(mirror.outputs.map((output) => output.name)).toEqual(
      expect.arrayContaining(['digest', 'image', 'copied', 'bytes-copied']),
    );
    expect(mirror.main).toBe(join(repositoryRoot, 'actions/mirror/dist/index.js'));
    expect(mirror.using).toBe('node24');
  });

  it('picks up a new action directory with no change to the CLI', () => {
    const root = mkdtempSync(join(tmpdir(), 'airlock-cli-root-'));
    mkdirSync(join(root, 'actions/sign-keyless'), { recursive: true });
    writeFileSync(
      join(root, 'actions/sign-keyless/action.yml'),
      'name: airlock sign-keyless\ndescription: Signs.\ninputs:\n  image:\n    required: true\nruns:\n  using: node24\n  main: dist/index.js\n',
    );
    mkdirSync(join(root, 'actions/not-an-action'));
    const actions = discoverActions(root);
    expect([...actions.keys()]).toEqual(['sign-keyless']);
    expect(actions.get('sign-keyless')!.inputs).toEqual([{ name: 'image', description: '', required: true }]);
  });
});

describe('arguments', () => {
  it('takes --name value, --name=value, a bare switch, and joins an input given twice', () => {
    const { inputs, options } = parseArguments(mirror, [
      '--source',
      'a:1',
      '--destination=b',
      '--force',
      '--images',
      'x y',
      '--images',
      'z w',
      '--Platforms',
      'linux/amd64',
      '--json',
    ]);
    expect(Object.fromEntries(inputs)).toEqual({
      source: 'a:1',
      destination: 'b',
      force: 'true',
      images: 'x y\nz w',
      platforms: 'linux/amd64',
    });
    expect(options).toEqual({ help: false, json: true, verbose: false });
  });

  it('refuses a misspelt input and names the one meant', () => {
    expect(() => parseArguments(mirror, ['--destinaton', 'b'])).toThrow(
      new UsageError("mirror has no input 'destinaton'; did you mean --destination?"),
    );
    expect(() => parseArguments(mirror, ['--qqqqq', 'b'])).toThrow(
      /its inputs are listed by airlock mirror --help/,
    );
    expect(() => parseArguments(mirror, ['nginx'])).toThrow(/unexpected argument 'nginx'/);
  });

  it('sets INPUT_* as the runner does: every input, defaults from action.yml, github.token from the environment', () => {
    const env = inputEnv(mirror, new Map([['source', 'a:1']]), { GITHUB_TOKEN: 'ghs_example' });
    expect(env['INPUT_SOURCE']).toBe('a:1');
    expect(env['INPUT_DESTINATION']).toBe('');
    expect(env['INPUT_PLATFORMS']).toBe('all');
    expect(env['INPUT_COPY-REFERRERS']).toBe('true');
    expect(env['INPUT_GITHUB-TOKEN']).toBe('ghs_example');
    expect(inputEnv(mirror, new Map(), {})['INPUT_GITHUB-TOKEN']).toBe('');
  });
});

describe('terminal rendering', () => {
  it('renders a job summary: headings underlined, tables in aligned columns, markup removed', () => {
    const markdown = [
      '### Mirror',
      '',
      '| source | digest | result |',
      '|---|---|---|',
      '| `nginx:1.27` | `sha256:abc…` | copied |',
      '| `a\\|b` | | **failed**: see [the log](https://example.com/log) |',
      '',
    ].join('\n');
    expect(renderMarkdown(markdown)).toBe(
      [
        'Mirror',
        '──────',
        '',
        'source      digest       result',
        '──────────  ───────────  ─────────────────────────────────────────────',
        'nginx:1.27  sha256:abc…  copied',
        'a|b                      failed: see the log (https://example.com/log)',
      ].join('\n'),
    );
  });

  it('turns workflow commands into lines for people, and masks secrets from then on', () => {
    const quiet = commandRenderer(false);
    expect(quiet.line('::group::Check registries')).toEqual({ stream: 'stdout', text: '▸ Check registries' });
    expect(quiet.line('::endgroup::')).toBeUndefined();
    expect(quiet.line('::debug::details')).toBeUndefined();
    expect(quiet.line('::error::input %27source%27 is bad%0Asecond line')).toEqual({
      stream: 'stderr',
      text: 'error: input %27source%27 is bad\nsecond line',
    });
    expect(quiet.line('::add-mask::hunter2')).toBeUndefined();
    expect(quiet.line('logged in with hunter2')).toEqual({ stream: 'stdout', text: 'logged in with ***' });
    expect(quiet.line('::warning file=a.ts::careful')).toEqual({
      stream: 'stderr',
      text: 'warning: careful',
    });
    expect(commandRenderer(true).line('::debug::details')).toEqual({
      stream: 'stderr',
      text: 'debug: details',
    });
  });
});
