// The command line: `airlock <action> --<input> <value> …`, turned into the runner's INPUT_* variables.

import { closestWord } from '@airlock/core/text';
import type { ActionDefinition } from './actions.ts';

/** A mistake on the command line: shown as it is, with exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CliOptions {
  help: boolean;
  /** Print the outputs as one JSON object instead of `name: value` lines. */
  json: boolean;
  /** Show the action's debug lines. */
  verbose: boolean;
}

/** The CLI's own flags; an action input of the same name would take precedence. */
const cliFlags = ['help', 'json', 'verbose'] as const;

export interface ParsedArguments {
  options: CliOptions;
  /** Input name (as in action.yml) → value; an input given twice gets its values on separate lines. */
  inputs: Map<string, string>;
}

/**
 * Reads `--name value`, `--name=value`, and a bare `--name` (meaning `true`, for switches such as
 * `--force`). Input names are matched case-insensitively; a name the action does not have is refused
 * with the closest one suggested.
 */
export function parseArguments(action: ActionDefinition, argv: readonly string[]): ParsedArguments {
  const options: CliOptions = { help: false, json: false, verbose: false };
  const inputs = new Map<string, string>();
  const byName = new Map(action.inputs.map((input) => [input.name.toLowerCase(), input.name]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h') {
      options.help = true;
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') {
      throw new UsageError(
        `unexpected argument '${arg}': give inputs as --<input> <value> (see airlock ${action.name} --help)`,
      );
    }
    const equals = arg.indexOf('=');
    const flag = arg.slice(2, equals >= 0 ? equals : undefined);
    const input = byName.get(flag.toLowerCase());
    let value: string | undefined = equals >= 0 ? arg.slice(equals + 1) : undefined;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        value = next;
        i++;
      }
    }
    if (input === undefined) {
      const own = (cliFlags as readonly string[]).includes(flag)
        ? (flag as (typeof cliFlags)[number])
        : undefined;
      if (own && (value === undefined || value === 'true' || value === 'false')) {
        options[own] = value !== 'false';
        continue;
      }
      const suggestion = closestWord(flag, [...action.inputs.map((known) => known.name), ...cliFlags]);
      throw new UsageError(
        `${action.name} has no input '${flag}'` +
          (suggestion
            ? `; did you mean --${suggestion}?`
            : `; its inputs are listed by airlock ${action.name} --help`),
      );
    }
    const given = value ?? 'true';
    const before = inputs.get(input);
    inputs.set(input, before === undefined ? given : `${before}\n${given}`);
  }
  return { options, inputs };
}

/** The runner's variable for an input: `INPUT_` + the name upper-cased, spaces to `_`, hyphens kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * The INPUT_* variables the runner would set: every given input, and every other input's default from
 * action.yml. `${{ github.token }}` becomes $GITHUB_TOKEN (or $GH_TOKEN) when set; other expressions,
 * which only a workflow can evaluate, become empty.
 */
export function inputEnv(
  action: ActionDefinition,
  given: ReadonlyMap<string, string>,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const input of action.inputs) {
    const value = given.get(input.name) ?? expandDefault(input.default ?? '', env);
    variables[inputVariable(input.name)] = value;
  }
  return variables;
}

function expandDefault(value: string, env: NodeJS.ProcessEnv): string {
  return value.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expression: string) =>
    expression === 'github.token' ? (env['GITHUB_TOKEN'] ?? env['GH_TOKEN'] ?? '') : '',
  );
}
