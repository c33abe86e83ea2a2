import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundleToJSON } from '@sigstore/bundle';
import { FulcioSigner, MessageSignatureBundleBuilder, RekorWitness } from '@sigstore/sign';
import tar from 'tar-stream';
import {
  RecordingLogger,
  githubIdentityProvider,
  installTrivy,
  parseTrustedRoot,
  trustedRootBlobVerifier,
} from '../src/index.ts';
import { SigstoreStack, listenOnLoopback } from '@airlock/testkit';

// The installer verifying the release's checksums file as cosign signed it (`.sig`, `.pem`, an entry in
// Rekor), against a loopback Sigstore stack. The release server also stands in for Rekor's search
// endpoints (`/api/v1/index/retrieve`, `/api/v1/log/entries/{uuid}`), which the mock Rekor lacks; the
// entries it serves are the ones the mock Rekor wrote.

type Json = Record<string, unknown>;

async function releaseArchive(): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve) => pack.on('end', () => resolve()));
  pack.entry({ name: 'trivy', mode: 0o755 }, '#!/bin/sh\necho "Version: signed"\n');
  pack.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

describe('Trivy installer with the release signature (loopback Sigstore stack, Rekor search stand-in)', () => {
  let stack: SigstoreStack;
  let server: Server;
  let baseUrl: string;
  let work: string;
  const files = new Map<string, Buffer>();
  const rekorByHash = new Map<string, string[]>();
  const rekorEntries = new Map<string, Json>();
  const saved = { tools: process.env.RUNNER_TOOL_CACHE, temp: process.env.RUNNER_TEMP };
  const releaseWorkflow = 'aquasecurity/trivy/.github/workflows/reusable-release.yaml@refs/tags/v';

  /** Signs `content` as cosign sign-blob does in Trivy's release workflow, and publishes it. */
  async function publish(
    version: string,
    content: Buffer,
    workflowRef: string,
    serve = content,
  ): Promise<void> {
    const env = stack.oidcEnv(workflowRef);
    const builder = new MessageSignatureBundleBuilder({
      signer: new FulcioSigner({
        fulcioBaseURL: stack.url,
        identityProvider: githubIdentityProvider({
          requestUrl: env.ACTIONS_ID_TOKEN_REQUEST_URL!,
          requestToken: env.ACTIONS_ID_TOKEN_REQUEST_TOKEN!,
        }),
      }),
      witnesses: [new RekorWitness({ rekorBaseURL: stack.url })],
    });
    const bundle = bundleToJSON(await builder.create({ data: content })) as unknown as {
      verificationMaterial: {
        certificate?: { rawBytes: string };
        x509CertificateChain?: { certificates: { rawBytes: string }[] };
        tlogEntries: Json[];
      };
      messageSignature: { signature: string };
    };
    const material = bundle.verificationMaterial;
    const der = material.certificate?.rawBytes ?? material.x509CertificateChain!.certificates[0]!.rawBytes;
    const pem = `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
    const name = `trivy_${version}_checksums.txt`;
    files.set(`/v${version}/${name}`, serve);
    files.set(`/v${version}/${name}.sig`, Buffer.from(bundle.messageSignature.signature));
    files.set(`/v${version}/${name}.pem`, Buffer.from(Buffer.from(pem).toString('base64')));
    // What Rekor's API answers for this entry.
    const entry = material.tlogEntries[0]!;
    const uuid = createHash('sha256').update(String(entry.canonicalizedBody)).digest('hex');
    const hash = `sha256:${createHash('sha256').update(content).digest('hex')}`;
    rekorByHash.set(hash, [...(rekorByHash.get(hash) ?? []), uuid]);
    rekorEntries.set(uuid, {
      body: entry.canonicalizedBody,
      integratedTime: Number(entry.integratedTime),
      logID: Buffer.from(String((entry.logId as Json).keyId), 'base64').toString('hex'),
      logIndex: Number(entry.logIndex),
      verification: { signedEntryTimestamp: (entry.inclusionPromise as Json).signedEntryTimestamp },
    });
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'airlock-installer-sig-'));
    process.env.RUNNER_TOOL_CACHE = join(work, 'toolcache');
    process.env.RUNNER_TEMP = join(work, 'temp');
    stack = await SigstoreStack.start();
    const archive = await releaseArchive();
    const checksums = (version: string) =>
      Buffer.from(
        `${createHash('sha256').update(archive).digest('hex')}  trivy_${version}_Linux-64bit.tar.gz\n`,
      );
    for (const version of ['9.4.0', '9.5.0', '9.6.0'])
      files.set(`/v${version}/trivy_${version}_Linux-64bit.tar.gz`, archive);
    await publish('9.4.0', checksums('9.4.0'), `${releaseWorkflow}9.4.0`);
    // Signed, but by someone else's workflow.
    await publish(
      '9.5.0',
      checksums('9.5.0'),
      'mallory/trivy/.github/workflows/release.yaml@refs/tags/v9.5.0',
    );
    // Signed by Trivy's workflow, then the checksums file was replaced.
    await publish(
      '9.6.0',
      checksums('9.6.0'),
      `${releaseWorkflow}9.6.0`,
      Buffer.from(`${'0'.repeat(64)}  trivy_9.6.0_Linux-64bit.tar.gz\n`),
    );
    server = createServer((request, response) => {
      const url = request.url ?? '';
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      request.on('end', () => {
        if (url === '/api/v1/index/retrieve' && request.method === 'POST') {
          const { hash } = JSON.parse(text) as { hash: string };
          response
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify(rekorByHash.get(hash) ?? []));
          return;
        }
        const entry = /^\/api\/v1\/log\/entries\/([0-9a-f]+)$/.exec(url);
        if (entry && rekorEntries.has(entry[1]!)) {
          response
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ [entry[1]!]: rekorEntries.get(entry[1]!) }));
          return;
        }
        const body = files.get(url);
        response.writeHead(body ? 200 : 404).end(body ?? 'Not Found');
      });
    });
    baseUrl = await listenOnLoopback(server);
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await stack?.stop();
    process.env.RUNNER_TOOL_CACHE = saved.tools;
    process.env.RUNNER_TEMP = saved.temp;
    rmSync(work, { recursive: true, force: true });
  });

  const install = (version: string, logger = new RecordingLogger()) =>
    installTrivy({
      version,
      baseUrl,
      logger,
      platform: 'linux',
      arch: 'x64',
      signature: { verify: trustedRootBlobVerifier(parseTrustedRoot(stack.trustedRoot)), rekorUrl: baseUrl },
    });

  it('installs when the checksums file is signed by Trivy’s release workflow', async () => {
    const logger = new RecordingLogger();
    const installed = await install('9.4.0', logger);
    expect(installed.cached).toBe(false);
    expect(logger.lines).toContain(
      'trivy_9.4.0_checksums.txt is signed by https://github.com/aquasecurity/trivy/.github/workflows/reusable-release.yaml@refs/tags/v9.4.0',
    );
  });

  it('refuses a release signed by another identity', async () => {
    await expect(install('9.5.0')).rejects.toThrow(
      "the signature of trivy_9.5.0_checksums.txt does not verify (it was signed by https://github.com/mallory/trivy/.github/workflows/release.yaml@refs/tags/v9.5.0, not by Trivy's release workflow); refusing to install it",
    );
  });

  it('refuses a checksums file that is not the one that was signed', async () => {
    await expect(install('9.6.0')).rejects.toThrow(
      'the signature of trivy_9.6.0_checksums.txt does not verify (Rekor has no entry for it); refusing to install it',
    );
  });
});
