import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

// The system tools some tests use (the real registry, the independent oracle, the DB builder). When one
// is missing, the test fails with one line that names the Debian package to install, not `spawn ENOENT`.

/** Tools the testkit runs, and the Debian package that has each. */
export const toolPackages: Record<string, string> = {
  'docker-registry': 'docker-registry',
  skopeo: 'skopeo',
  umoci: 'umoci',
  htpasswd: 'apache2-utils',
  go: 'golang-go golang-github-coreos-bbolt-dev',
};

/** The start of every missing-tool message, which the test reporter gathers into one closing line. */
export const missingToolMarker = 'missing system tool:';

export class MissingToolError extends Error {
  readonly tool: string;
  readonly debianPackage: string;
  constructor(tool: string, debianPackage: string) {
    super(`${missingToolMarker} ${tool} is not on PATH; install it with: apt-get install ${debianPackage}`);
    this.name = 'MissingToolError';
    this.tool = tool;
    this.debianPackage = debianPackage;
    // One line, no stack: the message says all there is to do.
    this.stack = this.message;
  }
}

const found = new Map<string, string | undefined>();

/** The full path of `tool` on PATH, or undefined. */
export function findTool(tool: string, path = process.env.PATH ?? ''): string | undefined {
  const key = `${tool}\0${path}`;
  if (found.has(key)) return found.get(key);
  let result: string | undefined;
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, tool), constants.X_OK);
      result = join(dir, tool);
      break;
    } catch {
      // not here
    }
  }
  found.set(key, result);
  return result;
}

export function hasTool(tool: string): boolean {
  return findTool(tool) !== undefined;
}

/** Throws a one-line MissingToolError naming the Debian package when `tool` is not on PATH. */
export function requireTool(tool: string, debianPackage = toolPackages[tool] ?? tool): string {
  const path = findTool(tool);
  if (path === undefined) throw new MissingToolError(tool, debianPackage);
  return path;
}
