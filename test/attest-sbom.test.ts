import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SigstoreStack,
  TestRegistry,
  cyclonedxSchemaErrors,
  listenOnLoopback,
  pushSbomImage,
  runActionBundle,
  skopeoInspectRaw,
  spdxSchemaErrors,
  type ActionRun,
} from '@airlock/testkit';
import {
  BundleVerifier,
  RegistryClient,
  parseReference,
  parseTrustedRoot,
  readRecords,
  silentLogger,
} from '@airlock/core';

// attest-sbom end to end, from its bundle as the runner runs it, against the real registry; records read
// back with the library and with skopeo.

let registry: TestRegistry;
let client: RegistryClient;
let work: string;
let multi: Awaited<ReturnType<typeof pushSbomImage>>;
let debian: Awaited<ReturnType<typeof pushSbomImage>>;

beforeAll(async () => {
  registry = await TestRegistry.start();
  client = new RegistryClient({ insecureRegistries: [registry.host] });
  work = mkdtempSync(join(tmpdir(), 'airlock-attest-sbom-'));
  multi = await pushSbomImage(registry.host, 'multi');
  debian = await pushSbomImage(registry.host, 'debian');
}, 120_000);
afterAll(async () => {
  await client?.close();
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function attest(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
  const run = await runActionBundle(
    'attest-sbom',
    { 'insecure-registries': registry.host, 'github-token': '', ...inputs },
    env,
  );
  if (run.exitCode !== 0 && run.errors.length === 0) console.log(run.stdout, run.stderr);
  return run;
}

async function sbomRecords(
  reference: string,
  digest: string,
  predicateType: string,
  verifier?: BundleVerifier,
) {
  return readRecords<Record<string, unknown>>({
    repository: client.repository(parseReference(reference)),
    digest,
    predicateType,
    logger: silentLogger,
    ...(verifier ? { verifier } : {}),
  });
}

describe('attest-sbom end to end (real registry)', () => {
  it('makes one CycloneDX SBOM per platform, all attested on their own manifest digest', async () => {
    const run = await attest({ image: multi.reference });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    const { outputs } = run;
    expect(outputs.digest).toBe(multi.digest);
    expect(outputs['predicate-type']).toBe('https://cyclonedx.org/bom');
    // amd64: 15 apk; arm64: 15 apk + 17 npm (one installed twice) + 12 Python.
    expect(outputs.components).toBe(String(15 + 15 + 17 + 12));
    const files = outputs.sbom!.split('\n');
    expect(files).toHaveLength(2);
    const records = outputs['attestation-digest']!.split('\n');
    expect(records).toHaveLength(2);
    expect(outputs.bundle).toBe('');

    for (const [index, platformDigest] of multi.manifests.entries()) {
      const document = JSON.parse(readFileSync(files[index]!, 'utf8')) as {
        metadata: { component: { version: string } };
      };
      expect(cyclonedxSchemaErrors(document)).toEqual([]);
      expect(document.metadata.component.version).toBe(platformDigest);
      const [record] = await sbomRecords(multi.reference, platformDigest, 'https://cyclonedx.org/bom');
      expect(record!.descriptor.digest).toBe(records[index]);
      expect(record!.signature).toBe('none');
      expect(record!.statement.subject).toEqual([
        { name: `${registry.host}/sbom/multi`, digest: { sha256: platformDigest.slice(7) } },
      ]);
      expect(record!.statement.predicate).toEqual(document);
      // skopeo, independently: the fallback tag of the platform digest lists the record.
      const index_ = JSON.parse(
        skopeoInspectRaw(`${registry.host}/sbom/multi:${platformDigest.replace(':', '-')}`).toString(),
      ) as { manifests: { digest: string }[] };
      expect(index_.manifests.map((m) => m.digest)).toEqual([records[index]]);
    }
    // Nothing on the index itself: each SBOM describes one platform.
    expect(await sbomRecords(multi.reference, multi.digest, 'https://cyclonedx.org/bom')).toEqual([]);

    expect(run.summary).toContain('## SBOM attested');
    expect(run.summary).toContain('| platform | digest | components | apk | npm | pypi | attestation |');
    expect(run.summary).toMatch(
      /\| linux\/amd64 \| `sha256:[0-9a-f]{12}…` \| 15 \| 15 \| 0 \| 0 \| `sha256:/,
    );
    expect(run.summary).toMatch(
      /\| linux\/arm64\/v8 \| `sha256:[0-9a-f]{12}…` \| 44 \| 15 \| 17 \| 12 \| `sha256:/,
    );
  });

  it('SPDX 2.3 for one platform picked out of the index', async () => {
    const run = await attest({ image: multi.reference, format: 'spdx', platforms: 'linux/arm64' });
    expect(run.errors).toEqual([]);
    expect(run.outputs['predicate-type']).toBe('https://spdx.dev/Document/v2.3');
    expect(run.outputs.components).toBe('44');
    const document = JSON.parse(readFileSync(run.outputs.sbom!, 'utf8')) as object;
    expect(spdxSchemaErrors(document)).toEqual([]);
    const [record] = await sbomRecords(
      multi.reference,
      multi.manifests[1]!,
      'https://spdx.dev/Document/v2.3',
    );
    expect(record!.descriptor.digest).toBe(run.outputs['attestation-digest']);
  });

  it('reads the rpm sqlite database from inside the bundle (sql.js bundled)', async () => {
    const rocky = await pushSbomImage(registry.host, 'rocky');
    const run = await attest({ image: rocky.reference });
    expect(run.errors).toEqual([]);
    expect(run.stdout).not.toContain('::warning::');
    expect(run.outputs.components).toBe('9');
    expect(run.summary).toMatch(/\| linux\/amd64 \| `sha256:[0-9a-f]{12}…` \| 9 \| 9 \| `sha256:/);
  });

  it('attests a given SBOM file, as it is, on the digest the image names', async () => {
    const file = join(work, 'given.cdx.json');
    const given = {
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      version: 1,
      components: [
        {
          type: 'library',
          name: 'zlib1g',
          version: '1:1.2.13.dfsg-1',
          purl: 'pkg:deb/debian/zlib1g@1.2.13.dfsg-1',
        },
      ],
    };
    writeFileSync(file, JSON.stringify(given));
    const run = await attest({
      image: `${debian.reference.replace(/:latest$/, '')}@${debian.digest}`,
      sbom: file,
    });
    expect(run.errors).toEqual([]);
    expect(run.outputs).toMatchObject({
      sbom: file,
      components: '1',
      'predicate-type': 'https://cyclonedx.org/bom',
    });
    const [record] = await sbomRecords(debian.reference, debian.digest, 'https://cyclonedx.org/bom');
    expect(record!.statement.predicate).toEqual(given);
  });
});

describe('attest-sbom signed (loopback Sigstore stack)', () => {
  let stack: SigstoreStack;
  beforeAll(async () => {
    stack = await SigstoreStack.start({
      workflowRef: 'example/airlock-test/.github/workflows/release.yml@refs/heads/main',
    });
  });
  afterAll(async () => stack?.stop());

  it('signs each statement as a DSSE Sigstore bundle and stores it in GitHub attestations (loopback stand-in of the attestations API)', async () => {
    const posted: { path: string; authorization: string; body: { bundle?: { dsseEnvelope?: unknown } } }[] =
      [];
    const api = createServer((request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        posted.push({
          path: `${request.method} ${request.url}`,
          authorization: request.headers.authorization ?? '',
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as (typeof posted)[number]['body'],
        });
        response.writeHead(201, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id: 4200 + posted.length }));
      });
    });
    const apiUrl = await listenOnLoopback(api);
    try {
      const run = await attest(
        {
          image: multi.reference,
          'github-attestation': 'true',
          'github-token': 'ghs_attest',
          sigstore: 'custom',
          'fulcio-url': stack.url,
          'rekor-url': stack.url,
          'tsa-url': stack.url,
        },
        { ...stack.oidcEnv(), GITHUB_API_URL: apiUrl },
      );
      expect(run.errors).toEqual([]);
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toContain("stored in GitHub's attestations as 4201");
      const bundles = run.outputs.bundle!.split('\n');
      expect(bundles).toHaveLength(2);
      expect(posted.map((p) => p.path)).toEqual([
        'POST /repos/example/airlock-test/attestations',
        'POST /repos/example/airlock-test/attestations',
      ]);
      expect(posted[0]!.authorization).toBe('Bearer ghs_attest');
      expect(posted[0]!.body.bundle).toEqual(JSON.parse(readFileSync(bundles[0]!, 'utf8')));

      const verifier = new BundleVerifier(parseTrustedRoot(stack.trustedRoot));
      for (const platformDigest of multi.manifests) {
        const records = await sbomRecords(
          multi.reference,
          platformDigest,
          'https://cyclonedx.org/bom',
          verifier,
        );
        const signed = records.find((r) => r.signature === 'verified')!;
        expect(signed.signer?.subjectAlternativeName).toBe(stack.identityOf());
        expect(signed.statement.subject[0]!.digest.sha256).toBe(platformDigest.slice(7));
      }
      expect(run.summary).toContain('signed with the job’s identity');

      // Only to GitHub: signed, posted, and nothing attached to the image.
      const before = await sbomRecords(debian.reference, debian.digest, 'https://cyclonedx.org/bom');
      const githubOnly = await attest(
        {
          image: debian.reference,
          'push-to-registry': 'false',
          'github-attestation': 'true',
          'github-token': 'ghs_attest',
          sigstore: 'custom',
          'fulcio-url': stack.url,
          'rekor-url': stack.url,
          'tsa-url': stack.url,
        },
        { ...stack.oidcEnv(), GITHUB_API_URL: apiUrl },
      );
      expect(githubOnly.errors).toEqual([]);
      expect(githubOnly.outputs['attestation-digest']).toBe('');
      expect(githubOnly.outputs.bundle).toMatch(/\.sigstore\.json$/);
      expect(posted).toHaveLength(3);
      expect(await sbomRecords(debian.reference, debian.digest, 'https://cyclonedx.org/bom')).toHaveLength(
        before.length,
      );
    } finally {
      api.closeAllConnections();
      await new Promise<void>((resolve) => api.close(() => resolve()));
    }
  });
});

describe('attest-sbom bad input: one clear error each', () => {
  it.each([
    [
      'an SBOM over 16 MB',
      () => {
        const file = join(work, 'huge.json');
        writeFileSync(file, Buffer.alloc(16 * 1024 * 1024 + 10, 0x20));
        return { sbom: file };
      },
      /^input 'sbom' \(.*huge.json\) is 16777226 bytes, over the 16777216-byte \(16 MB\) limit for an attested SBOM; give a smaller SBOM, or leave the input empty/,
    ],
    [
      'an SBOM that is neither CycloneDX nor SPDX',
      () => {
        const file = join(work, 'other.json');
        writeFileSync(file, '{"packages":[]}');
        return { sbom: file };
      },
      /is neither CycloneDX .* nor SPDX/,
    ],
    [
      'a missing SBOM file',
      () => ({ sbom: '/nonexistent/sbom.json' }),
      /input 'sbom': cannot read '\/nonexistent\/sbom.json' \(ENOENT\)/,
    ],
    [
      'an unknown format',
      () => ({ format: 'syft' }),
      /input 'format' must be one of cyclonedx, spdx, got 'syft'/,
    ],
    [
      'nowhere to put it',
      () => ({ 'push-to-registry': 'false' }),
      /inputs 'push-to-registry' and 'github-attestation' are both false/,
    ],
    [
      'GitHub attestations without an identity',
      () => ({ 'github-attestation': 'true' }),
      /needs a signed attestation, and this job has no OIDC identity/,
    ],
    [
      'a platform the image lacks',
      () => ({ platforms: 'linux/s390x' }),
      /input 'platforms': .* has no linux\/s390x image; it has linux\/amd64, linux\/arm64\/v8/,
    ],
  ])('%s', async (_name, inputs, message) => {
    const run = await attest({ image: multi.reference, ...inputs() });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(message);
  });
});
