import { createHash, randomBytes } from 'node:crypto';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

// Builds test images as OCI image layouts on disk, without any container tooling, and pushes them to a
// registry with skopeo (an independent client), so that tests of our own client start from known bytes.

export interface LayerSpec {
  /** Files in the layer: path → content. Directories are implied. */
  files?: Record<string, string | Buffer>;
  /** Or: this many bytes of random data in one file (for copy and benchmark tests). */
  randomBytes?: number;
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
  const dirs = new Set<string>();
  for (const path of Object.keys(files).sort()) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!dirs.has(dir)) {
        dirs.add(dir);
        pack.entry({ name: `${dir}/`, type: 'directory', mode: 0o755, mtime: new Date(0) });
      }
    }
    const content = files[path]!;
    pack.entry({ name: path, mode: 0o644, mtime: new Date(0) }, Buffer.from(content));
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
      layers.push(putBlob(gzipSync(raw, { level: 1 }), 'application/vnd.oci.image.layer.v1.tar+gzip'));
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
  execFileSync(
    'skopeo',
    [
      'copy',
      '--all',
      '--quiet',
      '--dest-tls-verify=false',
      ...(credentials ? ['--dest-creds', credentials] : []),
      `oci:${dir}:${tag}`,
      `docker://${destination}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
}

/** The raw manifest bytes at a registry reference, read by skopeo: the independent oracle. */
export function skopeoInspectRaw(reference: string, credentials?: string): Buffer {
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
  await skopeo([
    'copy',
    '--all',
    '--quiet',
    '--dest-tls-verify=false',
    ...(credentials ? ['--dest-creds', credentials] : []),
    `oci:${dir}:${tag}`,
    `docker://${destination}`,
  ]);
}

function skopeo(args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('skopeo', args, { encoding: 'buffer', timeout: 60_000 }, (error, stdout, stderr) => {
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
