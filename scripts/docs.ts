// Keeps the README's input and output tables equal to each action.yml: the tables between
// `<!-- action-io:NAME -->` and `<!-- /action-io:NAME -->` are written from the action's metadata.
// With --check, fails instead of writing when the README is out of date.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

interface ActionMetadata {
  inputs?: Record<string, { description?: string; default?: string; required?: boolean }>;
  outputs?: Record<string, { description?: string }>;
}

const root = join(import.meta.dirname, '..');
const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');

const cell = (text: string) => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();

function tables(name: string): string {
  const metadata = parse(readFileSync(join(root, 'actions', name, 'action.yml'), 'utf8')) as ActionMetadata;
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

const updated = readme.replace(
  /(<!-- action-io:([a-z-]+) -->)[\s\S]*?(<!-- \/action-io:\2 -->)/g,
  (_match, open: string, name: string, close: string) => `${open}\n${tables(name)}\n${close}`,
);

if (process.argv.includes('--check')) {
  if (updated !== readme) {
    console.error("::error::README.md's input/output tables differ from action.yml: run 'npm run docs'");
    process.exit(1);
  }
} else if (updated !== readme) {
  writeFileSync(readmePath, updated);
  console.log('README.md tables updated');
}
