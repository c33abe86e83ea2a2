import { describe, expect, it } from '@jest/globals';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { digestOf, writeImageLayout } from '@airlock/testkit';
import { OciLayoutRepository, refNameAnnotation } from '../src/oci/layout.ts';
import { MediaType, type ImageIndex, type ImageManifest } from '../src/oci/types.ts';

const scratch = () => mkdtempSync(join(tmpdir(), 'airlock-layout-'));

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('OciLayoutRepository', () => {
  it('reads a layout written by another tool: tags, manifests, blobs', async () => {
    const dir = scratch();
    const image = await writeImageLayout(dir, 'v1', [
      { architecture: 'amd64', layers: [{ files: { a: 'x' } }] },
    ]);
    const repository = new OciLayoutRepository(dir);
    expect(await repository.listTags()).toEqual(['v1']);
    const resolved = await repository.resolve('v1');
    expect(resolved?.digest).toBe(image.digest);
    const data = await repository.getManifest('v1');
    expect(digestOf(data.bytes)).toBe(image.digest);
    const layer = (data.manifest as { layers: { digest: string; size: number; mediaType: string }[] })
      .layers[0]!;
    expect(digestOf(await readAll(await repository.getBlob(layer)))).toBe(layer.digest);
    expect(await repository.resolve('missing')).toBeUndefined();
    await expect(repository.getManifest('missing')).rejects.toThrow(/no manifest 'missing'/);
  });

  it('creates the layout on first write, with blobs verified before they land', async () => {
    const dir = join(scratch(), 'new');
    const repository = new OciLayoutRepository(dir);
    const content = Buffer.from('hello');
    const descriptor = {
      mediaType: 'application/octet-stream',
      digest: digestOf(content),
      size: content.length,
    };
    await repository.putBlob(descriptor, Readable.from([content]));
    expect(JSON.parse(readFileSync(join(dir, 'oci-layout'), 'utf8'))).toEqual({
      imageLayoutVersion: '1.0.0',
    });
    expect(await repository.hasBlob(descriptor.digest)).toBe(true);

    const wrong = { ...descriptor, digest: digestOf(Buffer.from('other')) };
    await expect(repository.putBlob(wrong, Readable.from([content]))).rejects.toThrow(/content has digest/);
    expect(await repository.hasBlob(wrong.digest)).toBe(false);
    // No temporary file is left behind by the failed write.
    expect(readdirSync(dir).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('fails a read whose bytes were altered on disk', async () => {
    const dir = scratch();
    const image = await writeImageLayout(dir, 'v1', [
      { architecture: 'amd64', layers: [{ randomBytes: 1000 }] },
    ]);
    const repository = new OciLayoutRepository(dir);
    const manifest = await repository.getManifest('v1');
    const layer = (manifest.manifest as { layers: { digest: string; size: number; mediaType: string }[] })
      .layers[0]!;
    const path = join(dir, 'blobs/sha256', layer.digest.slice(7));
    const bytes = readFileSync(path);
    bytes[10] = bytes[10]! ^ 0xff;
    writeFileSync(path, bytes);
    await expect(readAll(await repository.getBlob(layer))).rejects.toThrow(/content has digest/);
    writeFileSync(join(dir, 'blobs/sha256', image.digest.slice(7)), '{"schemaVersion":2}');
    await expect(repository.getManifest('v1')).rejects.toThrow(/corrupt/);
  });

  it('moves a tag by replacing its index.json entry, keeping other tags', async () => {
    const dir = scratch();
    const repository = new OciLayoutRepository(dir);
    const one = Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] }),
    );
    const two = Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [], annotations: { n: '2' } }));
    await repository.putManifest(one, MediaType.ociIndex, 'a');
    await repository.putManifest(one, MediaType.ociIndex, 'b');
    await repository.putManifest(two, MediaType.ociIndex, 'a');
    expect((await repository.listTags()).sort()).toEqual(['a', 'b']);
    expect((await repository.resolve('a'))?.digest).toBe(digestOf(two));
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as ImageIndex;
    expect(index.manifests.map((entry) => entry.annotations?.[refNameAnnotation])).toEqual(['b', 'a']);
    await expect(repository.putManifest(one, MediaType.ociIndex, '-bad')).rejects.toThrow(/not a valid tag/);
  });

  it('serializes concurrent index.json updates so that no tag is lost', async () => {
    const repository = new OciLayoutRepository(scratch());
    const bytes = Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] }),
    );
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => repository.putManifest(bytes, MediaType.ociIndex, `t${i}`)),
    );
    expect(await repository.listTags()).toHaveLength(20);
  });

  it('lists manifests with a subject as referrers, filtered by artifact type', async () => {
    const dir = scratch();
    const image = await writeImageLayout(dir, 'v1', [
      { architecture: 'amd64', layers: [{ files: { a: 'x' } }] },
    ]);
    const repository = new OciLayoutRepository(dir);
    const subject = (await repository.resolve('v1'))!;
    const empty = Buffer.from('{}');
    await repository.putBlob(
      { mediaType: MediaType.ociEmpty, digest: digestOf(empty), size: 2 },
      Readable.from([empty]),
    );
    const referrer = (artifactType: string) =>
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: MediaType.ociManifest,
          artifactType,
          config: { mediaType: MediaType.ociEmpty, digest: digestOf(empty), size: 2 },
          layers: [],
          subject,
        }),
      );
    await repository.putManifest(referrer('application/x.one'), MediaType.ociManifest);
    await repository.putManifest(referrer('application/x.two'), MediaType.ociManifest);
    const all = await repository.referrers(image.digest);
    expect(all.map((entry) => entry.artifactType).sort()).toEqual(['application/x.one', 'application/x.two']);
    expect(await repository.referrers(image.digest, 'application/x.two')).toHaveLength(1);
    expect(await repository.referrers(digestOf(Buffer.from('nothing')))).toEqual([]);
    // Referrers are listed untagged in index.json; the tag list is unchanged.
    expect(await repository.listTags()).toEqual(['v1']);
    expect(existsSync(join(dir, 'index.json'))).toBe(true);
  });
});

describe('OciLayoutRepository never follows a link out of the layout', () => {
  /** A layout with one single-platform image, and its one layer. */
  async function layoutWithLayer() {
    const dir = scratch();
    await writeImageLayout(join(dir, 'image'), 'v1', [
      { architecture: 'amd64', layers: [{ files: { a: 'the layer' } }] },
    ]);
    const repository = new OciLayoutRepository(join(dir, 'image'));
    const manifest = (await repository.getManifest('v1')).manifest as ImageManifest;
    return { dir, root: join(dir, 'image'), repository, layer: manifest.layers[0]! };
  }

  it('refuses a blobs directory that is a link to elsewhere, naming the link', async () => {
    const { dir, root, layer } = await layoutWithLayer();
    // The same files, moved out of the layout and linked back in.
    renameSync(join(root, 'blobs'), join(dir, 'elsewhere'));
    symlinkSync(join(dir, 'elsewhere'), join(root, 'blobs'));
    const repository = new OciLayoutRepository(root);
    await expect(repository.getManifest('v1')).rejects.toThrow(
      /blobs is a symbolic link to .*elsewhere, outside the layout/,
    );
    await expect(repository.getBlob(layer)).rejects.toThrow(/blobs is a symbolic link/);
    await expect(repository.hasBlob(layer.digest)).rejects.toThrow(/blobs is a symbolic link/);
    // Writing into it would land outside the layout too.
    const bytes = Buffer.from('new');
    await expect(
      repository.putBlob(
        { mediaType: 'application/octet-stream', digest: digestOf(bytes), size: bytes.length },
        Readable.from([bytes]),
      ),
    ).rejects.toThrow(/blobs is a symbolic link/);
    expect(existsSync(join(dir, 'elsewhere', 'sha256', digestOf(bytes).slice(7)))).toBe(false);
  });

  it('refuses one blob linked to a file outside the layout, and follows links inside it', async () => {
    const { dir, root, repository, layer } = await layoutWithLayer();
    const path = join(root, 'blobs', 'sha256', layer.digest.slice(7));
    const outside = join(dir, 'secret');
    writeFileSync(outside, readFileSync(path));
    rmSync(path);
    symlinkSync(outside, path);
    await expect(repository.getBlob(layer)).rejects.toThrow(
      new RegExp(
        `blobs/sha256/${layer.digest.slice(7)} is a symbolic link to ${outside}, outside the layout`,
      ),
    );
    // A link that stays inside the layout is fine.
    const inside = join(root, 'kept-layer');
    writeFileSync(inside, readFileSync(outside));
    rmSync(path);
    symlinkSync(inside, path);
    expect((await readAll(await repository.getBlob(layer))).length).toBe(layer.size);
  });

  it('fails cleanly, with no unhandled error, on a blob of the wrong size or content', async () => {
    const { root, repository, layer } = await layoutWithLayer();
    const path = join(root, 'blobs', 'sha256', layer.digest.slice(7));
    const original = readFileSync(path);
    writeFileSync(path, Buffer.concat([original, Buffer.alloc(5_000_000)]));
    await expect(repository.getBlob(layer)).rejects.toThrow(
      new RegExp(
        `blob ${layer.digest} is ${original.length + 5_000_000} bytes, but its descriptor says ${layer.size}`,
      ),
    );
    // Same size, other bytes: the stream errors for whoever reads it, even when they start late.
    const changed = Buffer.from(original);
    changed.writeUInt8(changed.readUInt8(0) ^ 0xff, 0);
    writeFileSync(path, changed);
    const stream = await repository.getBlob(layer);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(readAll(stream)).rejects.toThrow(/content has digest/);
  });
});
