// Keeps the input and output tables of README.md and docs/*.md equal to each action.yml: the tables between
// `<!-- action-io:NAME -->` and `<!-- /action-io:NAME -->` are written from actions/NAME/action.yml.
// Every action has its page, docs/NAME.md, with those markers. The tables between
// `<!-- workflow-io:FILE -->` and `<!-- /workflow-io:FILE -->` come from a reusable workflow's workflow_call.
//
// With --check, fails instead of writing when a table is out of date or a page is missing. A marker whose
// action.yml is not in this checkout (an action another change is adding) is left as it is, with a note,
// so the same pages work before and after that change lands.

import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';

interface ActionMetadata {
  inputs?: Record<string, { description?: string; default?: string; required?: boolean }>;
  outputs?: Record<string, { description?: string }>;
}

/** The actions that have, or will have, a page: the pipeline order. */
export const documentedActions = [
  'mirror',
  'quarantine-scan',
  'promote',
  'sign-keyless',
  'attest-sbom',
  'verify',
];

const cell = (text: string) => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();

/** The input and output tables of one action.yml. */
export function tables(metadata: ActionMetadata): string {
  const lines = ['| input | default | description |', '|---|---|---|'];
  for (const [input, spec] of Object.entries(metadata.inputs ?? {})) {
    const fallback = spec.required ? '*required*' : spec.default ? `\`${cell(String(spec.default))}\`` : '';
    lines.push(`| \`${input}\` | ${fallback} | ${cell(spec.description ?? '')} |`);
  }
  lines.push('', '| output | description |', '|---|---|');
  for (const [output, spec] of Object.entries(metadata.outputs ?? {})) {
    lines.push(`| \`${output}\` | ${cell(spec.description ?? '')} |`);
  }
  return lines.join('\n');
}

export interface WorkflowCall {
  inputs?: Record<string, { description?: string; default?: unknown; required?: boolean; type?: string }>;
  secrets?: Record<string, { description?: string; required?: boolean }>;
  outputs?: Record<string, { description?: string }>;
}

/** The input, secret and output tables of a reusable workflow's `on.workflow_call`. */
export function workflowTables(call: WorkflowCall): string {
  const lines = ['| input | type | default | description |', '|---|---|---|---|'];
  for (const [input, spec] of Object.entries(call.inputs ?? {})) {
    const fallback = spec.required
      ? '*required*'
      : spec.default !== undefined && spec.default !== ''
        ? `\`${cell(String(spec.default))}\``
        : '';
    lines.push(`| \`${input}\` | ${spec.type ?? 'string'} | ${fallback} | ${cell(spec.description ?? '')} |`);
  }
  if (Object.keys(call.secrets ?? {}).length > 0) {
    lines.push('', '| secret | description |', '|---|---|');
    for (const [secret, spec] of Object.entries(call.secrets ?? {})) {
      lines.push(
        `| \`${secret}\` | ${cell(spec.description ?? '')}${spec.required ? ' *(required)*' : ''} |`,
      );
    }
  }
  if (Object.keys(call.outputs ?? {}).length > 0) {
    lines.push('', '| output | description |', '|---|---|');
    for (const [output, spec] of Object.entries(call.outputs ?? {})) {
      lines.push(`| \`${output}\` | ${cell(spec.description ?? '')} |`);
    }
  }
  return lines.join('\n');
}

/**
 * A page with its marked tables rewritten: `action-io:NAME` from `metadataOf`, `workflow-io:FILE` from
 * `workflowOf`; names without metadata are left alone.
 */
export function rewrite(
  page: string,
  metadataOf: (name: string) => ActionMetadata | undefined,
  workflowOf: (file: string) => WorkflowCall | undefined = () => undefined,
): { text: string; skipped: string[]; names: string[] } {
  const skipped: string[] = [];
  const names: string[] = [];
  const text = page.replace(
    /(<!-- (action|workflow)-io:([a-z0-9.-]+) -->)([\s\S]*?)(<!-- \/\2-io:\3 -->)/g,
    (match, open: string, kind: string, name: string, _body: string, close: string) => {
      if (kind === 'workflow') {
        const call = workflowOf(name);
        if (!call) {
          skipped.push(`.github/workflows/${name}`);
          return match;
        }
        return `${open}\n${workflowTables(call)}\n${close}`;
      }
      names.push(name);
      const metadata = metadataOf(name);
      if (!metadata) {
        skipped.push(`actions/${name}/action.yml`);
        return match;
      }
      return `${open}\n${tables(metadata)}\n${close}`;
    },
  );
  return { text, skipped, names };
}

export interface DocsResult {
  /** Files whose tables differ from action.yml. */
  stale: string[];
  /** Problems that need a person: a missing page, a page without its markers. */
  problems: string[];
  notes: string[];
}

export function syncDocs(root: string, write: boolean): DocsResult {
  const metadataOf = (name: string): ActionMetadata | undefined => {
    const path = join(root, 'actions', name, 'action.yml');
    return existsSync(path) ? (parse(readFileSync(path, 'utf8')) as ActionMetadata) : undefined;
  };
  const workflowOf = (file: string): WorkflowCall | undefined => {
    const path = join(root, '.github', 'workflows', file);
    if (!existsSync(path)) return undefined;
    const workflow = parse(readFileSync(path, 'utf8')) as {
      on?: { workflow_call?: WorkflowCall | null };
    } | null;
    return workflow?.on?.workflow_call ?? undefined;
  };
  const docs = join(root, 'docs');
  const pages = [
    join(root, 'README.md'),
    ...(existsSync(docs)
      ? readdirSync(docs)
          .filter((name) => name.endsWith('.md'))
          .sort()
          .map((name) => join(docs, name))
      : []),
  ];
  const result: DocsResult = { stale: [], problems: [], notes: [] };
  const present = existsSync(join(root, 'actions'))
    ? readdirSync(join(root, 'actions')).filter((name) =>
        existsSync(join(root, 'actions', name, 'action.yml')),
      )
    : [];
  for (const name of new Set([...documentedActions, ...present])) {
    const page = join(docs, `${name}.md`);
    if (!existsSync(page)) {
      if (present.includes(name)) result.problems.push(`actions/${name} has no page: write docs/${name}.md`);
      continue;
    }
    if (!readFileSync(page, 'utf8').includes(`<!-- action-io:${name} -->`)) {
      result.problems.push(`docs/${name}.md has no <!-- action-io:${name} --> tables`);
    }
  }
  for (const path of pages) {
    const file = relative(root, path);
    const before = readFileSync(path, 'utf8');
    const { text, skipped } = rewrite(before, metadataOf, workflowOf);
    for (const name of skipped) {
      result.notes.push(`${file}: ${name} is not in this checkout: its tables are left as they are`);
    }
    if (text !== before) {
      result.stale.push(file);
      if (write) writeFileSync(path, text);
    }
  }
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const check = process.argv.includes('--check');
  const { stale, problems, notes } = syncDocs(join(import.meta.dirname, '..'), !check);
  for (const note of notes) console.log(`note: ${note}`);
  for (const problem of problems) console.error(`::error::${problem}`);
  if (check && stale.length > 0) {
    console.error(
      `::error::the input/output tables of ${stale.join(', ')} differ from action.yml: run 'npm run docs'`,
    );
  } else if (stale.length > 0) {
    console.log(`tables updated: ${stale.join(', ')}`);
  }
  process.exit(problems.length > 0 || (check && stale.length > 0) ? 1 : 0);
}
