import { runAction } from '@airlock/core/action';
import { main } from './main.ts';

await runAction(main);
