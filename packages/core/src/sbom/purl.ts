// Package URLs (https://github.com/package-url/purl-spec): pkg:type/namespace/name@version?qualifiers.

/** Percent-encodes a purl part: everything but unreserved characters (`+` and `:` included). */
function encodePart(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export interface PurlParts {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
  qualifiers?: Record<string, string | undefined>;
}

export function formatPurl(parts: PurlParts): string {
  const namespace = parts.namespace
    ? `${parts.namespace
        .split('/')
        .filter((segment) => segment !== '')
        .map(encodePart)
        .join('/')}/`
    : '';
  const version = parts.version ? `@${encodePart(parts.version)}` : '';
  const qualifiers = Object.entries(parts.qualifiers ?? {})
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key.toLowerCase()}=${encodePart(value)}`);
  return `pkg:${parts.type}/${namespace}${encodePart(parts.name)}${version}${qualifiers.length ? `?${qualifiers.join('&')}` : ''}`;
}

/** The distro qualifier of an OS package: `alpine-3.18.4`, `debian-12`. */
export function distroQualifier(id: string, versionId: string): string {
  return versionId ? `${id}-${versionId}` : id;
}

/** PEP 503 normalisation, as the pypi purl type asks. */
export function normalizePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
