import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, readFile, readlink, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline as pipelineCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ConfigurationError, RegistryError, fileErrorReason } from '../errors.ts';
import { DigestVerifier, digestProblem, digestWithAlgorithmOf, sha256Digest } from './digest.ts';
import { formatLimit, readLimits } from './limits.ts';
import { manifestMediaType, parseManifest } from './manifest.ts';
import {
  MediaType,
  isIndex,
  type Descriptor,
  type ImageIndex,
  type Manifest,
  type ManifestData,
  type Repository,
} from './types.ts';

/** The annotation that names a tag in an OCI image layout's index.json. */
export const refNameAnnotation = 'org.opencontainers.image.ref.name';

// A manifest is small; anything bigger is a layer, never parsed as JSON.
const maxManifestBytes = readLimits.manifest;
const tagPattern = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
// Like the 404 of a missing manifest, a layout's refusals carry the status a registry would answer, so
// the copy engine knows that trying again cannot help: 400, the layout itself is wrong.
const layoutRefusal = 400;

/**
 * An OCI image layout directory (`oci-layout`, `index.json`, `blobs/<alg>/<hex>`) as a Repository.
 * Tags are `org.opencontainers.image.ref.name` annotations in index.json; manifests pushed with a
 * `subject` are listed there untagged, so that referrers are found by scanning it (as the image-layout
 * specification describes). Blobs land in a temporary file and are renamed into place only after their
 * digest checks; index.json is replaced atomically. The directory is created on the first write.
 */
export class OciLayoutRepository implements Repository {
  readonly display: string;
  readonly root: string;
  /** The input the directory came from, named when the file system refuses it. */
  readonly inputName: string | undefined;
  // index.json read-modify-write cycles of this process run one at a time.
  private indexQueue: Promise<unknown> = Promise.resolve();

  constructor(root: string, inputName?: string) {
    this.root = resolve(root);
    this.display = `oci:${root}`;
    this.inputName = inputName;
  }

  /**
   * A file system error the user can fix (a path under a file, a directory that may not be written, a
   * full disk) as a ConfigurationError that names the path and the input, so it is neither retried nor
   * called internal. Other errors are returned as they are.
   */
  private fileError(error: unknown, action: 'read' | 'write', path: string): unknown {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const reason = fileErrorReason(code);
    if (reason === undefined) return error;
    const input = this.inputName ? `input '${this.inputName}'` : 'the oci: reference';
    return new ConfigurationError(
      `${this.display}: cannot ${action} ${path}: ${reason} (${code}); ` +
        `give ${input} a directory this job can ${action === 'read' ? 'read' : 'create and write'}`,
      { cause: error },
    );
  }

  /** Runs a file system operation on `path`, mapping the errors a user can fix (see fileError). */
  private async onDisk<T>(action: 'read' | 'write', path: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw this.fileError(error, action, path);
    }
  }

  private blobPath(digest: string): string {
    const problem = digestProblem(digest);
    if (problem) throw new RegistryError(`${this.display}: '${digest}' is not a valid digest: ${problem}`);
    const [algorithm, hex] = digest.split(':') as [string, string];
    return join(this.root, 'blobs', algorithm, hex);
  }

  /** A blob's path, once it is known not to lead out of the layout through a symbolic link. */
  private async insideBlobPath(digest: string): Promise<string> {
    const path = this.blobPath(digest);
    await this.staysInside(path);
    return path;
  }

  /**
   * Refuses a path that a symbolic link (`blobs`, `blobs/sha256`, a blob, index.json) leads out of the
   * layout: a layout is read and written only within its own directory. Links inside it are followed.
   * For a path that does not exist yet, the nearest existing directory above it is checked.
   */
  private async staysInside(path: string): Promise<void> {
    const root = await realpath(this.root).catch(() => undefined);
    if (root === undefined) return; // no layout yet: nothing to follow
    let existing = path;
    let real: string | undefined;
    while (real === undefined) {
      try {
        real = await realpath(existing);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if ((code !== 'ENOENT' && code !== 'ENOTDIR') || existing === this.root) return;
        existing = dirname(existing);
      }
    }
    if (real === root || real.startsWith(root + sep)) return;
    // Name the link that leads out: the first component of the path that is one.
    let current = this.root;
    for (const part of relative(this.root, existing).split(sep)) {
      current = join(current, part);
      const stats = await lstat(current).catch(() => undefined);
      if (stats?.isSymbolicLink()) {
        const target = await readlink(current).catch(() => '?');
        throw new RegistryError(
          `${this.display}: ${relative(this.root, current)} is a symbolic link to ${target}, outside the layout; ` +
            'airlock does not follow links out of an oci: layout (copy the files into it instead)',
          layoutRefusal,
        );
      }
    }
    throw new RegistryError(
      `${this.display}: ${relative(this.root, existing)} leads outside the layout, to ${real}`,
      layoutRefusal,
    );
  }

  private async readIndex(): Promise<ImageIndex> {
    let text: string;
    const path = join(this.root, 'index.json');
    try {
      await this.staysInside(path);
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] };
      }
      throw this.fileError(error, 'read', path);
    }
    try {
      const index = JSON.parse(text) as ImageIndex;
      if (!Array.isArray(index.manifests)) throw new Error('no manifests array');
      return index;
    } catch {
      throw new RegistryError(`${join(this.root, 'index.json')} is not a valid OCI image layout index`);
    }
  }

  private async ensureLayout(): Promise<void> {
    const blobs = join(this.root, 'blobs', 'sha256');
    await this.staysInside(blobs);
    await this.onDisk('write', blobs, () => mkdir(blobs, { recursive: true }));
    const marker = join(this.root, 'oci-layout');
    await writeFile(marker, '{"imageLayoutVersion":"1.0.0"}', { flag: 'wx' }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw this.fileError(error, 'write', marker);
      },
    );
  }

  private updateIndex(change: (index: ImageIndex) => void): Promise<void> {
    const next = this.indexQueue.then(async () => {
      await this.ensureLayout();
      const index = await this.readIndex();
      change(index);
      const temporary = join(this.root, `.index.json.${randomUUID()}`);
      const path = join(this.root, 'index.json');
      await this.onDisk('write', path, async () => {
        await writeFile(temporary, JSON.stringify(index));
        await rename(temporary, path);
      });
    });
    this.indexQueue = next.catch(() => undefined);
    return next;
  }

  private async readManifestBlob(descriptor: Descriptor): Promise<Buffer> {
    if (descriptor.size > maxManifestBytes) {
      throw new RegistryError(
        `${this.display}: manifest ${descriptor.digest} is larger than ${formatLimit(maxManifestBytes)}`,
      );
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(await this.insideBlobPath(descriptor.digest));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new RegistryError(`${this.display}: manifest ${descriptor.digest} is missing from blobs/`, 404);
      }
      throw this.fileError(error, 'read', this.blobPath(descriptor.digest));
    }
    const actual = digestWithAlgorithmOf(descriptor.digest, bytes);
    if (actual !== descriptor.digest) {
      throw new RegistryError(
        `${this.display}: manifest ${descriptor.digest} is corrupt (content is ${actual})`,
      );
    }
    return bytes;
  }

  async resolve(reference: string): Promise<Descriptor | undefined> {
    if (reference.includes(':')) {
      const size = await stat(await this.insideBlobPath(reference)).then(
        (stats) => stats.size,
        () => undefined,
      );
      if (size === undefined || size > maxManifestBytes) return undefined;
      const bytes = await this.readManifestBlob({ mediaType: '', digest: reference, size });
      const manifest = parseManifest(bytes, `${this.display}@${reference}`);
      return { mediaType: manifestMediaType(manifest), digest: reference, size };
    }
    const index = await this.readIndex();
    const entry = index.manifests.findLast(
      (descriptor) => descriptor.annotations?.[refNameAnnotation] === reference,
    );
    return entry && { mediaType: entry.mediaType, digest: entry.digest, size: entry.size };
  }

  async getManifest(reference: string): Promise<ManifestData> {
    const descriptor = await this.resolve(reference);
    if (!descriptor) throw new RegistryError(`${this.display}: no manifest '${reference}'`, 404);
    const bytes = await this.readManifestBlob(descriptor);
    const manifest = parseManifest(bytes, `${this.display}@${descriptor.digest}`);
    return { descriptor, bytes, manifest };
  }

  async putManifest(bytes: Buffer, mediaType: string, tag?: string): Promise<Descriptor> {
    if (tag !== undefined && !tagPattern.test(tag)) {
      throw new RegistryError(`${this.display}: '${tag}' is not a valid tag`);
    }
    const digest = sha256Digest(bytes);
    const manifest = parseManifest(bytes, `the manifest ${digest} written to ${this.display}`);
    const descriptor: Descriptor = { mediaType, digest, size: bytes.length };
    await this.ensureLayout();
    await this.writeBlobFile(digest, async (path) => writeFile(path, bytes));
    if (tag !== undefined) {
      await this.updateIndex((index) => {
        index.manifests = index.manifests.filter((entry) => entry.annotations?.[refNameAnnotation] !== tag);
        index.manifests.push({ ...descriptor, annotations: { [refNameAnnotation]: tag } });
      });
    } else if (manifest.subject) {
      await this.updateIndex((index) => {
        if (!index.manifests.some((entry) => entry.digest === digest)) index.manifests.push(descriptor);
      });
    }
    return descriptor;
  }

  async deleteManifest(digest: string): Promise<void> {
    await this.updateIndex((index) => {
      index.manifests = index.manifests.filter((entry) => entry.digest !== digest);
    });
    const path = await this.insideBlobPath(digest);
    await this.onDisk('write', path, () => rm(path, { force: true }));
  }

  async listTags(): Promise<string[]> {
    const index = await this.readIndex();
    const tags = index.manifests.map((entry) => entry.annotations?.[refNameAnnotation]);
    return [...new Set(tags.filter((tag): tag is string => tag !== undefined))];
  }

  async hasBlob(digest: string): Promise<boolean> {
    return stat(await this.insideBlobPath(digest)).then(
      () => true,
      () => false,
    );
  }

  async getBlob(descriptor: Descriptor): Promise<Readable> {
    const path = await this.insideBlobPath(descriptor.digest);
    const stats = await stat(path).catch(() => undefined);
    if (!stats) throw new RegistryError(`${this.display}: blob ${descriptor.digest} is missing`, 404);
    if (stats.size !== descriptor.size) {
      throw new RegistryError(
        `${this.display}: blob ${descriptor.digest} is ${stats.size} bytes, but its descriptor says ` +
          `${descriptor.size}: the layout is damaged or the blob was replaced`,
        layoutRefusal,
      );
    }
    const verifier = new DigestVerifier(descriptor.digest, descriptor.size, `${this.display} blob`);
    // The pipeline listens for errors on both streams, so a mismatch found before the consumer reads
    // ends the stream with that error instead of an unhandled 'error' event; a file error names the path.
    const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
    pipelineCallback(file, verifier, (error) => {
      if (error && error !== verifier.errored) verifier.destroy(this.fileError(error, 'read', path) as Error);
    });
    return verifier;
  }

  async putBlob(descriptor: Descriptor, content: Readable | (() => Readable)): Promise<void> {
    await this.ensureLayout();
    await this.writeBlobFile(descriptor.digest, (path) =>
      pipeline(
        typeof content === 'function' ? content() : content,
        new DigestVerifier(descriptor.digest, descriptor.size, 'blob'),
        createWriteStream(path),
      ),
    );
  }

  /** Writes through a temporary file that becomes the blob only once `write` has fully succeeded. */
  private async writeBlobFile(digest: string, write: (path: string) => Promise<void>): Promise<void> {
    const target = await this.insideBlobPath(digest);
    const directory = join(target, '..');
    await this.onDisk('write', directory, () => mkdir(directory, { recursive: true }));
    await this.staysInside(target);
    const temporary = join(this.root, `.upload-${randomUUID()}`);
    try {
      await write(temporary).catch((error: unknown) => {
        // A write error names the file; a digest mismatch from the source stream passes as it is.
        throw this.fileError(error, 'write', this.root);
      });
      await this.onDisk('write', target, () => rename(temporary, target));
    } finally {
      await rm(temporary, { force: true }).catch(() => undefined);
    }
  }

  async referrers(digest: string, artifactType?: string): Promise<Descriptor[]> {
    const index = await this.readIndex();
    const seen = new Set<string>();
    const found: Descriptor[] = [];
    for (const entry of index.manifests) {
      if (seen.has(entry.digest) || entry.size > maxManifestBytes) continue;
      seen.add(entry.digest);
      const bytes = await this.readManifestBlob(entry).catch(() => undefined);
      if (!bytes) continue;
      const manifest = JSON.parse(bytes.toString('utf8')) as Manifest;
      if (manifest.subject?.digest !== digest) continue;
      const type = manifest.artifactType ?? (isIndex(manifest) ? undefined : manifest.config.mediaType);
      if (artifactType && type !== artifactType) continue;
      found.push({
        mediaType: manifestMediaType(manifest),
        digest: entry.digest,
        size: entry.size,
        ...(type ? { artifactType: type } : {}),
        ...(manifest.annotations ? { annotations: manifest.annotations } : {}),
      });
    }
    return found;
  }
}
