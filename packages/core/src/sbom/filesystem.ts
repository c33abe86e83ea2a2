// The image filesystem, rebuilt from its layers as a container runtime would see it, but only for the
// files the catalogers ask for. Each layer is streamed once (gzip or zstd, then tar); whiteouts and opaque
// directories of a layer remove what lower layers put there. Nothing is written to disk, no link is
// followed, and every read is bounded, so that a hostile layer can neither exhaust memory nor escape.

import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createZstdDecompress } from 'node:zlib';
import tar from 'tar-stream';
import { ConfigurationError } from '../errors.ts';
import type { Logger } from '../logger.ts';

export interface SbomLimits {
  /** The most bytes read from one file (a bigger file is skipped with a warning). */
  maxFileBytes: number;
  /** The most bytes kept across all files at once. */
  maxKeptBytes: number;
  /** The most uncompressed bytes read across all layers. */
  maxUncompressedBytes: number;
}

export const defaultSbomLimits: SbomLimits = {
  maxFileBytes: 64 * 1024 * 1024,
  maxKeptBytes: 512 * 1024 * 1024,
  maxUncompressedBytes: 32 * 1024 * 1024 * 1024,
};

/** An image past the limits: shown to the user as it is (a ConfigurationError), not as an internal error. */
export class SbomLimitError extends ConfigurationError {
  override name = 'SbomLimitError';
}

/** One layer of an image, opened on demand (compressed or not: the first bytes tell). */
export interface LayerSource {
  /** The layer blob's digest. */
  digest: string;
  /** The uncompressed tar's digest (the config's diff ID), when known. */
  diffId?: string;
  open(): Promise<Readable>;
}

/** What to do with a regular file, decided from its path, mode and size before any byte is read. */
export type FileInterest =
  /** Keep its bytes (bounded by maxFileBytes). */
  | { kind: 'keep' }
  /** Stream it through `scan`, and keep only the small result (bounded by maxFileBytes if `whole`). */
  | { kind: 'scan'; scan: FileScanner };

/** Reads a file as it streams by; returns what to keep (small), or undefined for nothing. */
export type FileScanner = (chunks: AsyncIterable<Buffer>, size: number) => Promise<unknown>;

export interface FileSelector {
  (path: string, mode: number, size: number): FileInterest | undefined;
}

export interface KeptFile {
  /** Relative to the root, no leading `/`: `var/lib/dpkg/status`. */
  path: string;
  /** Index in the manifest's layer list. */
  layerIndex: number;
  layer: LayerSource;
  /** The bytes (interest `keep`) or the scanner's result (interest `scan`). */
  content: Buffer | undefined;
  result?: unknown;
}

/** The files asked for, as the final image holds them, after every layer and whiteout. */
export class ImageFiles {
  private readonly files = new Map<string, KeptFile>();
  /** Every directory that ever held a kept file: only those need a scan when a tree is removed. */
  private readonly dirs = new Set<string>(['']);
  private keptBytes = 0;
  private readonly limits: SbomLimits;

  constructor(limits: SbomLimits) {
    this.limits = limits;
  }

  get(path: string): KeptFile | undefined {
    return this.files.get(path);
  }

  all(): KeptFile[] {
    return [...this.files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  put(file: KeptFile): void {
    this.remove(file.path);
    const size = file.content?.length ?? 0;
    if (this.keptBytes + size > this.limits.maxKeptBytes) {
      throw new SbomLimitError(
        `the catalogued files pass ${this.limits.maxKeptBytes} bytes at ${file.path}; the image is refused as too large to catalogue`,
      );
    }
    this.keptBytes += size;
    this.files.set(file.path, file);
    for (let slash = file.path.indexOf('/'); slash > 0; slash = file.path.indexOf('/', slash + 1)) {
      this.dirs.add(file.path.slice(0, slash));
    }
  }

  remove(path: string): void {
    const old = this.files.get(path);
    if (!old) return;
    this.keptBytes -= old.content?.length ?? 0;
    this.files.delete(path);
  }

  /** Removes `dir` itself and everything under it that came from a layer below `layerIndex`. */
  removeTree(dir: string, layerIndex: number, keepDir = false): void {
    if (!keepDir) {
      const file = this.files.get(dir);
      if (file && file.layerIndex < layerIndex) this.remove(dir);
    }
    if (!this.dirs.has(dir)) return;
    const prefix = dir === '' ? '' : `${dir}/`;
    for (const [path, file] of this.files) {
      if (file.layerIndex >= layerIndex) continue;
      if ((!keepDir && path === dir) || path.startsWith(prefix)) this.remove(path);
    }
  }
}

/**
 * A tar entry's name as a path relative to the root: `./`, leading `/` and `.` segments dropped.
 * Undefined for a name that climbs out with `..` (never honoured) or is empty.
 */
export function normalizeEntryPath(name: string): string | undefined {
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return undefined;
    parts.push(part);
  }
  return parts.length === 0 ? undefined : parts.join('/');
}

const whiteoutPrefix = '.wh.';
const opaqueMarker = '.wh..wh..opq';

/** Counts decompressed bytes and fails the stream once they pass the limit. */
class ByteBudget extends Transform {
  private readonly state: { used: number };
  private readonly limit: number;
  constructor(state: { used: number }, limit: number) {
    super();
    this.state = state;
    this.limit = limit;
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.state.used += chunk.length;
    if (this.state.used > this.limit) {
      callback(
        new SbomLimitError(
          `the layers hold more than ${this.limit} uncompressed bytes; the image is refused as too large to catalogue`,
        ),
      );
      return;
    }
    callback(null, chunk);
  }
}

/** Peeks at the first bytes and decompresses gzip or zstd; anything else passes as a plain tar. */
async function decompressed(raw: Readable): Promise<Readable> {
  const iterator = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head = Buffer.alloc(0);
  let done = false;
  while (head.length < 4 && !done) {
    const next = await iterator.next();
    if (next.done) done = true;
    else head = Buffer.concat([head, next.value]);
  }
  async function* rest(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  const joined = Readable.from(rest(), { objectMode: false });
  if (head[0] === 0x1f && head[1] === 0x8b) return joined.pipe(createGunzip());
  if (head.readUInt32LE(0) === 0xfd2fb528) return joined.pipe(createZstdDecompress());
  return joined;
}

/**
 * The chunks of an entry for a scanner that may stop reading early: stopping does not end the entry
 * (that would fail the whole tar), and `rest()` then consumes what is left.
 */
function sharedChunks(entry: AsyncIterable<Buffer>): {
  chunks: AsyncIterable<Buffer>;
  rest(): Promise<void>;
} {
  const iterator = entry[Symbol.asyncIterator]();
  let finished = false;
  const chunks: AsyncIterable<Buffer> = {
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        if (finished) return { done: true, value: undefined };
        const next = await iterator.next();
        if (next.done) finished = true;
        return next;
      },
      return: async () => ({ done: true, value: undefined }),
    }),
  };
  return {
    chunks,
    async rest() {
      while (!finished) {
        const next = await iterator.next();
        if (next.done) finished = true;
      }
    },
  };
}

/**
 * Reads the layers in order and returns the files `select` asked for, as the top of the stack holds them.
 * A file bigger than `maxFileBytes` is skipped with a warning; the other limits stop with SbomLimitError.
 */
export async function readImageFiles(
  layers: LayerSource[],
  select: FileSelector,
  logger: Logger,
  limits: SbomLimits = defaultSbomLimits,
): Promise<ImageFiles> {
  const files = new ImageFiles(limits);
  const budget = { used: 0 };
  for (const [layerIndex, layer] of layers.entries()) {
    const raw = await layer.open();
    const tarStream = (await decompressed(raw)).pipe(new ByteBudget(budget, limits.maxUncompressedBytes));
    const extract = tar.extract();
    const reading = pipeline(tarStream, extract);
    // Errors surface through the iterator below; this keeps the pipeline's own rejection handled.
    reading.catch(() => {});
    try {
      for await (const entry of extract) {
        await readEntry(entry as unknown as TarEntry, layerIndex, layer, files, select, logger, limits);
      }
      await reading;
    } catch (error) {
      raw.destroy();
      throw error;
    }
  }
  return files;
}

type TarEntry = AsyncIterable<Buffer> & { header: tar.Header; resume(): void };

async function skip(entry: TarEntry): Promise<void> {
  for await (const _chunk of entry) {
    // discard
  }
}

async function readEntry(
  entry: TarEntry,
  layerIndex: number,
  layer: LayerSource,
  files: ImageFiles,
  select: FileSelector,
  logger: Logger,
  limits: SbomLimits,
): Promise<void> {
  const { header } = entry;
  const path = normalizeEntryPath(header.name);
  if (path === undefined) {
    if (!/^[./]*$/.test(header.name))
      logger.debug(`layer ${layer.digest}: '${header.name}' escapes the root; ignored`);
    await skip(entry);
    return;
  }
  const slash = path.lastIndexOf('/');
  const dir = slash < 0 ? '' : path.slice(0, slash);
  const base = slash < 0 ? path : path.slice(slash + 1);
  if (base === opaqueMarker) {
    files.removeTree(dir, layerIndex, true);
    await skip(entry);
    return;
  }
  if (base.startsWith(whiteoutPrefix)) {
    const target = (dir ? `${dir}/` : '') + base.slice(whiteoutPrefix.length);
    files.removeTree(target, layerIndex);
    await skip(entry);
    return;
  }
  const type = header.type ?? 'file';
  // Whatever lower layers had at this path (a file, or a directory replaced by a file) is gone now.
  if (type !== 'directory') files.removeTree(path, layerIndex);
  if (type === 'link' && header.linkname) {
    // A hard link: the same bytes as a file already seen in this layer (never a symlink, never followed).
    const target = normalizeEntryPath(header.linkname);
    const source = target ? files.get(target) : undefined;
    const interest = source ? select(path, header.mode ?? 0, source.content?.length ?? 0) : undefined;
    if (source && interest) files.put({ ...source, path, layerIndex, layer });
    await skip(entry);
    return;
  }
  if (type !== 'file' && type !== 'contiguous-file') {
    await skip(entry);
    return;
  }
  const size = header.size ?? 0;
  const interest = select(path, header.mode ?? 0, size);
  if (!interest) {
    await skip(entry);
    return;
  }
  if (interest.kind === 'keep') {
    if (size > limits.maxFileBytes) {
      logger.warning(
        `${path} (layer ${layer.digest}) is ${size} bytes, over the ${limits.maxFileBytes}-byte limit; not catalogued`,
      );
      await skip(entry);
      return;
    }
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of entry) {
      length += chunk.length;
      if (length > limits.maxFileBytes)
        throw new SbomLimitError(`${path} is longer than its tar header says`);
      chunks.push(chunk);
    }
    files.put({ path, layerIndex, layer, content: Buffer.concat(chunks) });
    return;
  }
  const shared = sharedChunks(entry);
  const result = await interest.scan(shared.chunks, size);
  await shared.rest();
  if (result !== undefined) files.put({ path, layerIndex, layer, content: undefined, result });
}
