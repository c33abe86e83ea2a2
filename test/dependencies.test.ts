import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { repoRoot } from '@airlock/testkit';

// Every package declares what it imports: an action's bundle, a test run from its own workspace and a
// reader of package.json all rely on it. A bare import in `src` must be a dependency (a type-only import
// may be satisfied by `@types/…`); an import in `test` a dependency or a devDependency. The root's own
// tests, benchmarks and scripts are held to the root's package.json.

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const builtins = new Set(builtinModules);
const importPattern =
  /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(directory: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(directory);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(directory, entry);
    if (entry === 'node_modules' || entry === 'dist') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs)$/.test(entry) ? [path] : [];
  });
}

/** The packages a file imports, each with whether every import of it is type-only. */
function importsOf(files: string[]): Map<string, { typeOnly: boolean; file: string }> {
  const found = new Map<string, { typeOnly: boolean; file: string }>();
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(importPattern)) {
      const specifier = match[2] ?? match[3]!;
      if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) continue;
      const parts = specifier.split('/');
      const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
      if (builtins.has(name) || name.includes('$')) continue;
      const typeOnly = match[1] !== undefined;
      const before = found.get(name);
      found.set(name, { typeOnly: (before?.typeOnly ?? true) && typeOnly, file: relative(repoRoot, file) });
    }
  }
  return found;
}

const workspaces = ['packages', 'actions'].flatMap((group) =>
  readdirSync(join(repoRoot, group)).map((name) => join(group, name)),
);

describe('declared dependencies', () => {
  it.each(workspaces)('%s declares every package it imports', (workspace) => {
    const directory = join(repoRoot, workspace);
    const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as Manifest;
    const dependencies = new Set(Object.keys(manifest.dependencies ?? {}));
    const all = new Set([...dependencies, ...Object.keys(manifest.devDependencies ?? {})]);
    const missing: string[] = [];
    for (const [name, use] of importsOf(sourceFiles(join(directory, 'src')))) {
      if (name === manifest.name) continue;
      const declared = dependencies.has(name) || (use.typeOnly && all.has(`@types/${name}`));
      // A package whose code only ever runs in tests (the testkit) declares everything as a devDependency.
      if (!declared && !all.has(name)) missing.push(`${name} (imported by ${use.file})`);
    }
    for (const [name, use] of importsOf(sourceFiles(join(directory, 'test')))) {
      const declared = all.has(name) || (use.typeOnly && all.has(`@types/${name}`));
      if (name !== manifest.name && !declared) missing.push(`${name} (imported by ${use.file})`);
    }
    expect(missing).toEqual([]);
  });

  it('the root declares what its tests, benchmarks and scripts import', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Manifest;
    const all = new Set([
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.devDependencies ?? {}),
    ]);
    const files = ['test', 'bench', 'scripts'].flatMap((directory) => sourceFiles(join(repoRoot, directory)));
    const missing = [...importsOf(files)]
      .filter(([name]) => !all.has(name))
      .map(([name, use]) => `${name} (imported by ${use.file})`);
    expect(missing).toEqual([]);
  });
});
