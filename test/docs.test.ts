// scripts/docs.ts: the README and docs/*.md tables are written from action.yml; a marker whose action is
// not in the checkout is left alone with a note; an action without its page is a problem.

import { afterAll, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rewrite, syncDocs, tables } from '../scripts/docs.ts';

const scratch = mkdtempSync(join(tmpdir(), 'airlock-docs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const metadata = {
  inputs: {
    image: { description: 'The image | by digest.', required: true },
    format: { description: 'cyclonedx\n  or spdx.', default: 'cyclonedx' },
    note: { description: 'Free text.' },
  },
  outputs: { digest: { description: 'The digest.' } },
};

test('tables: required, defaults, descriptions on one line with pipes escaped', () => {
  expect(tables(metadata)).toBe(
    [
      '| input | default | description |',
      '|---|---|---|',
      '| `image` | *required* | The image \\| by digest. |',
      '| `format` | `cyclonedx` | cyclonedx or spdx. |',
      '| `note` |  | Free text. |',
      '',
      '| output | description |',
      '|---|---|',
      '| `digest` | The digest. |',
    ].join('\n'),
  );
});

test('rewrite fills known markers and leaves the others as they are', () => {
  const page =
    'a\n<!-- action-io:one -->\nold\n<!-- /action-io:one -->\nb\n<!-- action-io:two -->\nkept\n<!-- /action-io:two -->\n';
  const { text, skipped, names } = rewrite(page, (name) => (name === 'one' ? metadata : undefined));
  expect(names).toEqual(['one', 'two']);
  expect(skipped).toEqual(['actions/two/action.yml']);
  expect(text).toContain(`<!-- action-io:one -->\n${tables(metadata)}\n<!-- /action-io:one -->`);
  expect(text).toContain('<!-- action-io:two -->\nkept\n<!-- /action-io:two -->');
});

function project(name: string): string {
  const root = join(scratch, name);
  mkdirSync(join(root, 'actions', 'mirror'), { recursive: true });
  mkdirSync(join(root, 'docs'), { recursive: true });
  writeFileSync(
    join(root, 'actions', 'mirror', 'action.yml'),
    'inputs:\n  source:\n    description: From.\noutputs:\n  digest:\n    description: The digest.\n',
  );
  writeFileSync(join(root, 'README.md'), '# x\n<!-- action-io:mirror -->\n<!-- /action-io:mirror -->\n');
  return root;
}

test('check finds stale tables and a missing page; write mode brings the tables up to date', () => {
  const root = project('stale');
  const checked = syncDocs(root, false);
  expect(checked.stale).toEqual(['README.md']);
  expect(checked.problems).toEqual(['actions/mirror has no page: write docs/mirror.md']);

  writeFileSync(
    join(root, 'docs', 'mirror.md'),
    '# mirror\n<!-- action-io:mirror -->\n<!-- /action-io:mirror -->\n',
  );
  writeFileSync(
    join(root, 'docs', 'verify.md'),
    '# verify\n<!-- action-io:verify -->\nfrom the contract\n<!-- /action-io:verify -->\n',
  );
  const written = syncDocs(root, true);
  expect(written.stale).toEqual(['README.md', 'docs/mirror.md']);
  expect(written.problems).toEqual([]);
  expect(written.notes).toEqual([
    'docs/verify.md: actions/verify/action.yml is not in this checkout: its tables are left as they are',
  ]);
  expect(readFileSync(join(root, 'docs', 'mirror.md'), 'utf8')).toContain('| `source` |  | From. |');
  expect(syncDocs(root, false).stale).toEqual([]);
});

test('a page without its markers is a problem', () => {
  const root = project('markers');
  writeFileSync(join(root, 'docs', 'mirror.md'), '# mirror\nno tables\n');
  expect(syncDocs(root, false).problems).toEqual(['docs/mirror.md has no <!-- action-io:mirror --> tables']);
});

test("this project's README and pages match their action.yml", () => {
  const result = syncDocs(join(import.meta.dirname, '..'), false);
  expect(result.problems).toEqual([]);
  expect(result.stale).toEqual([]);
});

test('workflow tables from workflow_call: types, defaults, required, secrets, outputs', () => {
  const page = '<!-- workflow-io:w.yml -->\n<!-- /workflow-io:w.yml -->';
  const { text } = rewrite(
    page,
    () => undefined,
    () => ({
      inputs: {
        repo: { description: 'The repo.', required: true, type: 'string' },
        max: { description: 'At most.', type: 'number', default: 4 },
      },
      secrets: { token: { description: 'A token.' } },
      outputs: { results: { description: 'JSON.' } },
    }),
  );
  expect(text).toContain('| `repo` | string | *required* | The repo. |');
  expect(text).toContain('| `max` | number | `4` | At most. |');
  expect(text).toContain('| `token` | A token. |');
  expect(text).toContain('| `results` | JSON. |');
});
