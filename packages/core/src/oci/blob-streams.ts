// Stream plumbing for blobs: bounded reads, re-chunking for uploads, and downloads that resume.

import { Readable } from 'node:stream';
import { RegistryError } from '../errors.ts';
import { DigestMismatchError, type BlobCheck } from './digest.ts';
import { isTransientNetworkError } from './http.ts';
import { formatLimit } from './limits.ts';
import type { Descriptor, Repository } from './types.ts';

/** The whole body, or undefined (and the body destroyed) once it passes `limit` bytes. */
export async function readAtMost(body: Readable, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > limit) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * A whole blob in memory, for the small documents airlock reads (configs, records, SBOMs): refused
 * before reading when its descriptor is larger than `limit`, and verified against its digest and size
 * on the way (a blob longer than its descriptor is cut there). `what` names it: `config`, `SBOM`.
 */
export async function readBlobBounded(
  repository: Repository,
  descriptor: Descriptor,
  limit: number,
  what: string,
): Promise<Buffer> {
  if (!Number.isSafeInteger(descriptor.size) || descriptor.size < 0 || descriptor.size > limit) {
    throw new RegistryError(
      `${repository.display}: the ${what} ${descriptor.digest} is ${descriptor.size} bytes, more than the ` +
        `${formatLimit(limit)} airlock reads`,
    );
  }
  // Bytes damaged on the way only show at the end of the stream, too late for the transport to ask
  // again: a read whose digest did not match, or whose connection broke, is made again (three in all).
  for (let attempt = 1; ; attempt++) {
    try {
      const bytes = await readAtMost(await repository.getBlob(descriptor), limit);
      if (bytes === undefined) {
        throw new RegistryError(
          `${repository.display}: the ${what} ${descriptor.digest} is larger than the ${formatLimit(limit)} airlock reads`,
        );
      }
      return bytes;
    } catch (error) {
      const again = error instanceof DigestMismatchError || isTransientNetworkError(error);
      if (!again || attempt >= 3) throw error;
    }
  }
}

/** Regroups a stream's chunks into buffers of `size` bytes (the last one shorter). */
export async function* rechunk(stream: Readable, size: number): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let data = chunk;
    while (length + data.length >= size) {
      const take = size - length;
      parts.push(data.subarray(0, take));
      yield Buffer.concat(parts);
      parts = [];
      length = 0;
      data = data.subarray(take);
    }
    if (data.length > 0) {
      parts.push(data);
      length += data.length;
    }
  }
  if (length > 0) yield Buffer.concat(parts);
}

/**
 * A response body that survives broken connections: when the current body fails with a transient
 * network error before `size` bytes, `reopen(offset, resumes, error)` gives a body from that offset
 * (it throws to give up), and reading goes on. Given a `check`, it also verifies the bytes it passes
 * and ends in the check's error instead of 'end' when they are not the blob. Plain Node stream
 * plumbing, no async iteration and no second stream for the hashing: each chunk of a download passes
 * one stream, which keeps the client's CPU per byte copied low.
 */
export class ResumingBody extends Readable {
  private current: Readable;
  private skip = 0;
  private received = 0;
  private resumes = 0;
  private readonly size: number;
  private readonly check: BlobCheck | undefined;
  private readonly reopen: (
    offset: number,
    resumes: number,
    error: unknown,
  ) => Promise<{ body: Readable; skip: number }>;

  constructor(
    body: Readable,
    size: number,
    reopen: (offset: number, resumes: number, error: unknown) => Promise<{ body: Readable; skip: number }>,
    check?: BlobCheck,
  ) {
    super();
    this.size = size;
    this.check = check;
    this.reopen = reopen;
    this.current = body;
    // The source flows from the start, so this stream can fail (a wrong digest, a lost connection)
    // before its reader is there, or after a reader that gave up stopped listening: that must not
    // crash the process. A reader still gets the error, from the stream's `errored` state.
    this.on('error', () => {});
    this.attach(body);
  }

  /** Bytes passed on so far (progress lines ask). */
  get bytesReceived(): number {
    return this.received;
  }

  override _read(): void {
    this.current.resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.current.destroy();
    callback(error);
  }

  private attach(body: Readable): void {
    body.on('data', (chunk: Buffer) => {
      let data = chunk;
      if (this.skip > 0) {
        const dropped = Math.min(this.skip, data.length);
        this.skip -= dropped;
        data = data.subarray(dropped);
        if (data.length === 0) return;
      }
      this.received += data.length;
      const problem = this.check?.add(data);
      if (problem) {
        this.destroy(problem);
        return;
      }
      if (!this.push(data)) body.pause();
    });
    body.once('end', () => {
      const problem = this.check?.finish();
      if (problem) this.destroy(problem);
      else this.push(null);
    });
    body.once('error', (error) => {
      if (this.destroyed) return;
      if (!isTransientNetworkError(error) || this.received >= this.size) {
        this.destroy(error);
        return;
      }
      this.resumes++;
      body.removeAllListeners('data');
      Promise.resolve()
        .then(() => this.reopen(this.received, this.resumes, error))
        .then((next) => {
          if (this.destroyed) {
            next.body.destroy();
            return;
          }
          this.current = next.body;
          this.skip = next.skip;
          this.attach(next.body);
        })
        .catch((failure: unknown) => this.destroy(failure as Error));
    });
  }
}
