// Deleting an image from ghcr.io: GHCR does not take registry DELETEs, so the GitHub Packages REST API
// removes the package version whose name is the digest. The token needs `delete:packages` (a classic
// token) or `packages: write` on a repository-linked package (GITHUB_TOKEN).

import { RegistryError } from '../errors.ts';
import { formatLimit, readFetchTextBounded, readLimits } from '../oci/limits.ts';

export interface GithubPackageDeleteOptions {
  /** `https://api.github.com`, or GITHUB_API_URL on GitHub Enterprise. */
  apiUrl: string;
  token: string;
  /** The user or organisation that owns the package: the first path component on ghcr.io. */
  owner: string;
  /** The package name: the rest of the repository path (`app`, `team/app`). */
  packageName: string;
  digest: string;
}

/** Pages of 100 versions read at most while looking for the digest. */
const maxPages = 50;

interface PackageVersion {
  id: number;
  name: string;
}

/** Deletes the package version named `digest`. Throws a RegistryError that says what the token lacks. */
export async function deleteGithubPackageVersion(options: GithubPackageDeleteOptions): Promise<string> {
  const { apiUrl, token, owner, packageName, digest } = options;
  const headers = {
    authorization: `Bearer ${token}`,
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
  };
  const encoded = encodeURIComponent(packageName);
  let base: string | undefined;
  let version: PackageVersion | undefined;
  for (const scope of [`orgs/${encodeURIComponent(owner)}`, `users/${encodeURIComponent(owner)}`]) {
    const candidate = `${apiUrl.replace(/\/$/, '')}/${scope}/packages/container/${encoded}/versions`;
    for (let page = 1; page <= maxPages && !version; page++) {
      const response = await fetch(`${candidate}?per_page=100&page=${page}`, { headers });
      if (response.status === 404) break;
      if (!response.ok)
        throw await apiFailure(response, `listing the versions of package ${owner}/${packageName}`);
      base = candidate;
      const text = await readFetchTextBounded(response, readLimits.listPage);
      if (text === undefined) {
        throw new RegistryError(
          `the GitHub API's list of versions of package ${owner}/${packageName} is larger than ${formatLimit(readLimits.listPage)} a page; refusing it`,
        );
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new RegistryError(
          `the GitHub API answered the versions of ${owner}/${packageName} with no JSON`,
        );
      }
      const versions = Array.isArray(parsed) ? (parsed as PackageVersion[]) : [];
      version = versions.find((entry) => entry.name === digest);
      if (versions.length < 100) break;
    }
    if (base) break;
  }
  if (!base)
    throw new RegistryError(`package ${owner}/${packageName} was not found through the GitHub API`, 404);
  if (!version) throw new RegistryError(`package ${owner}/${packageName} has no version ${digest}`, 404);
  const response = await fetch(`${base}/${version.id}`, { method: 'DELETE', headers });
  if (response.status !== 204 && !response.ok) {
    throw await apiFailure(
      response,
      `deleting version ${version.id} (${digest}) of package ${owner}/${packageName}`,
    );
  }
  return `deleted package version ${version.id} (${digest}) of ${owner}/${packageName}`;
}

async function apiFailure(response: Response, what: string): Promise<RegistryError> {
  const text = await readFetchTextBounded(response, readLimits.errorBody).catch(() => undefined);
  let body: { message?: unknown } = {};
  try {
    body = JSON.parse(text ?? '{}') as { message?: unknown };
  } catch {
    // Not a GitHub error body: the status says enough.
  }
  const detail = typeof body.message === 'string' ? `: ${body.message}` : '';
  const advice =
    response.status === 401 || response.status === 403
      ? " (the token needs 'delete:packages', or 'packages: write' on a package linked to this repository)"
      : '';
  return new RegistryError(`GitHub API ${response.status} ${what}${detail}${advice}`, response.status);
}
