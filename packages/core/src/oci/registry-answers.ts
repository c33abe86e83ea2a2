// What registries answer, read carefully: media types, distribution error bodies, JSON, `Link` pages
// and query strings. Shared by the registry client and its repositories.

import { RegistryError } from '../errors.ts';
import { readAtMost } from './blob-streams.ts';
import { RetryableError, header, type HttpResponse } from './http.ts';
import { formatLimit, readLimits } from './limits.ts';

export function mediaTypeOf(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]?.trim() || undefined;
}

/** A short reason from a distribution error body (`{"errors":[{"code","message"}]}`), or ''. */
export async function errorDetail(response: HttpResponse): Promise<string> {
  // Only the first error is used: an endless body is cut at the limit (and then says nothing).
  const bytes = await readAtMost(response.body, readLimits.errorBody).catch(() => undefined);
  if (bytes === undefined) return '';
  const text = bytes.toString('utf8');
  try {
    const parsed = JSON.parse(text) as { errors?: { code?: string; message?: string }[] };
    const first = parsed.errors?.[0];
    if (first) return ` (${[first.code, first.message].filter(Boolean).join(': ').slice(0, 200)})`;
  } catch {
    // Not a distribution error body; the status says enough.
  }
  return '';
}

/**
 * Parses a registry's JSON answer. A broken one may have been damaged on the way, so it is asked for
 * again (a RetryableError); one that stays broken is the registry's failure, named as such.
 */
export function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new RetryableError(`${what} is not valid JSON`);
  }
}

export function addQuery(url: string, params: Record<string, string>): string {
  const parsed = new URL(url);
  for (const [name, value] of Object.entries(params)) parsed.searchParams.set(name, value);
  return parsed.toString();
}

/** Parses `Link: <url>; rel="next"`, resolved against the URL that answered. */
export function nextLink(response: HttpResponse): string | undefined {
  const link = header(response.headers, 'link');
  const match = link ? /<([^>]+)>\s*;\s*rel="?next"?/i.exec(link) : null;
  return match ? new URL(match[1]!, response.url).toString() : undefined;
}

/**
 * A response body of at most `limit` bytes. A longer one is cut off (its connection closed) and refused
 * with an error naming `what` (which names the registry or token service).
 */
export async function readBodyBounded(response: HttpResponse, limit: number, what: string): Promise<Buffer> {
  const declared = Number(header(response.headers, 'content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    response.body.destroy();
    throw new RegistryError(
      `${what} is ${declared} bytes, more than the ${formatLimit(limit)} airlock reads`,
    );
  }
  const bytes = await readAtMost(response.body, limit);
  if (bytes === undefined) {
    throw new RegistryError(`${what} is larger than the ${formatLimit(limit)} airlock reads; refusing it`);
  }
  return bytes;
}
