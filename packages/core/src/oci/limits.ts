// How much airlock reads from a registry or a token service at most. A hostile or broken server can
// send an endless body anywhere; every read stops at its limit with an error that names the server.

const KiB = 1024;
const MiB = 1024 * KiB;

export const readLimits = {
  /** A manifest, and the `sha256-<hex>` fallback referrers index (the spec asks for 4 MiB at least). */
  manifest: 16 * MiB,
  /** The body of an error answer: only its first distribution error is used. */
  errorBody: 64 * KiB,
  /** A token service's or the GitHub OIDC endpoint's answer. */
  token: 1 * MiB,
  /** One page of a tag list or of the referrers API. */
  listPage: 16 * MiB,
  /** All pages of one tag or referrers list together. */
  listTotal: 64 * MiB,
  /** Pages of one tag or referrers list. */
  listPages: 1000,
  /** An image config (read for its platform). */
  config: 4 * MiB,
  /** The blob of a record (an in-toto statement or a Sigstore bundle). */
  record: 64 * MiB,
  /** An SBOM document. */
  sbom: 128 * MiB,
} as const;

/** `16 MiB`, `64 KiB`: a limit as people read it. */
export function formatLimit(bytes: number): string {
  if (bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes % KiB === 0) return `${bytes / KiB} KiB`;
  return `${bytes} bytes`;
}

/**
 * The text of a `fetch` answer of at most `limit` bytes (the GitHub OIDC endpoint and other services
 * reached with fetch); undefined, with the connection cancelled, when it goes past the limit.
 */
export async function readFetchTextBounded(response: Response, limit: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
