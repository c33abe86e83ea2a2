// The project's error classes. The run harness reports each one as itself, in one `::error::` line:
// what the user can fix, what a registry or a service did, what a gate or policy refused. Anything else
// is a bug of ours and says "internal error".

/** A mistake the user can fix: a bad input, a missing credential, a file that cannot be used. */
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

/**
 * A service other than a registry failed or could not be reached (Fulcio, Rekor, a timestamp authority,
 * the GitHub API): nothing the user wrote is wrong, and running again later may succeed.
 */
export class ServiceError extends Error {
  override name = 'ServiceError';
  /** The service, as messages name it (`Fulcio at fulcio.example`). */
  readonly service: string;
  readonly status: number | undefined;
  constructor(service: string, message: string, status?: number, options?: ErrorOptions) {
    super(message, options);
    this.service = service;
    this.status = status;
  }
}

/**
 * The action did its work and the answer is no: a gate refused to promote, a scan failed its policy.
 * Not a mistake (the inputs were right) and not a failure of anything: the message says why and what to do.
 */
export class RefusalError extends Error {
  override name = 'RefusalError';
  /** A short machine-readable reason (`verdict-fail`, `policy`). */
  readonly reason: string;
  constructor(reason: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}

/** Every error the project raises on purpose; anything else reaching the harness is internal. */
export type AirlockError = ConfigurationError | RegistryError | ServiceError | RefusalError;

export function isAirlockError(error: unknown): error is AirlockError {
  return (
    error instanceof ConfigurationError ||
    error instanceof RegistryError ||
    error instanceof ServiceError ||
    error instanceof RefusalError
  );
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// File system errors that come from where the user pointed us (a path under a file, a directory we may
// not write): trying again cannot help, and the message has to name the path and the input.
const permanentFileCodes: Record<string, string> = {
  ENOTDIR: 'a part of the path is a file, not a directory',
  EISDIR: 'it is a directory, not a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'too many symbolic links in the path',
  EEXIST: 'something else already exists there',
};

/** What a file system error code means for a user, when it is one the user can fix; else undefined. */
export function fileErrorReason(code: string | undefined): string | undefined {
  return code === undefined ? undefined : permanentFileCodes[code];
}
