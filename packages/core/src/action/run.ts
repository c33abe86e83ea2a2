import * as core from '@actions/core';
import { closeSync, existsSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorMessage, isAirlockError } from '../errors.ts';
import type { Logger } from '../logger.ts';

/** The logger every action uses: @actions/core's annotations and groups. */
export const actionsLogger: Logger = {
  debug: (message) => core.debug(message),
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  group: (name, fn) => core.group(name, fn),
};

/** The runner's file commands an action writes to, and what each holds. */
const runnerFiles = [
  ['GITHUB_OUTPUT', 'the step outputs'],
  ['GITHUB_STEP_SUMMARY', 'the job summary'],
] as const;

/**
 * The runner creates the files its file commands name. Run by hand (a local CLI, a script) they may be
 * missing, and then @actions/core fails at the first output with "Missing file at path", which hides
 * whatever the action had to say. A missing file is created when its directory exists; otherwise what
 * would have gone there goes to a scratch file, with a warning.
 */
export function prepareRunnerFiles(
  env: NodeJS.ProcessEnv = process.env,
  logger: Logger = actionsLogger,
): void {
  for (const [name, holds] of runnerFiles) {
    const path = env[name];
    if (!path || existsSync(path)) continue;
    try {
      closeSync(openSync(path, 'a'));
    } catch (error) {
      const scratch = join(mkdtempSync(join(tmpdir(), 'airlock-')), name.toLowerCase());
      closeSync(openSync(scratch, 'a'));
      env[name] = scratch;
      const code = (error as NodeJS.ErrnoException).code ?? errorMessage(error);
      logger.warning(`${name} names ${path}, which cannot be created (${code}): ${holds} go to ${scratch}`);
    }
  }
}

/** The one line a failure ends in: the project's own errors as they are, anything else as internal. */
export function failureMessage(error: unknown): string {
  if (isAirlockError(error)) return error.message;
  return `internal error: ${errorMessage(error)} (this is a bug in airlock; the debug log has its stack)`;
}

/**
 * Runs an action's main function: inputs are read inside it, and any failure ends in exactly one
 * `::error::` line and exit code 1. The project's errors (a user mistake, a registry or service failure,
 * a refusal) are shown as they are; others say they are internal.
 */
export async function runAction(main: () => Promise<void>): Promise<void> {
  try {
    prepareRunnerFiles();
    await main();
  } catch (error) {
    if (!isAirlockError(error) && error instanceof Error && error.stack) core.debug(error.stack);
    core.setFailed(failureMessage(error));
  }
}
