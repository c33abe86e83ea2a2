// Imported first by every action's entry, before anything else is loaded: it depends on nothing, so an
// old Node reaches it even though the rest of the bundle would fail to load there.

/** The Node major version the bundles are built for (`runs.using: node24` in every action.yml). */
export const requiredNodeMajor = 24;

/**
 * Whether this Node can run the action. When it cannot, prints one `::error::` line saying which runner
 * the action needs, sets exit code 1, and returns false: on Node 20 and 22 the bundled libraries fail
 * to load with a TypeError that says nothing about the cause.
 */
export function nodeIsSupported(action: string, version: string = process.versions.node): boolean {
  const major = Number(version.split('.')[0]);
  if (major >= requiredNodeMajor) return true;
  process.stdout.write(
    `::error::airlock ${action} needs Node ${requiredNodeMajor} (the \`node24\` runner), but runs on Node ${version}: ` +
      `use a runner that supports \`runs.using: node24\`, ` +
      `or Node ${requiredNodeMajor} or later outside Actions\n`,
  );
  process.exitCode = 1;
  return false;
}
