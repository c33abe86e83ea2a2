import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { listenOnLoopback } from '@airlock/testkit';
import { RegistryClient, errorMessage, isAirlockError, parseReference } from '../src/index.ts';
import { fuzzSeed } from './fuzz-helpers.ts';

// A hostile registry, fuzzed: a loopback server whose every answer (status, headers, body) is drawn by
// fast-check, including the token service it names and the redirects and pages it points to. Whatever it
// says, each client operation ends with a value or one of the project's errors, in bounded time, and
// never reaches past loopback (every URL it can name is on 127.0.0.1).

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const blob = Buffer.from('the blob the client asks for\n');
const blobDigest = sha256(blob);
const manifestBytes = Buffer.from(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: blobDigest, size: blob.length },
    layers: [],
  }),
);
const manifestDigest = sha256(manifestBytes);
const caseLimitMs = 8000;

let server: Server;
let host: string;
let answers: Answer[] = [];
let served = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const answer = answers[served++ % Math.max(1, answers.length)];
      if (!answer) {
        response.writeHead(500);
        response.end();
        return;
      }
      try {
        response.writeHead(answer.status, answer.headers);
        response.end(request.method === 'HEAD' ? undefined : answer.body);
      } catch {
        // A header value Node refuses to send: the connection breaks, which is an answer too.
        response.destroy();
      }
    });
  });
  host = new URL(await listenOnLoopback(server)).host;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function arbitraries() {
  const here = `http://${host}`;
  const json = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null');
  const anyJson = fc.jsonValue({ maxDepth: 3 });
  const descriptor = fc.record(
    {
      mediaType: fc.oneof(fc.constantFrom('application/vnd.oci.image.manifest.v1+json', ''), anyJson),
      digest: fc.oneof(fc.constantFrom(blobDigest, manifestDigest, 'sha256:zz', '../../etc'), anyJson),
      size: fc.oneof(fc.constantFrom(blob.length, -1, 1e12, 0.5), anyJson),
      artifactType: anyJson,
      annotations: anyJson,
    },
    { requiredKeys: [] },
  );
  const body = fc.oneof(
    fc.constant(Buffer.alloc(0)),
    fc.constant(blob),
    fc.constant(manifestBytes),
    fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
    anyJson.map(json),
    fc
      .record(
        {
          schemaVersion: fc.oneof(fc.constant(2), anyJson),
          mediaType: fc.oneof(fc.constantFrom('application/vnd.oci.image.index.v1+json'), anyJson),
          manifests: fc.oneof(fc.array(descriptor, { maxLength: 3 }), anyJson),
          config: fc.oneof(descriptor, anyJson),
          layers: fc.oneof(fc.array(descriptor, { maxLength: 3 }), anyJson),
        },
        { requiredKeys: [] },
      )
      .map(json),
    fc
      .record(
        { name: anyJson, tags: fc.oneof(fc.array(fc.string(), { maxLength: 3 }), anyJson) },
        { requiredKeys: [] },
      )
      .map(json),
    fc
      .record(
        { token: fc.oneof(fc.string(), anyJson), access_token: anyJson, expires_in: anyJson },
        { requiredKeys: [] },
      )
      .map(json),
    fc
      .constantFrom('{"errors":[{"code":"DENIED","message":"no"}]}', '<html>', '{', 'null')
      .map((text) => Buffer.from(text)),
  );
  const headers = fc.record(
    {
      'content-type': fc.constantFrom(
        'application/vnd.oci.image.manifest.v1+json',
        'application/vnd.oci.image.index.v1+json',
        'application/json',
        'text/html',
        'x',
        '',
      ),
      'docker-content-digest': fc.constantFrom(blobDigest, manifestDigest, 'sha256:zz', 'md5:1', ''),
      'www-authenticate': fc.constantFrom(
        `Bearer realm="${here}/token",service="fuzz",scope="repository:app:pull"`,
        `Bearer realm="${here}/token"`,
        'Bearer service="no realm"',
        `Bearer realm="https://${host}/token",service="tls to a plain server"`,
        'Bearer realm="not a url"',
        'Basic realm="fuzz"',
        'Negotiate',
        '',
        '"',
      ),
      location: fc.constantFrom(
        '/v2/app/blobs/uploads/session',
        `${here}/v2/app/blobs/uploads/session?_state=x`,
        `${here}/v2/app/manifests/v1`,
        'http://127.0.0.1:1/refused',
        `https://${host}/tls`,
        'ftp://127.0.0.1/x',
        'ht!tp://bad',
        '//127.0.0.1:1/x',
        '',
      ),
      'retry-after': fc.constantFrom('0', '1', '99999', 'soon', 'Thu, 01 Jan 2099 00:00:00 GMT', ''),
      link: fc.constantFrom(
        '</v2/app/tags/list?n=1&last=a>; rel="next"',
        `<${here}/v2/app/tags/list>; rel="next"`,
        '<http://127.0.0.1:1/x>; rel="next"',
        '<>; rel=next',
        'garbage',
      ),
      'content-range': fc.constantFrom('bytes 0-3/10', 'bytes 5-9/10', 'garbage'),
      etag: fc.constantFrom('"1"', 'W/"x"', ''),
      'oci-subject': fc.constantFrom(manifestDigest, 'x'),
    },
    { requiredKeys: [] },
  );
  const answer: fc.Arbitrary<Answer> = fc.record({
    status: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(200, 201, 202, 204, 206) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(301, 302, 307, 308, 400, 401, 403, 404, 405, 412, 413, 416, 429),
      },
      { weight: 1, arbitrary: fc.constantFrom(100, 199, 304, 418, 500, 502, 503, 599) },
    ),
    headers,
    body,
  });
  return fc.record({
    answers: fc.array(answer, { minLength: 1, maxLength: 5 }),
    operation: fc.constantFrom(
      'ping',
      'resolve tag',
      'resolve digest',
      'get manifest by tag',
      'get manifest by digest',
      'list tags',
      'referrers',
      'has blob',
      'get blob',
      'put manifest',
      'put blob',
      'mount blob',
    ),
  });
}

async function operate(client: RegistryClient, operation: string): Promise<unknown> {
  const repository = client.repository(parseReference(`${host}/app`));
  const descriptor = { mediaType: 'application/octet-stream', digest: blobDigest, size: blob.length };
  switch (operation) {
    case 'ping':
      return client.ping(host);
    case 'resolve tag':
      return repository.resolve('v1');
    case 'resolve digest':
      return repository.resolve(manifestDigest);
    case 'get manifest by tag':
      return repository.getManifest('v1');
    case 'get manifest by digest':
      return repository.getManifest(manifestDigest);
    case 'list tags':
      return repository.listTags(2);
    case 'referrers':
      return repository.referrers(manifestDigest);
    case 'has blob':
      return repository.hasBlob(blobDigest);
    case 'get blob': {
      const chunks: Buffer[] = [];
      for await (const chunk of await repository.getBlob(descriptor)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    }
    case 'put manifest':
      return repository.putManifest(manifestBytes, 'application/vnd.oci.image.manifest.v1+json', 'v1');
    case 'put blob':
      return repository.putBlob(descriptor, () => Readable.from([blob]));
    default: {
      const other = client.repository(parseReference(`${host}/other`));
      return repository.mountBlob(descriptor, other);
    }
  }
}

describe('a hostile registry cannot make the client hold more than a bound', () => {
  it.each([
    ['a token answer', 'ping', 2 * 1024 * 1024, /token service .* larger than the 1 MiB airlock reads/],
    ['a page of tags', 'list tags', 17 * 1024 * 1024, /tag list .* larger than/],
    ['a manifest', 'get manifest by tag', 17 * 1024 * 1024, /larger than/],
  ])('%s', async (_what, operation, size, message) => {
    const huge = Buffer.alloc(size, 0x20);
    const challenge = `Bearer realm="http://${host}/token",service="fuzz"`;
    answers =
      operation === 'ping'
        ? [
            { status: 401, headers: { 'www-authenticate': challenge }, body: Buffer.alloc(0) },
            { status: 200, headers: { 'content-type': 'application/json' }, body: huge },
          ]
        : [{ status: 200, headers: { 'content-type': 'application/json' }, body: huge }];
    served = 0;
    const client = new RegistryClient({ insecureRegistries: [host] });
    try {
      const failure = await operate(client, operation).catch((error: unknown) => error);
      expect(isAirlockError(failure)).toBe(true);
      expect(errorMessage(failure)).toMatch(message);
    } finally {
      await client.close();
    }
  });
});

describe('fuzzing a hostile registry', () => {
  it('a tag list whose next page is itself ends at once, not after 10,000 pages', async () => {
    answers = [
      {
        status: 200,
        headers: {
          'content-type': 'application/json',
          link: `<http://${host}/v2/app/tags/list?n=2>; rel="next"`,
        },
        body: Buffer.from('{"name":"app","tags":["a"]}'),
      },
    ];
    served = 0;
    const client = new RegistryClient({ insecureRegistries: [host] });
    try {
      await expect(client.repository(parseReference(`${host}/app`)).listTags(2)).rejects.toThrow(/in a loop/);
      expect(served).toBeLessThanOrEqual(3);
    } finally {
      await client.close();
    }
  });

  it('every operation ends in a value or our own error, in bounded time', async () => {
    const outcomes = { value: 0, error: 0 };
    await fc.assert(
      fc.asyncProperty(arbitraries(), async ({ answers: drawn, operation }) => {
        answers = drawn;
        served = 0;
        const client = new RegistryClient({
          insecureRegistries: [host],
          retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} },
          timeouts: { connectMs: 1000, headersMs: 1000, bodyMs: 1000 },
        });
        const began = performance.now();
        try {
          await operate(client, operation);
          outcomes.value++;
        } catch (error) {
          if (!isAirlockError(error)) {
            throw new Error(`${operation} crashed with ${(error as Error)?.name}: ${errorMessage(error)}`, {
              cause: error,
            });
          }
          expect(errorMessage(error).trim()).not.toBe('');
          outcomes.error++;
        } finally {
          await client.close();
        }
        const took = performance.now() - began;
        if (took > caseLimitMs)
          throw new Error(`${operation} took ${Math.round(took)} ms (${served} requests)`);
      }),
      { seed: fuzzSeed, numRuns: Number(process.env['AIRLOCK_FUZZ_REGISTRY_RUNS'] ?? 400) },
    );
    // Both ends are reached: the fuzzer is not only producing refusals.
    expect(outcomes.value).toBeGreaterThan(0);
    expect(outcomes.error).toBeGreaterThan(0);
  }, 300_000);
});
