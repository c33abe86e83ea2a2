// The actions the CLI can run, found as GitHub finds them: every actions/<name>/action.yml. A new action
// directory is picked up as it is, with no change here.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The repository this CLI belongs to (its actions/ directory holds the bundles it runs). */
export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ActionInput {
  name: string;
  description: string;
  required: boolean;
  /** The default from action.yml, as the runner would pass it (expressions are resolved by `inputEnv`). */
  default?: string;
}

export interface ActionOutput {
  name: string;
  description: string;
}

export interface ActionDefinition {
  /** The directory name, which is what users type: `mirror`, `quarantine-scan`. */
  name: string;
  title: string;
  description: string;
  inputs: ActionInput[];
  outputs: ActionOutput[];
  /** The bundle the runner starts (`runs.main`), absolute. */
  main: string;
  /** `runs.using`, e.g. `node24`. */
  using: string;
}

const text = (value: unknown): string =>
  typeof value === 'string' ? value : value == null ? '' : String(value);

/** Reads one action.yml; throws with the file named when it is not an action definition. */
export function readActionDefinition(directory: string): ActionDefinition {
  const file = join(directory, 'action.yml');
  const parsed = parse(readFileSync(file, 'utf8')) as unknown;
  if (typeof parsed !== 'object' || parsed === null) throw new Error(`${file} is not a YAML mapping`);
  const yml = parsed as {
    name?: unknown;
    description?: unknown;
    inputs?: Record<string, { description?: unknown; required?: unknown; default?: unknown } | null>;
    outputs?: Record<string, { description?: unknown } | null>;
    runs?: { using?: unknown; main?: unknown };
  };
  const inputs = Object.entries(yml.inputs ?? {}).map(([name, spec]) => ({
    name,
    description: text(spec?.description).trim(),
    required: spec?.required === true || spec?.required === 'true',
    ...(spec?.default !== undefined && spec.default !== null ? { default: text(spec.default) } : {}),
  }));
  const outputs = Object.entries(yml.outputs ?? {}).map(([name, spec]) => ({
    name,
    description: text(spec?.description).trim(),
  }));
  return {
    name: directory.split(/[\\/]/).filter(Boolean).at(-1)!,
    title: text(yml.name),
    description: text(yml.description).trim(),
    inputs,
    outputs,
    main: join(directory, text(yml.runs?.main) || 'dist/index.js'),
    using: text(yml.runs?.using),
  };
}

/** Every action under `root/actions`, by name. */
export function discoverActions(root: string = repositoryRoot): Map<string, ActionDefinition> {
  const directory = join(root, 'actions');
  const actions = new Map<string, ActionDefinition>();
  if (!existsSync(directory)) return actions;
  for (const name of readdirSync(directory).sort()) {
    if (existsSync(join(directory, name, 'action.yml'))) {
      actions.set(name, readActionDefinition(join(directory, name)));
    }
  }
  return actions;
}
