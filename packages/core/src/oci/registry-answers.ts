// What registries answer, read carefully: media types, distribution error bodies, JSON, `Link` pages
// and query strings. Shared by the registry client and its repositories.

import { RegistryError } from '../action/errors.ts';
import { header, type HttpResponse } from './http.ts';
import type { Manifest } from './types.ts';

export function mediaTypeOf(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]?.trim() || undefined;
}

/** A short reason from a distribution error body (`{"errors":[{"code","message"}]}`), or ''. */
export async function errorDetail(response: HttpResponse): Promise<string> {
  const text = await response.body.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as { errors?: { code?: string; message?: string }[] };
    const first = parsed.errors?.[0];
    if (first) return ` (${[first.code, first.message].filter(Boolean).join(': ').slice(0, 200)})`;
  } catch {
    // Not a distribution error body; the status says enough.
  }
  return '';
}

/** Parses a registry's JSON answer; a broken one is the registry's failure, named as such. */
export function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new RegistryError(`${what} is not valid JSON`);
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

export function parseManifest(bytes: Buffer, display: string, reference: string): Manifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new RegistryError(`the manifest ${reference} of ${display} is not valid JSON`);
  }
  const manifest = parsed as Partial<Manifest> & { schemaVersion?: unknown };
  if (typeof parsed !== 'object' || parsed === null || manifest.schemaVersion !== 2) {
    throw new RegistryError(
      `the manifest ${reference} of ${display} is not a schema 2 image manifest or index (Docker schema 1 is not supported)`,
    );
  }
  return manifest as Manifest;
}
