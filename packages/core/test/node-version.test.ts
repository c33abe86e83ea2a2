import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { nodeIsSupported } from '../src/node-version.ts';

describe('nodeIsSupported', () => {
  afterEach(() => {
    jest.restoreAllMocks();
    process.exitCode = undefined;
  });

  it.each(['24.0.0', '24.21.0', '25.1.0'])('lets Node %s run the action, silently', (version) => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(nodeIsSupported('mirror', version)).toBe(true);
    expect(write).not.toHaveBeenCalled();
    expect(process.exitCode).toBeUndefined();
  });

  it.each(['20.20.2', '22.11.0'])(
    'refuses Node %s with one ::error:: line naming the node24 runner',
    (version) => {
      const lines: string[] = [];
      jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      });
      expect(nodeIsSupported('quarantine-scan', version)).toBe(false);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toBe(
        `::error::airlock quarantine-scan needs Node 24 (the \`node24\` runner), but runs on Node ${version}: ` +
          'use a runner that supports `runs.using: node24`, or Node 24 or later outside Actions\n',
      );
      expect(process.exitCode).toBe(1);
    },
  );
});
