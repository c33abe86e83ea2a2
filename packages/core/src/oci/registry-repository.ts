// One repository on a registry: the distribution API (manifests, blobs, uploads, mounts, tags,
// referrers) over the client's transport and authenticator, verifying every byte it reads.

import { Readable } from 'node:stream';
import { RegistryError } from '../errors.ts';
import { ResumingBody, rechunk } from './blob-streams.ts';
import {
  BlobCheck,
  digestProblem,
  digestTag,
  digestWithAlgorithmOf,
  isDigest,
  sha256Digest,
} from './digest.ts';
import {
  RetryableError,
  describeUrl,
  errorCode,
  header,
  type HttpRequest,
  type HttpResponse,
} from './http.ts';
import { formatLimit, readLimits } from './limits.ts';
import { parseManifest } from './manifest.ts';
import { registryApiHost } from './reference.ts';
import type { RegistryClient } from './registry-client.ts';
import {
  addQuery,
  errorDetail,
  mediaTypeOf,
  nextLink,
  parseJson,
  readBodyBounded,
} from './registry-answers.ts';
import {
  MediaType,
  isIndex,
  manifestMediaTypes,
  type Descriptor,
  type ImageIndex,
  type ManifestData,
  type Repository,
} from './types.ts';

const manifestAccept = manifestMediaTypes.join(', ');
/** Chunks of uploads that go chunked without a configured size (after a 413). */
const defaultChunkSize = 8 * 1024 * 1024;
/** How many times one blob download is resumed after its connection broke. */
const maxBlobResumes = 5;

/** A manifest read from a registry, with the ETag the registry sent (for `If-Match` updates). */
export interface RegistryManifestData extends ManifestData {
  etag?: string;
}

export interface ManifestPutOptions {
  /** Write under this tag; without it, under the manifest's digest. */
  tag?: string;
  /** Only replace what the tag holds if its ETag still is this (the referrers fallback index update). */
  ifMatch?: string;
}

export interface ManifestPutResult {
  descriptor: Descriptor;
  /** The registry answered with `OCI-Subject`: it indexes referrers itself, no fallback tag is needed. */
  subjectAccepted: boolean;
}

/** A conditional write lost a race: what it meant to replace has changed. Read again and retry. */
export class PreconditionFailedError extends RegistryError {
  override name = 'PreconditionFailedError';
}

/** One repository on a registry. Reads need pull access, writes pull and push. */
export class RegistryRepository implements Repository {
  readonly client: RegistryClient;
  /** The registry as the user named it (`docker.io`). */
  readonly registry: string;
  /** The host that serves its API (`registry-1.docker.io`). */
  readonly host: string;
  readonly name: string;
  readonly display: string;
  private readonly pullScope: string[];
  private readonly pushScope: string[];
  /** Upload sessions a declined mount left open, by digest: the next upload of that blob uses them. */
  private readonly openUploads = new Map<string, string>();

  constructor(client: RegistryClient, registry: string, name: string) {
    this.client = client;
    this.registry = registry;
    this.host = registryApiHost(registry);
    this.name = name;
    this.display = `${registry}/${name}`;
    this.pullScope = [`repository:${name}:pull`];
    this.pushScope = [`repository:${name}:pull,push`];
  }

  private url(path: string): string {
    return `${this.client.transport.baseUrl(this.host)}/v2/${this.name}/${path}`;
  }

  private call<T>(scopes: string[], request: HttpRequest, handle: (response: HttpResponse) => Promise<T>) {
    return this.client.call(this.host, scopes, request, handle);
  }

  /** Registries answer 404 for private repositories to anonymous clients: say so when anonymous. */
  private async privateHint(): Promise<string> {
    return (await this.client.auth.hasCredential(this.host))
      ? ''
      : ` (if the repository is private: ${await this.client.auth.credentialHint(this.host)})`;
  }

  private failure(response: HttpResponse, what: string): Promise<RegistryError> {
    return this.client.failure(response, this.host, this.display, what);
  }

  async resolve(reference: string): Promise<Descriptor | undefined> {
    const descriptor = await this.call(
      this.pullScope,
      { method: 'HEAD', url: this.url(`manifests/${reference}`), headers: { accept: manifestAccept } },
      async (response) => {
        await response.body.dump();
        if (response.status === 404) return null;
        if (response.status !== 200) throw await this.failure(response, `reading manifest ${reference} of`);
        const digest = header(response.headers, 'docker-content-digest');
        const mediaType = mediaTypeOf(header(response.headers, 'content-type'));
        const size = Number(header(response.headers, 'content-length'));
        if (isDigest(reference) && digest !== undefined && digest !== reference) {
          throw new RegistryError(
            `${this.display} answered manifest ${reference} with the digest ${digest}; the registry is not trustworthy`,
          );
        }
        const resolved = digest ?? (isDigest(reference) ? reference : undefined);
        if (!resolved || !mediaType || !Number.isInteger(size) || size <= 0) return undefined;
        return { mediaType, digest: resolved, size } satisfies Descriptor;
      },
    );
    if (descriptor === null) return undefined;
    if (descriptor) return descriptor;
    // The HEAD lacked a digest, type or size: read the manifest itself (and verify it).
    return (await this.getManifest(reference)).descriptor;
  }

  async getManifest(reference: string): Promise<RegistryManifestData> {
    const byDigest = isDigest(reference);
    return this.call(
      this.pullScope,
      { method: 'GET', url: this.url(`manifests/${reference}`), headers: { accept: manifestAccept } },
      async (response) => {
        if (response.status === 404) {
          await response.body.dump();
          throw new RegistryError(
            `the manifest ${reference} was not found in ${this.display}${await this.privateHint()}`,
            404,
          );
        }
        if (response.status !== 200) throw await this.failure(response, `reading manifest ${reference} of`);
        const bytes = await readBodyBounded(
          response,
          readLimits.manifest,
          `the manifest ${reference} of ${this.display}`,
        );
        // By digest the reference is the truth; by tag, the registry's digest header is. A byte flipped
        // inside a JSON string still parses, so the bytes are always hashed and compared.
        const expected = byDigest ? reference : header(response.headers, 'docker-content-digest');
        if (expected !== undefined && digestProblem(expected) === undefined) {
          const actual = digestWithAlgorithmOf(expected, bytes);
          if (actual !== expected) {
            throw new RetryableError(
              `the manifest ${reference} of ${this.display} has the digest ${actual}, not ${expected}: ` +
                'its bytes were changed on the way',
            );
          }
        } else if (expected !== undefined) {
          throw new RegistryError(
            `${this.display} sent the manifest digest "${expected}", which is not valid`,
          );
        } else {
          this.client.logger.debug(`${this.display} sent no Docker-Content-Digest for ${reference}`);
        }
        const manifest = parseManifest(bytes, `the manifest ${reference} of ${this.display}`);
        const mediaType = manifest.mediaType ?? mediaTypeOf(header(response.headers, 'content-type'));
        if (!mediaType)
          throw new RegistryError(`the manifest ${reference} of ${this.display} has no media type`);
        const digest = expected?.startsWith('sha256:') ? expected : sha256Digest(bytes);
        const etag = header(response.headers, 'etag');
        return {
          descriptor: { mediaType, digest, size: bytes.length },
          bytes,
          manifest,
          ...(etag ? { etag } : {}),
        };
      },
    );
  }

  async putManifest(bytes: Buffer, mediaType: string, tag?: string): Promise<Descriptor> {
    return (await this.putManifestWithResult(bytes, mediaType, tag !== undefined ? { tag } : {})).descriptor;
  }

  /** Writes a manifest and reports whether the registry recognised its subject (`OCI-Subject`). */
  async putManifestWithResult(
    bytes: Buffer,
    mediaType: string,
    options: ManifestPutOptions = {},
  ): Promise<ManifestPutResult> {
    const digest = sha256Digest(bytes);
    const target = options.tag ?? digest;
    const headers: Record<string, string> = { 'content-type': mediaType };
    if (options.ifMatch) headers['if-match'] = options.ifMatch;
    return this.call(
      this.pushScope,
      { method: 'PUT', url: this.url(`manifests/${target}`), headers, body: bytes },
      async (response) => {
        if (response.status === 412) {
          await response.body.dump();
          throw new PreconditionFailedError(
            `the manifest ${target} of ${this.display} changed while it was being updated`,
            412,
          );
        }
        if (response.status !== 201 && response.status !== 200) {
          throw await this.failure(response, `writing manifest ${target} to`);
        }
        await response.body.dump();
        const stored = header(response.headers, 'docker-content-digest');
        if (stored !== undefined && stored !== digest) {
          throw new RegistryError(
            `${this.display} stored the manifest ${target} as ${stored}, expected ${digest}`,
          );
        }
        return {
          descriptor: { mediaType, digest, size: bytes.length },
          subjectAccepted: header(response.headers, 'oci-subject') !== undefined,
        };
      },
    );
  }

  async deleteManifest(digest: string): Promise<void> {
    await this.call(
      this.pushScope,
      { method: 'DELETE', url: this.url(`manifests/${digest}`) },
      async (response) => {
        if (response.status === 202 || response.status === 200 || response.status === 404) {
          await response.body.dump();
          return;
        }
        if (response.status === 405) {
          await response.body.dump();
          throw new RegistryError(
            `${this.display} does not allow deleting manifests (HTTP 405): enable deletion on the registry, or do not ask to delete`,
            405,
          );
        }
        throw await this.failure(response, `deleting manifest ${digest} from`);
      },
    );
  }

  /** Every tag, following the registry's `Link` pages of `pageSize` tags. */
  async listTags(pageSize = 1000): Promise<string[]> {
    const tags: string[] = [];
    const budget = new ListBudget(`the tag list of ${this.display}`);
    let url: string | undefined = addQuery(this.url('tags/list'), { n: String(pageSize) });
    for (let page = 0; url !== undefined; page++) {
      budget.nextPage(url);
      const current: string = url;
      url = await this.call(this.pullScope, { method: 'GET', url: current }, async (response) => {
        if (response.status === 404) {
          await response.body.dump();
          return undefined;
        }
        if (response.status !== 200) throw await this.failure(response, 'listing the tags of');
        const parsed = parseJson<{ tags?: unknown }>(
          await budget.read(response),
          `the tag list of ${this.display}`,
        );
        if (parsed.tags !== undefined && parsed.tags !== null && !Array.isArray(parsed.tags)) {
          throw new RegistryError(`${this.display} answered the tag list with something other than a list`);
        }
        tags.push(
          ...((parsed.tags ?? []) as unknown[]).filter((tag): tag is string => typeof tag === 'string'),
        );
        return nextLink(response);
      });
    }
    return tags;
  }

  async hasBlob(digest: string): Promise<boolean> {
    return this.call(
      this.pullScope,
      { method: 'HEAD', url: this.url(`blobs/${digest}`) },
      async (response) => {
        await response.body.dump();
        if (response.status === 200) return true;
        if (response.status === 404) return false;
        throw await this.failure(response, `checking blob ${digest} in`);
      },
    );
  }

  /**
   * Streams a blob, verified against its digest and size (the stream errors at the end otherwise).
   * A connection that breaks mid-body is resumed with a Range request from the last byte received,
   * so a long download survives resets; corrupted bytes cannot be taken back and end in an error.
   */
  async getBlob(descriptor: Descriptor): Promise<Readable> {
    const first = await this.openBlob(descriptor, 0);
    const what = `blob ${descriptor.digest} of ${this.display}`;
    return new ResumingBody(
      first.body,
      descriptor.size,
      (offset, resumes, error) => {
        if (resumes > maxBlobResumes) {
          throw new RegistryError(
            `reading ${what} failed after ${offset} bytes and ${maxBlobResumes} resumed connections: ${errorCode(error) ?? 'connection lost'}`,
            undefined,
            { cause: error },
          );
        }
        this.client.logger.debug(
          `${what}: connection lost after ${offset} bytes (${errorCode(error) ?? 'error'}); resuming`,
        );
        return this.openBlob(descriptor, offset);
      },
      new BlobCheck(descriptor.digest, descriptor.size, `${this.display} blob`),
    );
  }

  /** Opens a blob's body from `offset` (a Range request); `skip` bytes to drop if the range was ignored. */
  private async openBlob(descriptor: Descriptor, offset: number): Promise<{ body: Readable; skip: number }> {
    const { digest, size } = descriptor;
    const headers: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {};
    return this.call(
      this.pullScope,
      { method: 'GET', url: this.url(`blobs/${digest}`), headers },
      async (response) => {
        if (response.status === 404) {
          await response.body.dump();
          throw new RegistryError(`the blob ${digest} was not found in ${this.display}`, 404);
        }
        if (response.status !== 200 && response.status !== 206) {
          throw await this.failure(response, `reading blob ${digest} of`);
        }
        const partial = response.status === 206;
        const expected = partial ? size - offset : size;
        const length = header(response.headers, 'content-length');
        const range = header(response.headers, 'content-range');
        if (
          (length !== undefined && Number(length) !== expected) ||
          (partial && !range?.startsWith(`bytes ${offset}-`))
        ) {
          await response.body.dump();
          throw new RetryableError(
            `${this.display} sent ${length ?? 'an unknown number of'} bytes for the blob ${digest}, expected ${expected}`,
          );
        }
        return { body: response.body, skip: partial ? 0 : offset };
      },
    );
  }

  /**
   * Uploads a blob: POST to open a session, then one PUT of the whole body with its length (or, for
   * blobs above the client's `uploadChunkSize`, PATCHes of that size and a closing PUT; a PATCH is
   * never repeated, since the registry may have taken it before the answer was lost). A `() => Readable` factory lets a failed
   * upload start over (a new session, a fresh stream); a bare Readable is sent once, and a failure is
   * left to the caller to retry from the source. The registry checks the digest before it keeps the blob.
   */
  async putBlob(descriptor: Descriptor, content: Readable | (() => Readable)): Promise<void> {
    // Each attempt is a new upload session: a closing PUT whose answer was lost may have used its session.
    const attempts = typeof content === 'function' ? 5 : 1;
    let chunked = this.client.uploadChunkSize !== undefined && descriptor.size > this.client.uploadChunkSize;
    for (let attempt = 1; ; attempt++) {
      try {
        const location = this.openUploads.get(descriptor.digest) ?? (await this.startUpload());
        this.openUploads.delete(descriptor.digest);
        const body = typeof content === 'function' ? content() : content;
        if (chunked) await this.uploadInChunks(location, descriptor, body);
        else await this.finishUpload(location, descriptor, body);
        return;
      } catch (error) {
        const status = error instanceof RegistryError ? error.status : undefined;
        // A registry that refuses one large PUT (413) may take the same bytes in chunks.
        const tooLarge = status === 413 && !chunked;
        if (
          attempt >= attempts ||
          !(error instanceof RegistryError) ||
          (status !== undefined && status < 500 && status !== 429 && !tooLarge)
        ) {
          throw error;
        }
        if (tooLarge) chunked = true;
        this.client.logger.debug(`uploading ${descriptor.digest} to ${this.display} again: ${error.message}`);
      }
    }
  }

  private async uploadInChunks(location: string, descriptor: Descriptor, body: Readable): Promise<void> {
    const chunkSize = this.client.uploadChunkSize ?? defaultChunkSize;
    let offset = 0;
    let current = location;
    for await (const chunk of rechunk(body, chunkSize)) {
      const headers = {
        'content-type': 'application/octet-stream',
        'content-length': String(chunk.length),
        'content-range': `${offset}-${offset + chunk.length - 1}`,
      };
      current = await this.call(
        this.pushScope,
        { method: 'PATCH', url: current, headers, body: chunk, retryable: false },
        async (response) => {
          await response.body.dump();
          if (response.status !== 202)
            throw await this.failure(response, `uploading blob ${descriptor.digest} to`);
          const next = header(response.headers, 'location');
          return next ? new URL(next, response.url).toString() : current;
        },
      );
      offset += chunk.length;
    }
    if (offset !== descriptor.size) {
      throw new RegistryError(
        `the blob ${descriptor.digest} for ${this.display} had ${offset} bytes, expected ${descriptor.size}`,
      );
    }
    await this.finishUpload(current, { ...descriptor, size: 0 }, Buffer.alloc(0), descriptor.digest);
  }

  /** Cross-repository mount within one registry; false when the registry declined (then upload). */
  async mountBlob(descriptor: Descriptor, from: Repository): Promise<boolean> {
    if (!(from instanceof RegistryRepository) || from.host !== this.host || from.name === this.name)
      return false;
    const url = addQuery(this.url('blobs/uploads/'), { mount: descriptor.digest, from: from.name });
    const scopes = [...this.pushScope, ...from.pullScope];
    return this.call(
      scopes,
      { method: 'POST', url, headers: { 'content-length': '0' } },
      async (response) => {
        await response.body.dump();
        if (response.status === 201) return true;
        if (response.status === 202) {
          const location = header(response.headers, 'location');
          if (location) this.openUploads.set(descriptor.digest, new URL(location, response.url).toString());
          return false;
        }
        throw await this.failure(response, `mounting blob ${descriptor.digest} from ${from.display} into`);
      },
    );
  }

  private async startUpload(): Promise<string> {
    return this.call(
      this.pushScope,
      { method: 'POST', url: this.url('blobs/uploads/'), headers: { 'content-length': '0' } },
      async (response) => {
        await response.body.dump();
        if (response.status !== 202) throw await this.failure(response, 'starting an upload to');
        const location = header(response.headers, 'location');
        if (!location) throw new RegistryError(`${this.display} opened an upload without a Location`);
        return new URL(location, response.url).toString();
      },
    );
  }

  /** The closing PUT: the whole body, or (after chunks) an empty one naming the digest. */
  private async finishUpload(
    location: string,
    descriptor: Descriptor,
    body: Readable | Buffer,
    digest = descriptor.digest,
  ): Promise<void> {
    const url = addQuery(location, { digest });
    const headers = { 'content-type': 'application/octet-stream', 'content-length': String(descriptor.size) };
    await this.call(this.pushScope, { method: 'PUT', url, headers, body }, async (response) => {
      if (response.status !== 201 && response.status !== 204) {
        throw await this.failure(response, `uploading blob ${digest} to`);
      }
      await response.body.dump();
      const stored = header(response.headers, 'docker-content-digest');
      if (stored !== undefined && stored !== digest) {
        throw new RegistryError(`${this.display} stored the blob ${digest} as ${stored}`);
      }
    });
  }

  /**
   * The referrers of `digest`: the referrers API, or, where the registry has none (404), the
   * `sha256-<hex>` tag index. Filtered by `artifactType` when given.
   */
  async referrers(digest: string, artifactType?: string): Promise<Descriptor[]> {
    const filter = (descriptors: Descriptor[]) =>
      artifactType === undefined ? descriptors : descriptors.filter((d) => d.artifactType === artifactType);
    if (this.client.referrersApiKnown(this.host) !== false) {
      const listed = await this.referrersFromApi(digest, artifactType);
      if (listed !== undefined) return filter(listed);
    }
    const fallback = await this.referrersTagIndex(digest);
    return filter(fallback?.index.manifests ?? []);
  }

  /** The referrers API's answer (every `Link` page), or undefined when the endpoint is missing. */
  private async referrersFromApi(digest: string, artifactType?: string): Promise<Descriptor[] | undefined> {
    const descriptors: Descriptor[] = [];
    const first = this.url(`referrers/${digest}`);
    let url: string | undefined = artifactType ? addQuery(first, { artifactType }) : first;
    const budget = new ListBudget(`the referrers of ${digest} in ${this.display}`);
    for (let page = 0; url !== undefined; page++) {
      budget.nextPage(url);
      const current: string = url;
      const answer = await this.call(
        this.pullScope,
        { method: 'GET', url: current, headers: { accept: MediaType.ociIndex } },
        async (response) => {
          if (response.status === 404 || response.status === 405) {
            // A registry without the endpoint answers its router's plain 404; a distribution error
            // (NAME_UNKNOWN) means the endpoint exists and the repository does not (yet).
            const detail = await errorDetail(response);
            if (detail === '') this.client.setReferrersApi(this.host, false);
            return undefined;
          }
          if (response.status !== 200) {
            throw await this.failure(response, `listing the referrers of ${digest} in`);
          }
          const index = parseJson<Partial<ImageIndex>>(
            await budget.read(response),
            `the referrers of ${digest} in ${this.display}`,
          );
          if (!Array.isArray(index.manifests)) {
            throw new RegistryError(
              `${this.display} answered the referrers of ${digest} with something other than an index`,
            );
          }
          return { manifests: index.manifests, next: nextLink(response) };
        },
      );
      if (answer === undefined) return page === 0 ? undefined : descriptors;
      this.client.setReferrersApi(this.host, true);
      descriptors.push(...answer.manifests);
      url = answer.next;
    }
    return descriptors;
  }

  /** The `sha256-<hex>` fallback tag index of `digest` with its ETag, or undefined when there is none. */
  async referrersTagIndex(
    digest: string,
  ): Promise<{ index: ImageIndex; data: RegistryManifestData } | undefined> {
    const tag = digestTag(digest);
    if (!(await this.resolve(tag))) return undefined;
    const data = await this.getManifest(tag);
    if (!isIndex(data.manifest)) {
      throw new RegistryError(`the referrers tag ${tag} of ${this.display} holds a manifest, not an index`);
    }
    return { index: data.manifest, data };
  }

  /** The URL-free description of a request, for messages. */
  describe(path: string): string {
    return describeUrl(this.url(path));
  }
}

/**
 * The limits of one paged list (tags, referrers): each page, all pages together, and their number.
 * A registry that answers endlessly, or pages without end, is stopped with an error naming it.
 */
class ListBudget {
  private pages = 0;
  private bytes = 0;
  private readonly seen = new Set<string>();
  private readonly what: string;

  constructor(what: string) {
    this.what = what;
  }

  nextPage(url: string): void {
    if (this.seen.has(url)) {
      throw new RegistryError(`${this.what} pages in a loop (${describeUrl(url)} again); refusing it`);
    }
    this.seen.add(url);
    this.pages++;
    if (this.pages > readLimits.listPages) {
      throw new RegistryError(
        `${this.what} goes on for more than ${readLimits.listPages} pages; refusing it`,
      );
    }
  }

  /** One page's body as text, within what is left of the total. */
  async read(response: HttpResponse): Promise<string> {
    const left = readLimits.listTotal - this.bytes;
    const limit = Math.min(readLimits.listPage, left);
    let page: Buffer;
    try {
      page = await readBodyBounded(response, limit, `one page of ${this.what}`);
    } catch (error) {
      if (limit < readLimits.listPage && error instanceof RegistryError) {
        throw new RegistryError(
          `${this.what} is larger than the ${formatLimit(readLimits.listTotal)} airlock reads in all; refusing it`,
        );
      }
      throw error;
    }
    this.bytes += page.length;
    return page.toString('utf8');
  }
}
