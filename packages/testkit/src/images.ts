import { createHash, randomBytes } from 'node:crypto';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, zstdCompressSync } from 'node:zlib';
import tar from 'tar-stream';
import { requireTool } from './tools.ts';

// Builds test images as OCI image layouts on disk, without any container tooling, and pushes them to a
// registry with skopeo (an independent client), so that tests of our own client start from known bytes.

export interface LayerSpec {
  /** Files in the layer: path → content. Directories are implied. */
  files?: Record<string, string | Buffer>;
  /** Or: this many bytes of random data in one file (for copy and benchmark tests). */
  randomBytes?: number;
  /** File modes by path (default 0644): `0o755` for an executable. */
  modes?: Record<string, number>;
  /** Symbolic links: path → target. */
  symlinks?: Record<string, string>;
  /** Entries written as they are, before everything else (hostile names, hard links). */
  raw?: {
    name: string;
    type?: 'file' | 'link' | 'symlink' | 'directory';
    linkname?: string;
    content?: string;
  }[];
  /** How the layer blob is compressed (gzip by default). */
  compression?: 'gzip' | 'zstd' | 'none';
}

export interface PlatformSpec {
  os?: string;
  architecture: string;
  variant?: string;
  layers: LayerSpec[];
  config?: Record<string, unknown>;
}

export interface BuiltImage {
  /** The digest of what the tag names: the index for several platforms, else the manifest. */
  digest: string;
  mediaType: string;
  /** The per-platform manifest digests, in the order given. */
  manifests: string[];
  /** Bytes of all blobs and manifests. */
  size: number;
}

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

async function tarLayer(spec: LayerSpec): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve) => pack.on('end', () => resolve()));
  const files: Record<string, string | Buffer> = { ...spec.files };
  if (spec.randomBytes) files['data/random.bin'] = randomBytes(spec.randomBytes);
  for (const entry of spec.raw ?? []) {
    const header = {
      name: entry.name,
      type: entry.type ?? 'file',
      mode: 0o644,
      mtime: new Date(0),
      ...(entry.linkname ? { linkname: entry.linkname } : {}),
    };
    if (header.type === 'file') pack.entry(header, Buffer.from(entry.content ?? ''));
    else pack.entry(header);
  }
  const dirs = new Set<string>();
  const links = spec.symlinks ?? {};
  for (const path of [...Object.keys(files), ...Object.keys(links)].sort()) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!dirs.has(dir)) {
        dirs.add(dir);
        pack.entry({ name: `${dir}/`, type: 'directory', mode: 0o755, mtime: new Date(0) });
      }
    }
    if (path in links) {
      pack.entry({ name: path, type: 'symlink', linkname: links[path]!, mode: 0o777, mtime: new Date(0) });
      continue;
    }
    const content = files[path]!;
    pack.entry({ name: path, mode: spec.modes?.[path] ?? 0o644, mtime: new Date(0) }, Buffer.from(content));
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** Writes an OCI image layout at `dir` with one image tagged `tag` (one or several platforms). */
export async function writeImageLayout(
  dir: string,
  tag: string,
  platforms: PlatformSpec[],
): Promise<BuiltImage> {
  mkdirSync(join(dir, 'blobs/sha256'), { recursive: true });
  writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  let size = 0;
  const putBlob = (data: Buffer, mediaType: string) => {
    const digest = sha256(data);
    writeFileSync(join(dir, 'blobs/sha256', digest.slice(7)), data);
    size += data.length;
    return { mediaType, digest, size: data.length };
  };
  const manifests = [];
  for (const platform of platforms) {
    const layers = [];
    const diffIds = [];
    for (const spec of platform.layers) {
      const raw = await tarLayer(spec);
      diffIds.push(sha256(raw));
      const compression = spec.compression ?? 'gzip';
      layers.push(
        compression === 'gzip'
          ? putBlob(gzipSync(raw, { level: 1 }), 'application/vnd.oci.image.layer.v1.tar+gzip')
          : compression === 'zstd'
            ? putBlob(zstdCompressSync(raw), 'application/vnd.oci.image.layer.v1.tar+zstd')
            : putBlob(raw, 'application/vnd.oci.image.layer.v1.tar'),
      );
    }
    const os = platform.os ?? 'linux';
    const config = {
      architecture: platform.architecture,
      os,
      ...(platform.variant ? { variant: platform.variant } : {}),
      config: platform.config ?? {},
      rootfs: { type: 'layers', diff_ids: diffIds },
    };
    const configDescriptor = putBlob(
      Buffer.from(JSON.stringify(config)),
      'application/vnd.oci.image.config.v1+json',
    );
    const manifest = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: configDescriptor,
      layers,
    };
    const descriptor = putBlob(Buffer.from(JSON.stringify(manifest)), manifest.mediaType);
    const platformField = {
      architecture: platform.architecture,
      os,
      ...(platform.variant ? { variant: platform.variant } : {}),
    };
    manifests.push({ ...descriptor, platform: platformField });
  }
  let top = manifests[0]!;
  if (platforms.length > 1) {
    const index = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests };
    top = {
      ...putBlob(Buffer.from(JSON.stringify(index)), index.mediaType),
      platform: manifests[0]!.platform,
    };
  }
  const { platform: _platform, ...topDescriptor } = top;
  const layoutIndex = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [{ ...topDescriptor, annotations: { 'org.opencontainers.image.ref.name': tag } }],
  };
  writeFileSync(join(dir, 'index.json'), JSON.stringify(layoutIndex));
  return { digest: top.digest, mediaType: top.mediaType, manifests: manifests.map((m) => m.digest), size };
}

/**
 * Copies an OCI layout's tag to a registry reference (`host:port/repo:tag`) with skopeo, over plain HTTP;
 * `credentials` (`user:password`) for a registry that wants them.
 */
export function pushLayout(dir: string, tag: string, destination: string, credentials?: string): void {
  requireTool('skopeo');
  execFileSync('skopeo', pushArguments(dir, tag, destination, credentials), {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

/** skopeo's arguments for copying an OCI layout's tag to a registry over plain HTTP. */
function pushArguments(dir: string, tag: string, destination: string, credentials?: string): string[] {
  return [
    'copy',
    '--all',
    '--quiet',
    '--dest-tls-verify=false',
    ...(credentials ? ['--dest-creds', credentials] : []),
    `oci:${dir}:${tag}`,
    `docker://${destination}`,
  ];
}

/** The raw manifest bytes at a registry reference, read by skopeo: the independent oracle. */
export function skopeoInspectRaw(reference: string, credentials?: string): Buffer {
  requireTool('skopeo');
  const args = ['inspect', '--raw', '--tls-verify=false', `docker://${reference}`];
  if (credentials) args.splice(2, 0, '--creds', credentials);
  return execFileSync('skopeo', args, { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** pushLayout without blocking this process (see skopeoInspectRawAsync). */
export async function pushLayoutAsync(
  dir: string,
  tag: string,
  destination: string,
  credentials?: string,
): Promise<void> {
  await skopeo(pushArguments(dir, tag, destination, credentials));
}

/**
 * skopeo without blocking the event loop: needed when this process serves something skopeo talks to
 * (the embedded OciServer, a token service), which a synchronous skopeo would wait on forever.
 */
function skopeo(args: string[]): Promise<Buffer> {
  requireTool('skopeo');
  return new Promise((resolve, reject) => {
    execFile('skopeo', args, { encoding: 'buffer', timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`skopeo ${args[0]}: ${stderr.toString().trim() || error.message}`));
      else resolve(stdout);
    });
  });
}

/**
 * skopeoInspectRaw without blocking this process: needed when this process serves something skopeo
 * talks to (a token service).
 */
export function skopeoInspectRawAsync(reference: string, credentials?: string): Promise<Buffer> {
  const args = ['inspect', '--raw', '--tls-verify=false', `docker://${reference}`];
  if (credentials) args.splice(2, 0, '--creds', credentials);
  return skopeo(args);
}

export const digestOf = sha256;

/** A multi-platform image with `layersPerPlatform` random layers of `layerSize` bytes on each platform. */
export function randomPlatforms(
  architectures: string[],
  layersPerPlatform: number,
  layerSize: number,
): PlatformSpec[] {
  return architectures.map((architecture) => ({
    architecture,
    layers: Array.from({ length: layersPerPlatform }, () => ({ randomBytes: layerSize })),
  }));
}

interface LayoutDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

/**
 * Copies an OCI layout's tag to a registry over plain HTTP without any tool: every blob (POST, then PUT
 * with the digest), child manifests by digest, then the tag. For the demo when skopeo is not installed.
 */
export async function pushLayoutOverHttp(dir: string, tag: string, destination: string): Promise<void> {
  const slash = destination.indexOf('/');
  const colon = destination.lastIndexOf(':');
  const host = destination.slice(0, slash);
  const repository = destination.slice(slash + 1, colon);
  const base = `http://${host}/v2/${repository}`;
  const read = (digest: string) => readFileSync(join(dir, 'blobs/sha256', digest.slice('sha256:'.length)));
  const layoutIndex = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as {
    manifests: LayoutDescriptor[];
  };
  const top = layoutIndex.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === tag);
  if (!top) throw new Error(`${dir} has no tag ${tag}`);

  const pushBlob = async (digest: string) => {
    const head = await fetch(`${base}/blobs/${digest}`, { method: 'HEAD' });
    if (head.status === 200) return;
    const start = await fetch(`${base}/blobs/uploads/`, { method: 'POST' });
    if (start.status !== 202) throw new Error(`upload to ${destination}: HTTP ${start.status}`);
    const location = new URL(start.headers.get('location') ?? '', `http://${host}`);
    location.searchParams.set('digest', digest);
    const put = await fetch(location, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array(read(digest)),
    });
    if (put.status !== 201) throw new Error(`upload of ${digest} to ${destination}: HTTP ${put.status}`);
  };
  const pushManifest = async (descriptor: LayoutDescriptor, reference: string) => {
    const data = read(descriptor.digest);
    const manifest = JSON.parse(data.toString('utf8')) as {
      config?: LayoutDescriptor;
      layers?: LayoutDescriptor[];
      manifests?: LayoutDescriptor[];
    };
    for (const child of manifest.manifests ?? []) await pushManifest(child, child.digest);
    for (const blob of [...(manifest.config ? [manifest.config] : []), ...(manifest.layers ?? [])]) {
      await pushBlob(blob.digest);
    }
    const put = await fetch(`${base}/manifests/${reference}`, {
      method: 'PUT',
      headers: { 'content-type': descriptor.mediaType },
      body: new Uint8Array(data),
    });
    if (put.status !== 201) throw new Error(`manifest push to ${destination}: HTTP ${put.status}`);
  };
  await pushManifest(top, tag);
}

/**
 * The raw manifest bytes at `host/repo:tag` read with a plain HTTP GET (OCI and Docker types accepted):
 * the demo's independent check when skopeo is not installed.
 */
export async function httpInspectRaw(reference: string): Promise<Buffer | undefined> {
  const slash = reference.indexOf('/');
  const colon = reference.lastIndexOf(':');
  const response = await fetch(
    `http://${reference.slice(0, slash)}/v2/${reference.slice(slash + 1, colon)}/manifests/${reference.slice(colon + 1)}`,
    {
      headers: {
        accept: [
          'application/vnd.oci.image.index.v1+json',
          'application/vnd.oci.image.manifest.v1+json',
          'application/vnd.docker.distribution.manifest.list.v2+json',
          'application/vnd.docker.distribution.manifest.v2+json',
        ].join(', '),
      },
    },
  );
  if (response.status === 404) return undefined;
  if (response.status !== 200) throw new Error(`GET ${reference}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}
