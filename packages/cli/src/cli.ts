// `airlock <action> --<input> <value> …`: runs an action's committed bundle as the runner does, then
// prints its outputs and its job summary for a terminal. `airlock --help` lists the actions;
// `airlock <action> --help` lists its inputs and outputs, from its action.yml.

import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { Writable } from 'node:stream';
import { closestWord } from '@airlock/core/text';
import { discoverActions, repositoryRoot, type ActionDefinition } from './actions.ts';
import { UsageError, parseArguments } from './args.ts';
import { runBundle } from './run.ts';
import { renderMarkdown, wrap } from './terminal.ts';

export interface CliContext {
  /** The repository whose actions/ the CLI runs (default: the one it is part of). */
  root: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: Writable;
  stderr: Writable;
  /** Columns to wrap help text at. */
  width: number;
}

const firstSentence = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/\.(\s|$)/);
  return end >= 0 ? flat.slice(0, end + 1) : flat;
};

function overallHelp(actions: Map<string, ActionDefinition>, width: number): string {
  const nameWidth = Math.max(...[...actions.keys()].map((name) => name.length), 6);
  return [
    'Usage: airlock <action> --<input> <value> …',
    '       airlock <action> --help',
    '',
    'Runs an airlock action from this repository the way the GitHub runner runs it (its committed bundle,',
    'inputs as INPUT_* variables, outputs and the job summary as files), then prints its outputs and its',
    'summary. Registries and oci:DIR:TAG layouts work as in Actions; credentials come from the inputs, then',
    '~/.docker/config.json (docker login), then GITHUB_TOKEN for ghcr.io.',
    '',
    'Actions:',
    ...[...actions.values()].map(
      (action) =>
        `  ${action.name.padEnd(nameWidth)}  ${wrap(firstSentence(plainDescription(action.description)), width, nameWidth + 4)}`,
    ),
    '',
    'Options:',
    '  --json     print the outputs as one JSON object (the log goes to stderr)',
    '  --verbose  show the debug lines too',
    '  --help     this text, or an action’s inputs and outputs',
    '',
    'An input given twice passes both values, one a line (--images "a b" --images "c d").',
  ].join('\n');
}

const plainDescription = (text: string) => text.replace(/`([^`]*)`/g, '$1');

function actionHelp(action: ActionDefinition, width: number): string {
  const lines = [
    `Usage: airlock ${action.name} --<input> <value> …`,
    '',
    wrap(plainDescription(action.description), width, 0),
    '',
    'Inputs:',
  ];
  for (const input of action.inputs) {
    const notes = [
      input.required ? 'required' : '',
      input.default !== undefined && input.default !== '' ? `default: ${input.default}` : '',
    ].filter(Boolean);
    lines.push(`  --${input.name}${notes.length ? `  (${notes.join('; ')})` : ''}`);
    if (input.description) lines.push(`      ${wrap(plainDescription(input.description), width, 6)}`);
  }
  if (action.outputs.length > 0) {
    lines.push('', 'Outputs:');
    for (const output of action.outputs) {
      lines.push(`  ${output.name}`);
      if (output.description) lines.push(`      ${wrap(plainDescription(output.description), width, 6)}`);
    }
  }
  return lines.join('\n');
}

/** A JSON output (mirror's `results`) indented for reading; any other value as it is. */
function readable(value: string): string {
  if (!/^[[{]/.test(value)) return value;
  try {
    return JSON.stringify(JSON.parse(value), null, 2);
  } catch {
    return value;
  }
}

function printOutputs(outputs: Record<string, string>, out: Writable): void {
  const names = Object.keys(outputs);
  if (names.length === 0) return;
  const width = Math.max(...names.map((name) => name.length));
  out.write('\nOutputs\n═══════\n');
  for (const name of names) {
    const value = readable(outputs[name]!);
    out.write(`${name.padEnd(width)}  ${value.split('\n').join(`\n${' '.repeat(width + 2)}`)}\n`);
  }
}

/** Runs the CLI; returns the exit code (the action's own, or 2 for a usage mistake). */
export async function main(argv: readonly string[], context: Partial<CliContext> = {}): Promise<number> {
  const ctx: CliContext = {
    root: context.root ?? repositoryRoot,
    cwd: context.cwd ?? process.cwd(),
    env: context.env ?? process.env,
    stdout: context.stdout ?? process.stdout,
    stderr: context.stderr ?? process.stderr,
    width: context.width ?? Math.min(100, process.stdout.columns || 100),
  };
  const actions = discoverActions(ctx.root);
  const [first, ...rest] = argv;
  try {
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      const about = first === 'help' && rest[0] !== undefined ? actions.get(rest[0]) : undefined;
      ctx.stdout.write(`${about ? actionHelp(about, ctx.width) : overallHelp(actions, ctx.width)}\n`);
      return first === undefined ? 2 : 0;
    }
    const action = actions.get(first);
    if (!action) {
      const suggestion = closestWord(first, actions.keys());
      throw new UsageError(
        `no action '${first}'` +
          (suggestion
            ? `; did you mean ${suggestion}?`
            : `; the actions are ${[...actions.keys()].join(', ')}`),
      );
    }
    const { options, inputs } = parseArguments(action, rest);
    if (options.help) {
      ctx.stdout.write(`${actionHelp(action, ctx.width)}\n`);
      return 0;
    }
    if (!existsSync(action.main)) {
      throw new UsageError(
        `${relative(ctx.cwd, action.main) || action.main} is not built: run npm run bundle -- ${action.name}`,
      );
    }
    const result = await runBundle({
      action,
      inputs,
      cwd: ctx.cwd,
      env: ctx.env,
      verbose: options.verbose,
      log: options.json ? ctx.stderr : ctx.stdout,
      errors: ctx.stderr,
    });
    if (options.json) {
      ctx.stdout.write(`${JSON.stringify(result.outputs, null, 2)}\n`);
    } else {
      printOutputs(result.outputs, ctx.stdout);
      const summary = renderMarkdown(result.summary);
      if (summary) ctx.stdout.write(`\nSummary\n═══════\n${summary}\n`);
    }
    return result.exitCode;
  } catch (error) {
    if (error instanceof UsageError) {
      ctx.stderr.write(`airlock: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
