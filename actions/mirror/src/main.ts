import * as core from '@actions/core';
import { stringInput } from '@airlock/core/action';

export async function main(): Promise<void> {
  const source = stringInput('source', { required: true });
  core.setOutput('image', source);
}
