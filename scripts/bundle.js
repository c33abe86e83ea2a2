// Bundles every action with ncc into actions/<name>/dist. With --check, bundles into a scratch
// directory instead and fails when the result differs from what is committed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const check = process.argv.includes('--check');
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const root = new URL('..', import.meta.url).pathname;
const ncc = join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js');
const actions = readdirSync(join(root, 'actions')).filter(
  (name) =>
    existsSync(join(root, 'actions', name, 'src/index.ts')) && (only.length === 0 || only.includes(name)),
);

let stale = [];
for (const name of actions) {
  const entry = join(root, 'actions', name, 'src/index.ts');
  const committed = join(root, 'actions', name, 'dist');
  const out = check ? mkdtempSync(join(tmpdir(), `dist-${name}-`)) : committed;
  // A fresh directory each time: chunks of an earlier build must not linger beside the new ones.
  if (!check) rmSync(committed, { recursive: true, force: true });
  execFileSync(process.execPath, [ncc, 'build', entry, '-o', out, '--target', 'es2023', '--quiet'], {
    stdio: 'inherit',
  });
  if (check) {
    for (const file of readdirSync(out)) {
      const fresh = readFileSync(join(out, file));
      const old = existsSync(join(committed, file)) ? readFileSync(join(committed, file)) : undefined;
      if (!old || !old.equals(fresh)) stale.push(`actions/${name}/dist/${file}`);
    }
    const built = new Set(readdirSync(out));
    for (const file of existsSync(committed) ? readdirSync(committed) : []) {
      if (!built.has(file)) stale.push(`actions/${name}/dist/${file} (no longer built)`);
    }
    rmSync(out, { recursive: true, force: true });
  }
  console.log(`${check ? 'checked' : 'bundled'} ${name}`);
}
if (stale.length) {
  console.error(`::error::dist is out of date (run 'npm run bundle'): ${stale.join(', ')}`);
  process.exit(1);
}
