import { listenOnLoopback } from './ports.ts';
import { generateKeyPairSync, createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fulcioHandler,
  initializeCA,
  initializeCTLog,
  initializeTLog,
  initializeTSA,
  rekorHandler,
  tsaHandler,
  type HandlerFn,
} from '@sigstore/mock';
import { KeylessSigner, githubIdentityProvider } from '@airlock/core';

// A Sigstore instance on loopback: Fulcio, Rekor and a timestamp authority with real crypto (the
// @sigstore/mock handlers behind a real HTTP server), plus an OIDC token endpoint that stands in for
// GitHub's (`ACTIONS_ID_TOKEN_REQUEST_URL`). It writes a trusted root built from their keys, so a bundle
// signed in one process verifies in another.

export const githubIssuer = 'https://token.actions.githubusercontent.com';

export interface SigstoreStackOptions {
  /** The workflow that tokens name by default: `owner/repo/.github/workflows/file.yml@refs/heads/main`. */
  workflowRef?: string;
}

/** The request token the stand-in OIDC endpoint wants, as GitHub's `ACTIONS_ID_TOKEN_REQUEST_TOKEN`. */
const requestToken = 'airlock-test-oidc-request-token';

export class SigstoreStack {
  readonly url: string;
  readonly trustedRootPath: string;
  readonly trustedRoot: object;
  readonly defaultWorkflowRef: string;
  private readonly server: Server;
  private readonly dir: string;
  /** Tokens issued, for tests that check the audience. */
  readonly issuedAudiences: string[] = [];

  private constructor(url: string, server: Server, dir: string, trustedRoot: object, workflowRef: string) {
    this.url = url;
    this.server = server;
    this.dir = dir;
    this.trustedRoot = trustedRoot;
    this.trustedRootPath = join(dir, 'trusted_root.json');
    this.defaultWorkflowRef = workflowRef;
    writeFileSync(this.trustedRootPath, JSON.stringify(trustedRoot, null, 2));
  }

  static async start(options: SigstoreStackOptions = {}): Promise<SigstoreStack> {
    // One whole-second clock for every service: the mock TSA writes fractional seconds in a form the
    // verifier's time parser rejects, and certificate, log entry and timestamp must agree on the time.
    // The services keep a reference to this Date; it is set once their own CA certificates exist (they
    // are valid from the real time of their creation), so no signing time falls before them.
    const clock = new Date(0);
    const keys = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const server = createServer();
    const url = await listenOnLoopback(server);

    const ctLog = await initializeCTLog(keys(), clock);
    const ca = await initializeCA(keys(), ctLog, clock);
    const tlog = await initializeTLog(url, keys(), clock);
    const tsa = await initializeTSA(keys(), clock);
    clock.setTime(Math.ceil(Date.now() / 1000) * 1000);
    const handlers = new Map<string, HandlerFn>();
    // Real Fulcio puts `https://github.com/<job_workflow_ref>` in the certificate; the mock copies one
    // claim as it is, so the token carries that URI in a claim of its own.
    for (const handler of [
      fulcioHandler(ca, { strict: true, subjectClaim: 'job_workflow_uri' }),
      rekorHandler(tlog, { strict: true }),
      tsaHandler(tsa, { strict: true }),
    ]) {
      handlers.set(handler.path, handler.fn);
    }

    const validFor = { start: new Date(clock.getTime() - 24 * 3600 * 1000).toISOString() };
    const base64 = (bytes: ArrayBufferView | Buffer) =>
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
    const keyId = (spki: Buffer) => createHash('sha256').update(spki).digest('base64');
    const ctKey = Buffer.from(ctLog.publicKey);
    const trustedRoot = {
      mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
      tlogs: [
        {
          baseUrl: url,
          hashAlgorithm: 'SHA2_256',
          publicKey: { rawBytes: base64(tlog.publicKey), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor },
          logId: { keyId: keyId(tlog.publicKey) },
        },
      ],
      certificateAuthorities: [
        {
          subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
          uri: url,
          certChain: { certificates: [{ rawBytes: base64(ca.rootCertificate) }] },
          validFor,
        },
      ],
      ctlogs: [
        {
          baseUrl: url,
          hashAlgorithm: 'SHA2_256',
          publicKey: { rawBytes: ctKey.toString('base64'), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor },
          logId: { keyId: Buffer.from(ctLog.logID.buffer).toString('base64') },
        },
      ],
      timestampAuthorities: [
        {
          subject: { organization: 'sigstore.mock', commonName: 'tsa' },
          uri: url,
          certChain: {
            certificates: [
              { rawBytes: base64(tsa.intCertificate) },
              { rawBytes: base64(tsa.rootCertificate) },
            ],
          },
          validFor,
        },
      ],
    };

    const dir = mkdtempSync(join(tmpdir(), 'airlock-sigstore-'));
    const workflowRef =
      options.workflowRef ?? 'example/airlock-test/.github/workflows/scan.yml@refs/heads/main';
    const stack = new SigstoreStack(url, server, dir, trustedRoot, workflowRef);
    server.on('request', (request, response) => {
      stack.handle(request, response, handlers).catch((error: unknown) => {
        response.writeHead(500).end(String(error));
      });
    });
    return stack;
  }

  /**
   * The environment a job with `id-token: write` has: ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN. Tokens
   * from it name `workflowRef` (the stack's default when not given).
   */
  oidcEnv(workflowRef = this.defaultWorkflowRef, run: { ref?: string } = {}): Record<string, string> {
    // `run.ref`: the ref the run is for when it differs from the workflow's own (a reusable workflow
    // pinned to a tag, called for a pull request: `refs/pull/7/merge`).
    const ref = run.ref ? `&ref=${encodeURIComponent(run.ref)}` : '';
    return {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${this.url}/oidc/token?workflow=${encodeURIComponent(workflowRef)}${ref}`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken,
    };
  }

  /**
   * A keyless signer that signs as `workflowRef`, through this stack: a token from its OIDC endpoint, a
   * Fulcio certificate, and the witnesses asked for (Rekor and the TSA by default; `tsa` alone is the
   * shape of GitHub's instance).
   */
  signer(
    workflowRef = this.defaultWorkflowRef,
    options: { run?: { ref?: string }; witnesses?: 'rekor+tsa' | 'rekor' | 'tsa' } = {},
  ): KeylessSigner {
    const env = this.oidcEnv(workflowRef, options.run);
    const witnesses = options.witnesses ?? 'rekor+tsa';
    return new KeylessSigner({
      endpoints: {
        fulcioUrl: this.url,
        ...(witnesses.includes('rekor') ? { rekorUrl: this.url } : {}),
        ...(witnesses.includes('tsa') ? { tsaUrl: this.url } : {}),
      },
      identityProvider: githubIdentityProvider({
        requestUrl: env['ACTIONS_ID_TOKEN_REQUEST_URL']!,
        requestToken: env['ACTIONS_ID_TOKEN_REQUEST_TOKEN']!,
      }),
    });
  }

  /** The action inputs that point a step at this stack (`sigstore: custom` and its trusted root). */
  actionInputs(): Record<string, string> {
    return {
      'trusted-root': this.trustedRootPath,
      sigstore: 'custom',
      'fulcio-url': this.url,
      'rekor-url': this.url,
      'tsa-url': this.url,
    };
  }

  /** The certificate identity a token for `workflowRef` gets. */
  identityOf(workflowRef = this.defaultWorkflowRef): string {
    return `https://github.com/${workflowRef}`;
  }

  private async handle(
    request: IncomingMessage,
    response: ServerResponse,
    handlers: Map<string, HandlerFn>,
  ): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    if (request.method === 'GET' && url.pathname === '/oidc/token') {
      if (request.headers.authorization !== `Bearer ${requestToken}`) {
        response.writeHead(401).end('bad request token');
        return;
      }
      const workflowRef = url.searchParams.get('workflow') ?? this.defaultWorkflowRef;
      const audience = url.searchParams.get('audience') ?? '';
      this.issuedAudiences.push(audience);
      response.writeHead(200, { 'content-type': 'application/json' });
      const runRef = url.searchParams.get('ref') ?? undefined;
      response.end(JSON.stringify({ value: githubStyleToken(workflowRef, audience, runRef) }));
      return;
    }
    const handler = request.method === 'POST' ? handlers.get(url.pathname) : undefined;
    if (!handler) {
      response.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const result = await handler(Buffer.concat(chunks).toString('utf8'));
    const body = result.response;
    response.writeHead(result.statusCode, { 'content-type': result.contentType ?? 'text/plain' });
    response.end(
      typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength),
    );
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A token with the claims GitHub's has. Unsigned (`alg: none`): the mock Fulcio decodes claims without
 * checking a signature, and nothing else reads it.
 */
function githubStyleToken(workflowRef: string, audience: string, runRef?: string): string {
  const [workflowPath, workflowOwnRef] = workflowRef.split('@');
  const ref = runRef ?? workflowOwnRef;
  const repository = (workflowPath ?? '').split('/').slice(0, 2).join('/');
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: githubIssuer,
    aud: audience,
    sub: `repo:${repository}:ref:${ref ?? ''}`,
    iat: now,
    exp: now + 600,
    repository,
    repository_owner: repository.split('/')[0],
    ref,
    job_workflow_ref: workflowRef,
    job_workflow_sha: createHash('sha1').update(workflowRef).digest('hex'),
    job_workflow_uri: `https://github.com/${workflowRef}`,
    event_name: 'workflow_dispatch',
    runner_environment: 'github-hosted',
  };
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}
