// The entry checks the Node version before it loads anything else (on Node 20 or 22 the bundle would
// fail to load with an unexplained TypeError); the action itself is a chunk loaded after the check.
import { nodeIsSupported } from '@airlock/core/node-version';

if (nodeIsSupported('mirror')) {
  const { runAction } = await import('@airlock/core/action');
  const { main } = await import('./main.ts');
  await runAction(main);
}
