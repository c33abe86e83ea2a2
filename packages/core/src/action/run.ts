import * as core from '@actions/core';
import { ConfigurationError, RegistryError, errorMessage } from './errors.ts';
import type { Logger } from './logger.ts';

/** The logger every action uses: @actions/core's annotations and groups. */
export const actionsLogger: Logger = {
  debug: (message) => core.debug(message),
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  group: (name, fn) => core.group(name, fn),
};

/**
 * Runs an action's main function: inputs are read inside it, and any failure ends in exactly one
 * `::error::` line and exit code 1. User errors are shown as they are; others say they are internal.
 */
export async function runAction(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof ConfigurationError || error instanceof RegistryError) {
      core.setFailed(error.message);
    } else {
      if (error instanceof Error && error.stack) core.debug(error.stack);
      core.setFailed(`internal error: ${errorMessage(error)}`);
    }
  }
}
