#!/usr/bin/env node
// The `airlock` command. Plain JavaScript that checks the Node version first: the CLI (TypeScript, run
// by Node's type stripping) and the action bundles it starts need Node 24.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `airlock: needs Node 24 or later (this is Node ${process.versions.node}); in this repository, ` +
      `\`npx airlock\` and npm scripts use the Node 24 that \`npm ci\` installs\n`,
  );
  process.exit(1);
}
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
