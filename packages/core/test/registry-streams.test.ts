import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { ResumingBody, readAtMost, rechunk } from '../src/oci/blob-streams.ts';
import { BlobCheck, DigestMismatchError, sha256Digest } from '../src/oci/digest.ts';

// The blob stream plumbing on its own, with in-memory streams.

const pieces = (data: Buffer, sizes: number[]) => {
  const parts: Buffer[] = [];
  let offset = 0;
  for (const size of sizes) {
    parts.push(data.subarray(offset, offset + size));
    offset += size;
  }
  if (offset < data.length) parts.push(data.subarray(offset));
  return parts;
};

describe('rechunk', () => {
  it.each([
    ['pieces smaller than a chunk', [3, 3, 3, 3, 3], 5],
    ['a piece larger than several chunks', [23], 5],
    ['pieces ending on chunk boundaries', [5, 5, 10], 5],
    ['one chunk larger than the data', [7, 8], 100],
  ])('regroups %s', async (_name, sizes, size) => {
    const data = randomBytes(sizes.reduce((sum, n) => sum + n, 0));
    const chunks: Buffer[] = [];
    for await (const chunk of rechunk(Readable.from(pieces(data, sizes)), size)) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    expect(chunks.slice(0, -1).every((chunk) => chunk.length === size)).toBe(true);
    expect(chunks.at(-1)!.length).toBeLessThanOrEqual(size);
  });
});

describe('readAtMost', () => {
  it('reads up to the limit and refuses more', async () => {
    expect(await readAtMost(Readable.from([Buffer.from('12345')]), 5)).toEqual(Buffer.from('12345'));
    expect(await readAtMost(Readable.from([Buffer.from('123'), Buffer.from('456')]), 5)).toBeUndefined();
  });
});

/** A stream that sends `data` from `offset` and then fails with ECONNRESET after `cut` bytes, if given. */
function flaky(data: Buffer, offset: number, cut?: number): Readable {
  const end = cut === undefined ? data.length : Math.min(data.length, offset + cut);
  const stream = new Readable({ read() {} });
  stream.push(data.subarray(offset, end));
  if (end < data.length) {
    setImmediate(() => stream.destroy(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })));
  } else {
    stream.push(null);
  }
  return stream;
}

describe('ResumingBody', () => {
  const data = randomBytes(10_000);
  const neverReopen = async (): Promise<never> => {
    throw new Error('should not reopen');
  };

  it('resumes from the byte it stopped at, with a ranged or a whole answer', async () => {
    const offsets: number[] = [];
    let opened = 0;
    const body = new ResumingBody(flaky(data, 0, 3000), data.length, async (offset) => {
      offsets.push(offset);
      opened++;
      // The second reopening ignores the range and sends everything again: its first bytes are skipped.
      return opened === 2
        ? { body: flaky(data, 0), skip: offset }
        : { body: flaky(data, offset, 2500), skip: 0 };
    });
    expect((await buffer(body)).equals(data)).toBe(true);
    expect(offsets).toEqual([3000, 5500]);
  });

  it('gives up when told to, and passes other errors on untouched', async () => {
    const stop = new ResumingBody(flaky(data, 0, 100), data.length, async () => {
      throw new Error('no more');
    });
    await expect(buffer(stop)).rejects.toThrow('no more');

    const broken = new Readable({ read() {} });
    setImmediate(() => broken.destroy(new Error('not a network error')));
    const untouched = new ResumingBody(broken, data.length, neverReopen);
    await expect(buffer(untouched)).rejects.toThrow('not a network error');
  });

  it('verifies what it passes across a resumed connection, and ends in the error when the bytes are wrong', async () => {
    const digest = sha256Digest(data);
    const resumed = new ResumingBody(
      flaky(data, 0, 4000),
      data.length,
      async (offset) => ({ body: flaky(data, offset), skip: 0 }),
      new BlobCheck(digest, data.length),
    );
    expect((await buffer(resumed)).equals(data)).toBe(true);
    expect(resumed.bytesReceived).toBe(data.length);

    // The same length, one byte changed: the stream errors instead of ending.
    const damaged = Buffer.from(data);
    damaged[5000] = damaged[5000]! ^ 1;
    const wrong = new ResumingBody(
      flaky(damaged, 0),
      data.length,
      neverReopen,
      new BlobCheck(digest, data.length),
    );
    await expect(buffer(wrong)).rejects.toThrow(DigestMismatchError);

    // Longer than its size: refused as soon as the extra bytes arrive, without reading on.
    const longer = new ResumingBody(
      flaky(Buffer.concat([data, data]), 0),
      data.length,
      neverReopen,
      new BlobCheck(digest, data.length),
    );
    await expect(buffer(longer)).rejects.toThrow(/more than the expected 10000 bytes/);

    // Shorter: the end is an error, not a short blob.
    const shorter = new ResumingBody(
      flaky(data.subarray(0, 9000), 0),
      data.length,
      neverReopen,
      new BlobCheck(digest, data.length),
    );
    await expect(buffer(shorter)).rejects.toThrow(/received 9000 bytes, expected 10000/);
  });
});
