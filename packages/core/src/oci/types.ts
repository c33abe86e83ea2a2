// The OCI data model shared by every part of the engine: media types, descriptors, manifests,
// and the Repository interface that a registry and an OCI image layout both implement.

import type { Readable } from 'node:stream';

export const MediaType = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  inToto: 'application/vnd.in-toto+json',
  sigstoreBundle: 'application/vnd.dev.sigstore.bundle.v0.3+json',
} as const;

/** Every manifest type a registry may hold, in the order we ask for them. */
export const manifestMediaTypes: readonly string[] = [
  MediaType.ociIndex,
  MediaType.ociManifest,
  MediaType.dockerManifestList,
  MediaType.dockerManifest,
];

export function isIndexMediaType(mediaType: string): boolean {
  return mediaType === MediaType.ociIndex || mediaType === MediaType.dockerManifestList;
}

export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
  'os.version'?: string;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: Platform;
  artifactType?: string;
  urls?: string[];
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  manifests: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export type Manifest = ImageManifest | ImageIndex;

/** A manifest exactly as stored: its bytes are what the digest covers, never re-serialized. */
export interface ManifestData {
  descriptor: Descriptor;
  bytes: Buffer;
  manifest: Manifest;
}

export function isIndex(manifest: Manifest): manifest is ImageIndex {
  return Array.isArray((manifest as ImageIndex).manifests);
}

/**
 * One repository of images: `registry/name` on a registry, or an OCI image layout directory.
 * Every read is verified against its digest; every write is idempotent.
 */
export interface Repository {
  /** How to name this repository in messages: `ghcr.io/org/app`, `oci:./dir`. */
  readonly display: string;

  /** Resolves a tag or digest to the manifest's descriptor, or undefined when it does not exist. */
  resolve(reference: string): Promise<Descriptor | undefined>;
  /** Reads a manifest by tag or digest; by tag, the bytes are checked against the registry's digest. */
  getManifest(reference: string): Promise<ManifestData>;
  /** Writes a manifest under its digest, or under a tag when `tag` is given. Returns its descriptor. */
  putManifest(bytes: Buffer, mediaType: string, tag?: string): Promise<Descriptor>;
  deleteManifest(digest: string): Promise<void>;
  listTags(): Promise<string[]>;

  hasBlob(digest: string): Promise<boolean>;
  /** A stream of the blob's bytes that errors if they do not match the digest or the size. */
  getBlob(descriptor: Descriptor): Promise<Readable>;
  /**
   * Streams a blob in; the destination verifies the digest. Given a function that opens the stream, a
   * registry may send the blob again after a transient failure; a bare stream is sent once.
   */
  putBlob(descriptor: Descriptor, content: Readable | (() => Readable)): Promise<void>;
  /** Cross-repository mount on the same registry; false when the registry declined (then upload). */
  mountBlob?(descriptor: Descriptor, from: Repository): Promise<boolean>;

  /** The referrers of a digest: the referrers API where there is one, else the `sha256-<hex>` tag index. */
  referrers(digest: string, artifactType?: string): Promise<Descriptor[]>;
}
