import * as core from '@actions/core';
import { ConfigurationError } from '../errors.ts';
import { parseDuration } from '../records/gate.ts';

// Typed readers over core.getInput. Every message names the input, so the user knows what to fix.

export function stringInput(name: string, options: { required?: boolean } = {}): string {
  const value = core.getInput(name).trim();
  if (options.required && value === '') throw new ConfigurationError(`input '${name}' is required`);
  return value;
}

export function secretInput(name: string): string {
  const value = core.getInput(name).trim();
  if (value) core.setSecret(value);
  return value;
}

export function booleanInput(name: string, fallback: boolean): boolean {
  const value = core.getInput(name).trim().toLowerCase();
  if (value === '') return fallback;
  if (['true', 'yes', '1', 'on'].includes(value)) return true;
  if (['false', 'no', '0', 'off'].includes(value)) return false;
  throw new ConfigurationError(`input '${name}' must be true or false, got '${value}'`);
}

export function integerInput(name: string, fallback: number, range: { min: number; max: number }): number {
  const raw = core.getInput(name).trim();
  if (raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new ConfigurationError(
      `input '${name}' must be a whole number from ${range.min} to ${range.max}, got '${raw}'`,
    );
  }
  return value;
}

/** Lines or commas, trimmed, empty ones dropped: `a, b` and one item a line both work. */
export function listInput(name: string): string[] {
  return core
    .getInput(name)
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** One item a line, comments (`#`) dropped; each line keeps its inner spaces. */
export function linesInput(name: string): string[] {
  return core
    .getInput(name)
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter((line) => line !== '');
}

export function choiceInput<T extends string>(name: string, choices: readonly T[], fallback: T): T {
  const value = core.getInput(name).trim().toLowerCase();
  if (value === '') return fallback;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new ConfigurationError(`input '${name}' must be one of ${choices.join(', ')}, got '${value}'`);
}

/** A positive duration like `7d`, `24h` or `1d12h`, in milliseconds; `examples` shows the user the form. */
export function durationInput(name: string, fallback: string, examples: string): number {
  const text = core.getInput(name).trim() || fallback;
  const ms = parseDuration(text);
  if (ms === undefined || ms === 0) {
    throw new ConfigurationError(`input '${name}' must be a duration such as ${examples}, got '${text}'`);
  }
  return ms;
}
