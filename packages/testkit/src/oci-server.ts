import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './ports.ts';

// A small OCI distribution server, in process, in memory: what the demo uses when Debian's docker-registry
// is not installed. It keeps to the distribution spec (v1.1) and to the behaviour of the CNCF
// distribution registry where the spec leaves a choice:
//   - blobs: GET/HEAD (with Range), DELETE, uploads monolithic (POST ?digest=, or POST then PUT),
//     chunked (PATCH with Content-Range, then PUT), cross-repository mounts, digest verification;
//   - manifests: PUT/GET/HEAD/DELETE by tag or digest, OCI and Docker media types, the blobs and child
//     manifests they name must exist, ETag and If-Match;
//   - Accept: an OCI manifest or index is 404 unless Accept lists its type (as distribution 2.8 does); a
//     Docker manifest list asked for without its type answers the linux/amd64 manifest;
//   - tags list with `n`/`last` pagination and a `Link` header; the referrers API (optional).
// Plain HTTP on 127.0.0.1, no auth: it is for the demo and the tests only.

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

const repositoryPattern =
  /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const tagPattern = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
const digestPattern = /^sha256:[a-f0-9]{64}$/;

export const ociMediaTypes = {
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  index: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
} as const;
const manifestTypes = new Set<string>(Object.values(ociMediaTypes));

export interface OciServerOptions {
  /** Serve `GET /v2/<name>/referrers/<digest>` (default true); without it, the endpoint is a plain 404. */
  referrers?: boolean;
  /** The largest body accepted in one request (default 1 GiB). */
  maxBodyBytes?: number;
}

interface StoredManifest {
  mediaType: string;
  data: Buffer;
  /** `subject.digest`, for the referrers API. */
  subject?: string;
  artifactType?: string;
  annotations?: Record<string, string>;
}

interface Repository {
  blobs: Set<string>;
  manifests: Map<string, StoredManifest>;
  tags: Map<string, string>;
}

interface Upload {
  repository: string;
  chunks: Buffer[];
  size: number;
}

class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;
  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

type ParsedManifest = {
  mediaType?: string;
  config?: { digest?: string; mediaType?: string };
  layers?: { digest?: string }[];
  manifests?: { digest?: string; platform?: { os?: string; architecture?: string } }[];
  subject?: { digest?: string };
  artifactType?: string;
  annotations?: Record<string, string>;
};

export class OciServer {
  readonly host: string;
  /** `METHOD path?query` of every request, for tests. */
  readonly requests: string[] = [];
  private readonly server: Server;
  private readonly blobs = new Map<string, Buffer>();
  private readonly repositories = new Map<string, Repository>();
  private readonly uploads = new Map<string, Upload>();
  private readonly referrers: boolean;
  private readonly maxBodyBytes: number;

  private constructor(server: Server, host: string, options: OciServerOptions) {
    this.server = server;
    this.host = host;
    this.referrers = options.referrers ?? true;
    this.maxBodyBytes = options.maxBodyBytes ?? 1024 ** 3;
  }

  static async start(options: OciServerOptions = {}): Promise<OciServer> {
    const server = createServer();
    const url = await listenOnLoopback(server);
    const registry = new OciServer(server, url.slice('http://'.length), options);
    server.on('request', (request, response) => registry.serve(request, response));
    return registry;
  }

  url(path: string): string {
    return `http://${this.host}${path}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(request: IncomingMessage, response: ServerResponse): void {
    this.requests.push(`${request.method} ${request.url}`);
    response.setHeader('docker-distribution-api-version', 'registry/2.0');
    this.route(request, response).catch((error: unknown) => {
      const failure =
        error instanceof HttpError ? error : new HttpError(500, 'UNKNOWN', (error as Error).message);
      if (response.headersSent) {
        response.destroy();
        return;
      }
      // The body of a refused request is not read: the connection closes rather than being reused.
      if (!request.readableEnded) response.setHeader('connection', 'close');
      response.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
      response.end(
        request.method === 'HEAD'
          ? undefined
          : JSON.stringify({ errors: [{ code: failure.code, message: failure.message, detail: {} }] }),
      );
      if (!request.readableEnded) request.resume();
    });
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', `http://${this.host}`);
    const method = request.method ?? 'GET';
    const path = url.pathname;
    if (path === '/v2/' || path === '/v2') {
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(method === 'HEAD' ? undefined : '{}');
      return;
    }
    const match =
      /^\/v2\/(.+?)\/(blobs\/uploads\/?([^/]*)|blobs\/([^/]+)|manifests\/([^/]+)|tags\/list|referrers\/([^/]+))$/.exec(
        path,
      );
    if (!match) throw new HttpError(404, 'NOT_FOUND', `no route for ${path}`);
    const name = match[1]!;
    if (!repositoryPattern.test(name))
      throw new HttpError(400, 'NAME_INVALID', `invalid repository name ${name}`);
    const [, , part, uploadId, blobDigest, reference, referrersOf] = match;
    if (part!.startsWith('blobs/uploads'))
      return this.upload(method, name, uploadId ?? '', url, request, response);
    if (blobDigest !== undefined) return this.blob(method, name, blobDigest, request, response);
    if (reference !== undefined) return this.manifest(method, name, reference, request, response);
    if (part === 'tags/list') return this.tagsList(method, name, url, response);
    if (referrersOf !== undefined) {
      if (!this.referrers) throw new HttpError(404, 'NOT_FOUND', 'no referrers API here');
      return this.referrersList(method, name, referrersOf, url, response);
    }
    throw new HttpError(404, 'NOT_FOUND', `no route for ${path}`);
  }

  // ---- storage -------------------------------------------------------------------------------------------

  private repository(name: string, create = false): Repository | undefined {
    let repository = this.repositories.get(name);
    if (!repository && create) {
      repository = { blobs: new Set(), manifests: new Map(), tags: new Map() };
      this.repositories.set(name, repository);
    }
    return repository;
  }

  private existingRepository(name: string): Repository {
    const repository = this.repository(name);
    if (!repository) throw new HttpError(404, 'NAME_UNKNOWN', `repository ${name} is not known`);
    return repository;
  }

  private async body(request: IncomingMessage): Promise<Buffer> {
    const declared = Number(request.headers['content-length'] ?? NaN);
    if (declared > this.maxBodyBytes) throw new HttpError(413, 'SIZE_INVALID', 'the body is too large');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      if (size > this.maxBodyBytes) throw new HttpError(413, 'SIZE_INVALID', 'the body is too large');
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }

  private storeBlob(name: string, data: Buffer, digest: string): void {
    if (!digestPattern.test(digest)) {
      throw new HttpError(400, 'DIGEST_INVALID', `unsupported digest ${digest}; sha256:<64 hex> is expected`);
    }
    const actual = sha256(data);
    if (actual !== digest) {
      throw new HttpError(400, 'DIGEST_INVALID', `the content's digest is ${actual}, not ${digest}`);
    }
    this.blobs.set(digest, data);
    this.repository(name, true)!.blobs.add(digest);
  }

  private hasBlob(name: string, digest: string): boolean {
    return this.repository(name)?.blobs.has(digest) === true && this.blobs.has(digest);
  }

  // ---- blobs ---------------------------------------------------------------------------------------------

  private async blob(
    method: string,
    name: string,
    digest: string,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    if (!digestPattern.test(digest)) throw new HttpError(400, 'DIGEST_INVALID', `invalid digest ${digest}`);
    if (method === 'DELETE') {
      if (!this.hasBlob(name, digest))
        throw new HttpError(404, 'BLOB_UNKNOWN', `blob ${digest} is not known`);
      this.repository(name)!.blobs.delete(digest);
      response.writeHead(202, { 'content-length': '0' }).end();
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') throw this.unsupported(method);
    if (!this.hasBlob(name, digest)) throw new HttpError(404, 'BLOB_UNKNOWN', `blob ${digest} is not known`);
    const data = this.blobs.get(digest)!;
    const headers: Record<string, string> = {
      'content-type': 'application/octet-stream',
      'docker-content-digest': digest,
      'accept-ranges': 'bytes',
      etag: `"${digest}"`,
    };
    const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
    if (range && method === 'GET') {
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), data.length - 1) : data.length - 1;
      if (start >= data.length || start > end) {
        throw new HttpError(416, 'BLOB_UNKNOWN', 'range not satisfiable', {
          'content-range': `bytes */${data.length}`,
        });
      }
      const slice = data.subarray(start, end + 1);
      response.writeHead(206, {
        ...headers,
        'content-length': String(slice.length),
        'content-range': `bytes ${start}-${end}/${data.length}`,
      });
      response.end(slice);
      return;
    }
    response.writeHead(200, { ...headers, 'content-length': String(data.length) });
    response.end(method === 'HEAD' ? undefined : data);
  }

  private uploadHeaders(name: string, id: string, upload: Upload): Record<string, string> {
    return {
      location: `/v2/${name}/blobs/uploads/${id}`,
      range: `0-${Math.max(upload.size - 1, 0)}`,
      'docker-upload-uuid': id,
      'content-length': '0',
    };
  }

  private blobCreated(response: ServerResponse, name: string, digest: string): void {
    response
      .writeHead(201, {
        location: `/v2/${name}/blobs/${digest}`,
        'docker-content-digest': digest,
        'content-length': '0',
      })
      .end();
  }

  private async upload(
    method: string,
    name: string,
    id: string,
    url: URL,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    if (id === '') {
      if (method !== 'POST') throw this.unsupported(method);
      const mount = url.searchParams.get('mount');
      const from = url.searchParams.get('from');
      if (mount !== null) {
        // A mount from a repository that holds the blob: 201 and no upload. Otherwise an ordinary session.
        if (from !== null && digestPattern.test(mount) && this.hasBlob(from, mount)) {
          await this.body(request);
          this.repository(name, true)!.blobs.add(mount);
          this.blobCreated(response, name, mount);
          return;
        }
      }
      const digest = url.searchParams.get('digest');
      if (digest !== null && mount === null) {
        // Monolithic, in one POST.
        const data = await this.body(request);
        this.storeBlob(name, data, digest);
        this.blobCreated(response, name, digest);
        return;
      }
      await this.body(request);
      const session = randomUUID();
      const upload: Upload = { repository: name, chunks: [], size: 0 };
      this.uploads.set(session, upload);
      response.writeHead(202, this.uploadHeaders(name, session, upload)).end();
      return;
    }

    const upload = this.uploads.get(id);
    if (!upload || upload.repository !== name) {
      throw new HttpError(404, 'BLOB_UPLOAD_UNKNOWN', `upload ${id} is not known`);
    }
    if (method === 'GET') {
      response.writeHead(204, this.uploadHeaders(name, id, upload)).end();
      return;
    }
    if (method === 'DELETE') {
      this.uploads.delete(id);
      response.writeHead(204).end();
      return;
    }
    if (method === 'PATCH' || method === 'PUT') {
      const contentRange = request.headers['content-range'];
      if (contentRange !== undefined) {
        // Chunks come in order: the first byte of this one is the next byte of the upload.
        const range = /^(?:bytes )?(\d+)-(\d+)$/.exec(contentRange);
        if (!range || Number(range[1]) !== upload.size) {
          request.resume();
          throw new HttpError(
            416,
            'BLOB_UPLOAD_INVALID',
            `chunk ${contentRange} does not start at ${upload.size}`,
            {
              ...this.uploadHeaders(name, id, upload),
            },
          );
        }
      }
      const chunk = await this.body(request);
      if (contentRange !== undefined) {
        const [start, end] = contentRange
          .replace(/^bytes /, '')
          .split('-')
          .map(Number);
        if (end! - start! + 1 !== chunk.length) {
          throw new HttpError(
            416,
            'BLOB_UPLOAD_INVALID',
            `chunk ${contentRange} holds ${chunk.length} bytes`,
            {
              ...this.uploadHeaders(name, id, upload),
            },
          );
        }
      }
      if (upload.size + chunk.length > this.maxBodyBytes) {
        throw new HttpError(413, 'SIZE_INVALID', 'the upload is too large');
      }
      upload.chunks.push(chunk);
      upload.size += chunk.length;
      if (method === 'PATCH') {
        response.writeHead(202, this.uploadHeaders(name, id, upload)).end();
        return;
      }
      const digest = url.searchParams.get('digest');
      if (digest === null) throw new HttpError(400, 'DIGEST_INVALID', 'the closing PUT names no digest');
      const data = Buffer.concat(upload.chunks);
      this.uploads.delete(id);
      this.storeBlob(name, data, digest);
      this.blobCreated(response, name, digest);
      return;
    }
    throw this.unsupported(method);
  }

  // ---- manifests -----------------------------------------------------------------------------------------

  private resolve(repository: Repository, reference: string): string | undefined {
    return digestPattern.test(reference) ? reference : repository.tags.get(reference);
  }

  private async manifest(
    method: string,
    name: string,
    reference: string,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    const byDigest = reference.includes(':');
    if (byDigest ? !digestPattern.test(reference) : !tagPattern.test(reference)) {
      throw new HttpError(400, byDigest ? 'DIGEST_INVALID' : 'TAG_INVALID', `invalid reference ${reference}`);
    }
    if (method === 'PUT') return this.putManifest(name, reference, request, response);
    if (method === 'DELETE') {
      const repository = this.existingRepository(name);
      if (byDigest) {
        if (!repository.manifests.delete(reference)) {
          throw new HttpError(404, 'MANIFEST_UNKNOWN', `manifest ${reference} is not known`);
        }
        for (const [tag, digest] of repository.tags) if (digest === reference) repository.tags.delete(tag);
      } else if (!repository.tags.delete(reference)) {
        throw new HttpError(404, 'MANIFEST_UNKNOWN', `tag ${reference} is not known`);
      }
      response.writeHead(202, { 'content-length': '0' }).end();
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') throw this.unsupported(method);
    const repository = this.existingRepository(name);
    const digest = this.resolve(repository, reference);
    let stored = digest === undefined ? undefined : repository.manifests.get(digest);
    if (!stored || !digest)
      throw new HttpError(404, 'MANIFEST_UNKNOWN', `manifest ${reference} is not known`);
    const accept = (request.headers.accept ?? '')
      .split(',')
      .map((type) => type.split(';')[0]!.trim())
      .filter(Boolean);
    let servedDigest = digest;
    if (
      (stored.mediaType === ociMediaTypes.manifest || stored.mediaType === ociMediaTypes.index) &&
      !accept.includes(stored.mediaType)
    ) {
      // distribution 2.8: a client that does not list the OCI type is told the manifest is unknown.
      throw new HttpError(
        404,
        'MANIFEST_UNKNOWN',
        `OCI manifest ${reference} found, but Accept lacks ${stored.mediaType}`,
      );
    }
    if (
      stored.mediaType === ociMediaTypes.dockerList &&
      accept.length > 0 &&
      !accept.includes(stored.mediaType)
    ) {
      // distribution: a client that cannot read a manifest list gets the linux/amd64 manifest of it.
      const list = JSON.parse(stored.data.toString('utf8')) as ParsedManifest;
      const child = list.manifests?.find(
        (m) => m.platform?.os === 'linux' && m.platform.architecture === 'amd64',
      )?.digest;
      const childManifest = child === undefined ? undefined : repository.manifests.get(child);
      if (!child || !childManifest) {
        throw new HttpError(
          404,
          'MANIFEST_UNKNOWN',
          `manifest list ${reference} has no linux/amd64 manifest`,
        );
      }
      stored = childManifest;
      servedDigest = child;
    }
    response.writeHead(200, {
      'content-type': stored.mediaType,
      'content-length': String(stored.data.length),
      'docker-content-digest': servedDigest,
      etag: `"${servedDigest}"`,
    });
    response.end(method === 'HEAD' ? undefined : stored.data);
  }

  private async putManifest(
    name: string,
    reference: string,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim();
    const data = await this.body(request);
    if (data.length > 4 * 1024 * 1024)
      throw new HttpError(413, 'MANIFEST_INVALID', 'a manifest is at most 4 MiB');
    let manifest: ParsedManifest;
    try {
      manifest = JSON.parse(data.toString('utf8')) as ParsedManifest;
    } catch {
      throw new HttpError(400, 'MANIFEST_INVALID', 'the manifest is not JSON');
    }
    const mediaType = manifest.mediaType ?? contentType;
    if (!manifestTypes.has(mediaType)) {
      throw new HttpError(
        400,
        'MANIFEST_INVALID',
        `unsupported manifest media type ${mediaType || '(none)'}`,
      );
    }
    if (manifest.mediaType !== undefined && contentType !== '' && contentType !== manifest.mediaType) {
      throw new HttpError(
        400,
        'MANIFEST_INVALID',
        `Content-Type ${contentType} is not the manifest's ${manifest.mediaType}`,
      );
    }
    const digest = sha256(data);
    if (reference.includes(':') && reference !== digest) {
      throw new HttpError(400, 'DIGEST_INVALID', `the manifest's digest is ${digest}, not ${reference}`);
    }
    const repository = this.repository(name, true)!;
    // What the manifest names must be here (distribution checks blobs and, for an index, child manifests).
    if (mediaType === ociMediaTypes.manifest || mediaType === ociMediaTypes.dockerManifest) {
      for (const blob of [manifest.config, ...(manifest.layers ?? [])]) {
        if (!blob?.digest || !this.hasBlob(name, blob.digest)) {
          throw new HttpError(
            400,
            'MANIFEST_BLOB_UNKNOWN',
            `blob ${blob?.digest ?? '(none)'} is not in ${name}`,
          );
        }
      }
    } else {
      for (const child of manifest.manifests ?? []) {
        if (!child.digest || !repository.manifests.has(child.digest)) {
          throw new HttpError(
            400,
            'MANIFEST_UNKNOWN',
            `manifest ${child.digest ?? '(none)'} is not in ${name}`,
          );
        }
      }
    }
    const ifMatch = request.headers['if-match'];
    if (ifMatch !== undefined && !reference.includes(':')) {
      const current = repository.tags.get(reference);
      if (current === undefined || ifMatch.replace(/^W\//, '') !== `"${current}"`) {
        throw new HttpError(412, 'PRECONDITION_FAILED', `tag ${reference} is not at ${ifMatch}`);
      }
    }
    const subject = manifest.subject?.digest;
    repository.manifests.set(digest, {
      mediaType,
      data,
      ...(subject ? { subject } : {}),
      ...(manifest.artifactType || manifest.config?.mediaType
        ? { artifactType: manifest.artifactType ?? manifest.config?.mediaType }
        : {}),
      ...(manifest.annotations ? { annotations: manifest.annotations } : {}),
    });
    if (!reference.includes(':')) repository.tags.set(reference, digest);
    const headers: Record<string, string> = {
      location: `/v2/${name}/manifests/${digest}`,
      'docker-content-digest': digest,
      'content-length': '0',
    };
    if (subject && this.referrers) headers['oci-subject'] = subject;
    response.writeHead(201, headers).end();
  }

  // ---- content discovery ---------------------------------------------------------------------------------

  private tagsList(method: string, name: string, url: URL, response: ServerResponse): void {
    if (method !== 'GET') throw this.unsupported(method);
    const repository = this.existingRepository(name);
    const all = [...repository.tags.keys()].sort();
    const last = url.searchParams.get('last');
    const n = url.searchParams.get('n');
    let tags = last === null ? all : all.filter((tag) => tag > last);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (n !== null) {
      const limit = Number(n);
      if (!Number.isInteger(limit) || limit < 0)
        throw new HttpError(400, 'PAGINATION_NUMBER_INVALID', `n=${n}`);
      if (tags.length > limit) {
        tags = tags.slice(0, limit);
        const next = tags.at(-1);
        if (next !== undefined) {
          headers.link = `</v2/${name}/tags/list?n=${limit}&last=${encodeURIComponent(next)}>; rel="next"`;
        }
      }
    }
    response.writeHead(200, headers).end(JSON.stringify({ name, tags }));
  }

  private referrersList(
    method: string,
    name: string,
    digest: string,
    url: URL,
    response: ServerResponse,
  ): void {
    if (method !== 'GET') throw this.unsupported(method);
    if (!digestPattern.test(digest)) throw new HttpError(400, 'DIGEST_INVALID', `invalid digest ${digest}`);
    const artifactType = url.searchParams.get('artifactType');
    const manifests = [];
    for (const [referrer, stored] of this.repository(name)?.manifests ?? []) {
      if (stored.subject !== digest) continue;
      if (artifactType !== null && stored.artifactType !== artifactType) continue;
      manifests.push({
        mediaType: stored.mediaType,
        digest: referrer,
        size: stored.data.length,
        ...(stored.artifactType ? { artifactType: stored.artifactType } : {}),
        ...(stored.annotations ? { annotations: stored.annotations } : {}),
      });
    }
    manifests.sort((a, b) => a.digest.localeCompare(b.digest));
    const headers: Record<string, string> = { 'content-type': ociMediaTypes.index };
    if (artifactType !== null) headers['oci-filters-applied'] = 'artifactType';
    response
      .writeHead(200, headers)
      .end(JSON.stringify({ schemaVersion: 2, mediaType: ociMediaTypes.index, manifests }));
  }

  private unsupported(method: string): HttpError {
    return new HttpError(405, 'UNSUPPORTED', `${method} is not supported here`);
  }
}
