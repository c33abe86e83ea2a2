import 'reflect-metadata'; // @peculiar/x509's dependency injection needs it before it loads
import { randomUUID, webcrypto } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { freePort } from './ports.ts';
import type { RegistryOptions } from './registry.ts';

// A Bearer token service for the distribution registry's `auth.token` mode: it signs ES256 JWTs whose
// `x5c` header carries a self-signed certificate; the registry trusts that certificate through its
// `rootcertbundle`. Users authenticate with Basic auth, or with a refresh token (Docker's identity token).

export interface TokenServerOptions {
  /** user → password. Every known user gets the actions it asks for, unless listed in `readOnly`. */
  users?: Record<string, string>;
  /** Users that only ever get `pull`. */
  readOnly?: string[];
  /** refresh token → user, for the OAuth2 `grant_type=refresh_token` POST. */
  refreshTokens?: Record<string, string>;
  /** Actions granted to anonymous requests (default none: the registry then refuses them). */
  anonymous?: string[];
  /** Token lifetime in seconds (default 300), sent as `expires_in`. */
  lifetimeSeconds?: number;
  /** Which field carries the token in the answer (default `token`). */
  tokenField?: 'token' | 'access_token';
  service?: string;
  issuer?: string;
}

/** What a token request asked for and who asked; tests check scopes with it. */
export interface TokenRequest {
  method: string;
  user: string | undefined;
  service: string | undefined;
  scopes: string[];
  grantType: string | undefined;
  /** The status the server answered. */
  status: number;
}

type SelfSignedParams = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0];

/** A fresh ECDSA P-256 key and a self-signed certificate for it, valid from a minute ago for a day. */
async function selfSignedEcdsa(
  serialNumber: string,
  name: string,
  extractable: boolean,
  extensions: x509.Extension[],
): Promise<{ keys: webcrypto.CryptoKeyPair; certificate: x509.X509Certificate }> {
  const keys = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, extractable, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber,
      name,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 24 * 3600_000),
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      keys: keys as SelfSignedParams['keys'],
      extensions,
    },
    webcrypto as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1],
  );
  return { keys, certificate };
}

const base64url = (data: Buffer | ArrayBuffer) => Buffer.from(data as ArrayBuffer).toString('base64url');

export interface TestCertificate {
  /** The certificate, PEM: trust it as a CA (it is self-signed). */
  cert: string;
  /** Its private key, PKCS#8 PEM. */
  key: string;
}

/** A self-signed ECDSA P-256 certificate for loopback TLS servers, valid for `127.0.0.1` and `localhost`. */
export async function selfSignedCertificate(): Promise<TestCertificate> {
  const { keys, certificate } = await selfSignedEcdsa('02', 'CN=airlock test server', true, [
    new x509.BasicConstraintsExtension(true, undefined, true),
    new x509.SubjectAlternativeNameExtension([
      { type: 'ip', value: '127.0.0.1' },
      { type: 'dns', value: 'localhost' },
    ]),
  ]);
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`;
  return { cert: certificate.toString('pem'), key };
}

export class TokenServer {
  readonly realm: string;
  readonly service: string;
  readonly issuer: string;
  /** The PEM bundle the registry trusts (`rootcertbundle`). */
  readonly rootCertBundle: string;
  readonly requests: TokenRequest[] = [];
  private readonly server: Server;
  private readonly directory: string;
  private readonly options: TokenServerOptions;
  private readonly privateKey: webcrypto.CryptoKey;
  private readonly certificate: Buffer;

  private constructor(
    server: Server,
    port: number,
    directory: string,
    options: TokenServerOptions,
    privateKey: webcrypto.CryptoKey,
    certificate: Buffer,
  ) {
    this.server = server;
    this.directory = directory;
    this.options = options;
    this.privateKey = privateKey;
    this.certificate = certificate;
    this.realm = `http://127.0.0.1:${port}/token`;
    this.service = options.service ?? 'airlock-test-registry';
    this.issuer = options.issuer ?? 'airlock-test-token-issuer';
    this.rootCertBundle = join(directory, 'root.pem');
  }

  static async start(options: TokenServerOptions = {}): Promise<TokenServer> {
    const { keys, certificate } = await selfSignedEcdsa('01', 'CN=airlock test token issuer', false, [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign, true),
    ]);
    const directory = mkdtempSync(join(tmpdir(), 'airlock-token-'));
    const port = await freePort();
    const started: { instance?: TokenServer } = {};
    const server = createServer((request, response) => {
      started.instance!.handle(request, response).catch((error: unknown) => {
        response.statusCode = 500;
        response.end(String(error));
      });
    });
    const instance = new TokenServer(
      server,
      port,
      directory,
      options,
      keys.privateKey,
      Buffer.from(certificate.rawData),
    );
    started.instance = instance;
    writeFileSync(instance.rootCertBundle, certificate.toString('pem'));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return instance;
  }

  /** What `TestRegistry.start({ token })` needs. */
  get registryOptions(): NonNullable<RegistryOptions['token']> {
    return {
      realm: this.realm,
      service: this.service,
      issuer: this.issuer,
      rootCertBundle: this.rootCertBundle,
    };
  }

  /** Every scope asked for, in order. */
  get scopes(): string[] {
    return this.requests.flatMap((request) => request.scopes);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.directory, { recursive: true, force: true });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', this.realm);
    const form =
      request.method === 'POST' ? new URLSearchParams(Buffer.concat(chunks).toString()) : url.searchParams;
    const scopes =
      request.method === 'POST'
        ? (form.get('scope') ?? '').split(' ').filter(Boolean)
        : url.searchParams.getAll('scope');
    const record: TokenRequest = {
      method: request.method ?? '',
      user: undefined,
      service: form.get('service') ?? undefined,
      scopes,
      grantType: form.get('grant_type') ?? undefined,
      status: 200,
    };
    this.requests.push(record);
    const reply = (status: number, body: unknown) => {
      record.status = status;
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };

    let user: string | undefined;
    if (record.grantType === 'refresh_token') {
      user = this.options.refreshTokens?.[form.get('refresh_token') ?? ''];
      if (!user) return reply(401, { errors: [{ code: 'UNAUTHORIZED', message: 'invalid refresh token' }] });
    } else {
      const authorization = request.headers.authorization;
      if (authorization?.startsWith('Basic ')) {
        const decoded = Buffer.from(authorization.slice(6), 'base64').toString();
        const colon = decoded.indexOf(':');
        const name = decoded.slice(0, colon);
        if (colon < 0 || this.options.users?.[name] !== decoded.slice(colon + 1)) {
          return reply(401, { errors: [{ code: 'UNAUTHORIZED', message: 'wrong user name or password' }] });
        }
        user = name;
      }
    }
    record.user = user;
    if (record.service !== this.service) {
      return reply(400, { errors: [{ code: 'INVALID', message: `unknown service ${record.service}` }] });
    }

    const access = scopes.flatMap((scope) => {
      const [type, ...rest] = scope.split(':');
      const actions = rest.pop()?.split(',') ?? [];
      const name = rest.join(':');
      if (type !== 'repository' || name === '') return [];
      const allowed =
        user === undefined
          ? (this.options.anonymous ?? [])
          : this.options.readOnly?.includes(user)
            ? ['pull']
            : actions;
      const granted = actions.filter((action) => allowed.includes(action));
      return granted.length ? [{ type, name, actions: granted }] : [];
    });
    const lifetime = this.options.lifetimeSeconds ?? 300;
    const token = await this.sign({ sub: user ?? '', access }, lifetime);
    reply(200, {
      [this.options.tokenField ?? 'token']: token,
      expires_in: lifetime,
      issued_at: new Date().toISOString(),
    });
  }

  private async sign(claims: { sub: string; access: unknown[] }, lifetime: number): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'ES256', typ: 'JWT', x5c: [this.certificate.toString('base64')] };
    const payload = {
      iss: this.issuer,
      aud: this.service,
      iat: now,
      nbf: now - 10,
      exp: now + lifetime,
      jti: randomUUID(),
      ...claims,
    };
    const input = `${base64url(Buffer.from(JSON.stringify(header)))}.${base64url(Buffer.from(JSON.stringify(payload)))}`;
    // WebCrypto's ECDSA signature is r‖s, which is exactly the JWS ES256 encoding.
    const signature = await webcrypto.subtle.sign(
      { name: 'ECDSA', hash: 'SHA-256' },
      this.privateKey,
      Buffer.from(input),
    );
    return `${input}.${base64url(signature)}`;
  }
}
