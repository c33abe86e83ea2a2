import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { TestRegistry, TokenServer, digestOf, freePort } from '@airlock/testkit';
import { RegistryError, errorMessage } from '../src/errors.ts';
import { RecordingLogger } from '../src/logger.ts';
import { mergeScopes, parseWwwAuthenticate, type CredentialSources } from '../src/oci/auth.ts';
import { parseReference } from '../src/oci/reference.ts';
import { RegistryClient } from '../src/oci/registry.ts';
import { MediaType, type Descriptor } from '../src/oci/types.ts';

describe('parseWwwAuthenticate', () => {
  it.each([
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://auth.docker.io/token',
            service: 'registry.docker.io',
            scope: 'repository:library/nginx:pull',
          },
        },
      ],
    ],
    ['Basic realm="Registry Realm"', [{ scheme: 'basic', params: { realm: 'Registry Realm' } }]],
    [
      'Bearer realm="https://x/token", scope="repository:a:pull repository:b:pull,push", error="insufficient_scope"',
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://x/token',
            scope: 'repository:a:pull repository:b:pull,push',
            error: 'insufficient_scope',
          },
        },
      ],
    ],
    [
      'Basic realm="a\\"b", Bearer realm=https://t/token,service=reg',
      [
        { scheme: 'basic', params: { realm: 'a"b' } },
        { scheme: 'bearer', params: { realm: 'https://t/token', service: 'reg' } },
      ],
    ],
    ['', []],
  ])('%s', (header, expected) => {
    expect(parseWwwAuthenticate(header)).toEqual(expected);
  });
});

describe('mergeScopes', () => {
  it('merges the actions of each resource and orders the result', () => {
    expect(
      mergeScopes(['repository:b:pull', 'repository:a:push', 'repository:a:pull', 'repository:b:pull']),
    ).toEqual(['repository:a:pull,push', 'repository:b:pull']);
    expect(mergeScopes(['repository:a:pull repository:host:5000/x:push'])).toEqual([
      'repository:a:pull',
      'repository:host:5000/x:push',
    ]);
  });
});

describe('credential hints', () => {
  it('name Docker Hub as users log in to it, and where the credential came from', async () => {
    const withHub = new RegistryClient({
      credentials: {
        hosts: { 'docker.io': { username: 'u', password: 'p', source: 'source-username/source-password' } },
      },
    });
    const anonymous = new RegistryClient();
    try {
      expect(await withHub.auth.credentialHint('registry-1.docker.io')).toBe(
        'check the credentials for docker.io (from source-username/source-password)',
      );
      expect(await anonymous.auth.credentialHint('registry-1.docker.io')).toBe(
        'docker.io needs credentials: give them with registry username/password inputs, docker login, or github-token for ghcr.io',
      );
    } finally {
      await Promise.all([withHub.close(), anonymous.close()]);
    }
  });
});

describe('an unreachable token service', () => {
  it('is named as the token service of the registry', async () => {
    const port = await freePort();
    const registryStandIn = createServer((_request, response) => {
      response.writeHead(401, {
        'www-authenticate': `Bearer realm="http://127.0.0.1:${port}/token",service="x"`,
      });
      response.end();
    });
    const registryPort = await freePort();
    await new Promise<void>((resolve) => registryStandIn.listen(registryPort, '127.0.0.1', () => resolve()));
    const host = `127.0.0.1:${registryPort}`;
    const client = new RegistryClient({ insecureRegistries: [host], retry: { attempts: 1 } });
    try {
      await expect(client.ping(host)).rejects.toThrow(
        `the token service of ${host} failed: cannot reach 127.0.0.1:${port}: ECONNREFUSED`,
      );
    } finally {
      await client.close();
      registryStandIn.closeAllConnections();
      await new Promise((resolve) => registryStandIn.close(resolve));
    }
  });
});

/** Pushes one small blob and an OCI manifest under `tag` with the client; returns the manifest digest. */
async function pushSmallImage(client: RegistryClient, reference: string): Promise<string> {
  const ref = parseReference(reference);
  const repository = client.repository(ref);
  const config = Buffer.from('{"architecture":"amd64","os":"linux"}');
  const descriptor: Descriptor = {
    mediaType: MediaType.ociConfig,
    digest: digestOf(config),
    size: config.length,
  };
  await repository.putBlob(descriptor, () => Readable.from([config]));
  const manifest = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociManifest, config: descriptor, layers: [] }),
  );
  return (await repository.putManifest(manifest, MediaType.ociManifest, ref.tag)).digest;
}

describe('authentication against a real registry', () => {
  let basic: TestRegistry;
  let bearer: TestRegistry;
  let tokens: TokenServer;
  let work: string;
  const clients: RegistryClient[] = [];
  const secrets = ['s3cret-basic', 'b3arer-password', 'refresh-0123456789'];

  const loggers: RecordingLogger[] = [];
  const allMasked: string[] = [];
  const client = (credentials: CredentialSources, masked: string[] = [], now?: () => number) => {
    const logger = new RecordingLogger();
    loggers.push(logger);
    const created = new RegistryClient({
      credentials,
      insecureRegistries: [basic.host, bearer.host],
      logger,
      onSecret: (secret) => {
        masked.push(secret);
        allMasked.push(secret);
      },
      retry: { sleep: async () => {} },
      ...(now ? { now } : {}),
    });
    clients.push(created);
    return created;
  };

  beforeAll(async () => {
    tokens = await TokenServer.start({
      users: { bob: 'b3arer-password', reader: 'r3ader' },
      readOnly: ['reader'],
      refreshTokens: { 'refresh-0123456789': 'bob' },
      tokenField: 'access_token',
      lifetimeSeconds: 60,
    });
    [basic, bearer] = await Promise.all([
      TestRegistry.start({ users: { alice: 's3cret-basic' } }),
      TestRegistry.start({ token: tokens.registryOptions }),
    ]);
    work = mkdtempSync(join(tmpdir(), 'airlock-auth-'));
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all([basic?.stop(), bearer?.stop(), tokens?.stop()]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('uses Basic credentials given for the host, and masks them', async () => {
    const masked: string[] = [];
    const alice = client(
      { hosts: { [basic.host]: { username: 'alice', password: 's3cret-basic' } } },
      masked,
    );
    const digest = await pushSmallImage(alice, `${basic.host}/app:1`);
    expect((await alice.repository(parseReference(`${basic.host}/app`)).resolve('1'))?.digest).toBe(digest);
    expect(masked).toContain('s3cret-basic');
    expect(masked).toContain(Buffer.from('alice:s3cret-basic').toString('base64'));
  });

  it('reports a wrong Basic password as a credentials problem, naming the host and not the secret', async () => {
    const wrong = client({
      hosts: {
        [basic.host]: { username: 'alice', password: 'not-it', source: 'source-username/source-password' },
      },
    });
    const error = await wrong
      .repository(parseReference(`${basic.host}/app`))
      .getManifest('1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(errorMessage(error)).toContain(`HTTP 401`);
    expect(errorMessage(error)).toContain(
      `check the credentials for ${basic.host} (from source-username/source-password)`,
    );
    expect(errorMessage(error)).not.toContain('not-it');
  });

  it('says that credentials are needed when an anonymous request meets Basic auth', async () => {
    const anonymous = client({});
    await expect(anonymous.ping(basic.host)).rejects.toThrow(`${basic.host} requires credentials`);
  });

  it('runs the Bearer flow with pull and pull,push scopes, accepting access_token', async () => {
    const masked: string[] = [];
    const bob = client(
      { hosts: { [bearer.host]: { username: 'bob', password: 'b3arer-password' } } },
      masked,
    );
    const before = tokens.requests.length;
    const digest = await pushSmallImage(bob, `${bearer.host}/team/app:1`);
    const repository = bob.repository(parseReference(`${bearer.host}/team/app`));
    expect((await repository.getManifest('1')).descriptor.digest).toBe(digest);
    const asked = tokens.requests.slice(before);
    expect(asked.every((request) => request.user === 'bob' && request.status === 200)).toBe(true);
    expect(asked.map((request) => request.scopes.join(' '))).toContain('repository:team/app:pull,push');
    // One token for pull,push covers the later pull: no request per call.
    expect(asked.length).toBeLessThanOrEqual(2);
    expect(masked).toContain('b3arer-password');
    expect(masked.some((secret) => secret.split('.').length === 3)).toBe(true);
  });

  it('asks for pull on the mount source together with push on the destination', async () => {
    const bob = client({ hosts: { [bearer.host]: { username: 'bob', password: 'b3arer-password' } } });
    await pushSmallImage(bob, `${bearer.host}/mount/source:1`);
    const source = bob.repository(parseReference(`${bearer.host}/mount/source`));
    const target = bob.repository(parseReference(`${bearer.host}/mount/target`));
    const manifest = await source.getManifest('1');
    const config = (manifest.manifest as { config: Descriptor }).config;
    const before = tokens.requests.length;
    expect(await target.mountBlob(config, source)).toBe(true);
    expect(tokens.requests.slice(before).map((request) => request.scopes.sort().join(' '))).toEqual([
      'repository:mount/source:pull repository:mount/target:pull,push',
    ]);
    expect(await buffer(await target.getBlob(config))).toHaveLength(config.size);
  });

  it('asks once for a token that parallel requests all need', async () => {
    const bob = client({ hosts: { [bearer.host]: { username: 'bob', password: 'b3arer-password' } } });
    await pushSmallImage(
      client({ hosts: { [bearer.host]: { username: 'bob', password: 'b3arer-password' } } }),
      `${bearer.host}/parallel:1`,
    );
    const repository = bob.repository(parseReference(`${bearer.host}/parallel`));
    const before = tokens.requests.length;
    const resolved = await Promise.all(Array.from({ length: 12 }, () => repository.resolve('1')));
    expect(new Set(resolved.map((descriptor) => descriptor?.digest)).size).toBe(1);
    expect(tokens.requests.length - before).toBe(1);
  });

  it('renews a token when it expires', async () => {
    let now = Date.now();
    const bob = client(
      { hosts: { [bearer.host]: { username: 'bob', password: 'b3arer-password' } } },
      [],
      () => now,
    );
    await pushSmallImage(bob, `${bearer.host}/expiry:1`);
    const repository = bob.repository(parseReference(`${bearer.host}/expiry`));
    const before = tokens.requests.length;
    await repository.resolve('1');
    expect(tokens.requests.length).toBe(before);
    now += 120_000;
    await repository.resolve('1');
    expect(tokens.requests.length).toBe(before + 1);
  });

  it('exchanges an identity token from the Docker config with a refresh_token grant', async () => {
    const config = join(work, 'identity.json');
    writeFileSync(
      config,
      JSON.stringify({ auths: { [bearer.host]: { identitytoken: 'refresh-0123456789' } } }),
    );
    const masked: string[] = [];
    const viaConfig = client({ dockerConfigPath: config }, masked);
    const before = tokens.requests.length;
    await pushSmallImage(viaConfig, `${bearer.host}/identity:1`);
    expect(tokens.requests.slice(before)[0]).toMatchObject({
      method: 'POST',
      grantType: 'refresh_token',
      user: 'bob',
    });
    expect(masked).toContain('refresh-0123456789');
  });

  it('reports a wrong password at the token service without the secret', async () => {
    const wrong = client({
      hosts: {
        [bearer.host]: {
          username: 'bob',
          password: 'wrong-pw',
          source: 'destination-username/destination-password',
        },
      },
    });
    const error = await pushSmallImage(wrong, `${bearer.host}/denied:1`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(errorMessage(error)).toMatch(/refused access to repository:denied:pull,push \(HTTP 401\)/);
    expect(errorMessage(error)).toContain(`check the credentials for ${bearer.host}`);
    for (const secret of [...secrets, 'wrong-pw']) expect(errorMessage(error)).not.toContain(secret);
  });

  it('refuses a push with a read-only token, reading still works', async () => {
    const bob = client({ hosts: { [bearer.host]: { username: 'bob', password: 'b3arer-password' } } });
    await pushSmallImage(bob, `${bearer.host}/readonly:1`);
    const reader = client({ hosts: { [bearer.host]: { username: 'reader', password: 'r3ader' } } });
    expect(await reader.repository(parseReference(`${bearer.host}/readonly`)).resolve('1')).toBeDefined();
    const error = await pushSmallImage(reader, `${bearer.host}/readonly:2`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).status).toBe(401);
    expect(errorMessage(error)).toContain(`check the credentials for ${bearer.host}`);
  });

  it('goes anonymous when nothing gives a credential, and says what to do', async () => {
    const anonymous = client({});
    const error = await anonymous
      .repository(parseReference(`${bearer.host}/team/app`))
      .getManifest('1')
      .catch((e: unknown) => e);
    expect(errorMessage(error)).toContain(`HTTP 401`);
    expect(errorMessage(error)).toContain(`${bearer.host} needs credentials`);
  });

  it('never wrote a secret it was given or received to the log', () => {
    expect(allMasked.length).toBeGreaterThan(5);
    const lines = loggers.flatMap((logger) => logger.lines);
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of allMasked) {
      expect(lines.filter((line) => line.includes(secret))).toEqual([]);
    }
  });
});
