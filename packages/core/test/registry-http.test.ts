import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { freePort } from '@airlock/testkit';
import {
  HttpTransport,
  describeUrl,
  errorCode,
  isTransientNetworkError,
  parseRetryAfter,
  proxySettingsFrom,
} from '../src/oci/http.ts';

// The transport's small rules, and its backoff measured against a loopback server that answers 503.

describe('transport rules', () => {
  it('tells connection failures from other errors, through causes', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(isTransientNetworkError(reset)).toBe(true);
    expect(isTransientNetworkError(new Error('fetch failed', { cause: reset }))).toBe(true);
    expect(errorCode(new Error('outer', { cause: reset }))).toBe('ECONNRESET');
    expect(isTransientNetworkError(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe(false);
    expect(isTransientNetworkError(new Error('other side closed'))).toBe(true);
    expect(isTransientNetworkError(new TypeError('bad argument'))).toBe(false);
  });

  it('reads Retry-After as seconds or a date', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter(' 7 ')).toBe(7000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.UTC(2015, 9, 21, 7, 27, 0))).toBe(60_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.UTC(2016, 0, 1))).toBe(0);
  });

  it('never puts a query string (signed storage URLs) in a description', () => {
    expect(describeUrl('https://storage.example/blob/abc?X-Amz-Signature=secret&X-Amz-Credential=key')).toBe(
      'storage.example/blob/abc',
    );
  });

  it('reads proxy settings from either case of the variables', () => {
    expect(proxySettingsFrom({ https_proxy: 'http://p:3128', no_proxy: 'internal' })).toEqual({
      httpsProxy: 'http://p:3128',
      noProxy: 'internal',
    });
    expect(proxySettingsFrom({ HTTP_PROXY: 'http://p:3128' })).toEqual({ httpProxy: 'http://p:3128' });
    expect(proxySettingsFrom({ NO_PROXY: '*' })).toBeUndefined();
  });
});

describe('backoff', () => {
  let server: Server;
  let host: string;
  let answered = 0;
  beforeAll(async () => {
    server = createServer((_request, response) => {
      answered++;
      response.writeHead(503);
      response.end();
    });
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    host = `127.0.0.1:${port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it.each([
    [0, [100, 200, 400, 500, 500]],
    [0.999, [200, 400, 800, 1000, 1000]],
  ])('doubles up to the cap, jittered into the upper half (random %d)', async (random, expected) => {
    const sleeps: number[] = [];
    const transport = new HttpTransport({
      insecureRegistries: [host],
      retry: {
        attempts: 6,
        baseDelayMs: 200,
        maxDelayMs: 1000,
        random: () => random,
        sleep: async (ms) => void sleeps.push(ms),
      },
    });
    answered = 0;
    try {
      const status = await transport.request(
        { method: 'GET', url: `http://${host}/v2/` },
        async (response) => {
          await response.body.dump();
          return response.status;
        },
      );
      expect(status).toBe(503);
      expect(answered).toBe(6);
      expect(sleeps).toEqual(expected);
    } finally {
      await transport.close();
    }
  });
});
