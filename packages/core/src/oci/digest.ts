// Content digests: computing them, validating their text, and checking streamed bytes against them.

import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { RegistryError } from '../errors.ts';

/** The digest algorithms we compute, with the length of their lower-case hex encoding. */
const algorithms: Record<string, number> = { sha256: 64, sha512: 128 };

const digestPattern = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/;

/** `sha256:<hex>` of the bytes. */
export function sha256Digest(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** The digest of `data` with the same algorithm as `like` (so a sha512 digest is checked as sha512). */
export function digestWithAlgorithmOf(like: string, data: Buffer): string {
  const algorithm = like.slice(0, like.indexOf(':'));
  return `${algorithm}:${createHash(algorithm).update(data).digest('hex')}`;
}

/**
 * Why `text` is not a digest we can verify, or undefined when it is one. Only sha256 and sha512 are
 * accepted: a digest we cannot compute would be a digest we cannot check.
 */
export function digestProblem(text: string): string | undefined {
  const match = digestPattern.exec(text);
  if (!match) return 'expected ALGORITHM:HEX, such as sha256: followed by 64 hex digits';
  const [, algorithm, hex] = match as unknown as [string, string, string];
  const length = algorithms[algorithm];
  if (length === undefined) return `unsupported digest algorithm "${algorithm}" (use sha256 or sha512)`;
  if (!/^[a-f0-9]+$/.test(hex)) return 'the hex part must be lower-case hexadecimal';
  if (hex.length !== length) return `${algorithm} takes ${length} hex digits, not ${hex.length}`;
  return undefined;
}

export function isDigest(text: string): boolean {
  return digestProblem(text) === undefined;
}

/** Throws a plain Error naming the problem when `digest` is not one we can verify. */
export function assertDigest(digest: string): void {
  const problem = digestProblem(digest);
  if (problem) throw new Error(`"${digest}" is not a valid digest: ${problem}`);
}

/** `sha256:abc…` → `sha256-abc…`, the tag under which the referrers fallback index is kept. */
export function digestTag(digest: string): string {
  return digest.replace(':', '-');
}

/** Content that does not match its digest: what a registry or store sent cannot be used. */
export class DigestMismatchError extends RegistryError {
  override name = 'DigestMismatchError';
  readonly expected: string;
  readonly actual: string;
  constructor(message: string, expected: string, actual: string) {
    super(message);
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * Counts and hashes a blob's bytes as they pass and says what is wrong with them: more bytes than its
 * size (found as soon as they arrive, so a wrong blob is never read to its end), or, at the end, the
 * wrong size or digest. The one check behind every verified blob stream.
 */
export class BlobCheck {
  readonly digest: string;
  readonly size: number | undefined;
  private readonly hash: Hash;
  private readonly what: string;
  private received = 0;

  constructor(digest: string, size?: number, what = 'blob') {
    assertDigest(digest);
    this.digest = digest;
    this.size = size;
    this.what = what;
    this.hash = createHash(digest.slice(0, digest.indexOf(':')));
  }

  /** Bytes seen so far. */
  get bytesReceived(): number {
    return this.received;
  }

  /** Takes the next chunk; the error when it carries the blob past its size. */
  add(chunk: Buffer): DigestMismatchError | undefined {
    this.received += chunk.length;
    if (this.size !== undefined && this.received > this.size) {
      return new DigestMismatchError(
        `${this.what} ${this.digest}: received more than the expected ${this.size} bytes`,
        this.digest,
        'unknown',
      );
    }
    this.hash.update(chunk);
    return undefined;
  }

  /** The error when the bytes that came are not the blob (wrong size or digest); call once, at the end. */
  finish(): DigestMismatchError | undefined {
    if (this.size !== undefined && this.received !== this.size) {
      return new DigestMismatchError(
        `${this.what} ${this.digest}: received ${this.received} bytes, expected ${this.size}`,
        this.digest,
        'unknown',
      );
    }
    const actual = `${this.digest.slice(0, this.digest.indexOf(':'))}:${this.hash.digest('hex')}`;
    if (actual !== this.digest) {
      return new DigestMismatchError(
        `${this.what} ${this.digest}: content has digest ${actual}`,
        this.digest,
        actual,
      );
    }
    return undefined;
  }
}

/**
 * A pass-through stream that fails unless the bytes match `digest` (and `size`, when given), as
 * `BlobCheck` finds. Consumers must treat the data as untrusted until 'end'.
 */
export class DigestVerifier extends Transform {
  private readonly check: BlobCheck;

  constructor(digest: string, size?: number, what = 'blob') {
    super();
    this.check = new BlobCheck(digest, size, what);
  }

  /** Bytes seen so far. */
  get bytesReceived(): number {
    return this.check.bytesReceived;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const problem = this.check.add(chunk);
    if (problem) callback(problem);
    else callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    callback(this.check.finish());
  }
}
