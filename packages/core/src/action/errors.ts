/**
 * A mistake the user can fix (a bad input, a missing credential, a policy that refuses).
 * Its message is shown as it is; anything else is reported as an internal error.
 */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/** A registry answered, or failed to answer, in a way that stops the operation. */
export class RegistryError extends Error {
  override name = 'RegistryError';
  readonly status: number | undefined;
  constructor(message: string, status?: number, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
