import { createServer, type Server } from 'node:net';

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Polls `probe` until it resolves true, at most `attempts` times, `delayMs` apart. */
export async function waitFor(probe: () => Promise<boolean>, what: string, attempts = 100, delayMs = 50) {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  throw new Error(`${what} did not become ready`);
}

/** Starts `server` on a free port of 127.0.0.1 (or `port`) and returns its `http://127.0.0.1:<port>` URL. */
export async function listenOnLoopback(server: Server, port = 0): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
}
