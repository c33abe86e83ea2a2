import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { ConfigurationError } from '../errors.ts';
import { severities, type Severity } from './findings.ts';

// The policy that turns findings into a verdict: thresholds, unfixed handling, exceptions with expiry
// dates, and per-package rules. It comes from action inputs and/or a YAML file; inputs win over the file.

/** `NONE`: severity never blocks on its own (only the CVSS threshold does). */
export type SeverityThreshold = Severity | 'NONE';
export const severityThresholds: readonly SeverityThreshold[] = [...severities, 'NONE'];

export interface PolicyException {
  id: string;
  /** The last day (YYYY-MM-DD, UTC) on which the exception applies. */
  until?: string;
  reason?: string;
  /** Only this package; every package when absent. */
  package?: string;
  /** Where it was written, for messages: `input 'exceptions' line 2`, `policy.yml:14`. */
  origin: string;
}

export interface PackageRule {
  /** A package name; `*` matches any run of characters (`libssl*`). */
  name: string;
  /** Never block on this package. */
  ignore?: boolean;
  severityThreshold?: SeverityThreshold;
  cvssThreshold?: number;
  ignoreUnfixed?: boolean;
  reason?: string;
  origin: string;
}

export interface Policy {
  severityThreshold: SeverityThreshold;
  cvssThreshold?: number;
  ignoreUnfixed: boolean;
  exceptions: PolicyException[];
  packages: PackageRule[];
}

export const defaultSeverityThreshold: SeverityThreshold = 'HIGH';

export function parseSeverityThreshold(value: string, where: string): SeverityThreshold {
  const word = value.trim().toUpperCase();
  if ((severityThresholds as readonly string[]).includes(word)) return word as SeverityThreshold;
  throw new ConfigurationError(
    `${where} must be one of ${severityThresholds.join(', ')}, got '${value.trim()}'`,
  );
}

export function parseCvssThreshold(value: string | number, where: string): number {
  const score = typeof value === 'number' ? value : Number(value.trim());
  if (String(value).trim() === '' || !Number.isFinite(score) || score < 0 || score > 10) {
    throw new ConfigurationError(
      `${where} must be a CVSS score from 0.0 to 10.0, got '${String(value).trim()}'`,
    );
  }
  return score;
}

function validDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

const idPattern = /^[A-Za-z][A-Za-z0-9._:-]*-[A-Za-z0-9._:-]+$/;

function checkId(id: string, where: string): string {
  if (!idPattern.test(id)) {
    throw new ConfigurationError(
      `${where}: '${id}' is not a vulnerability ID (expected CVE-YYYY-NNNN, GHSA-…, or the scanner's ID)`,
    );
  }
  return id;
}

/**
 * Reads the `exceptions` input: one exception a line, `CVE-ID [until=YYYY-MM-DD] [package=NAME] [reason]`,
 * or the pipe-separated list of IDs that the quarantine workflows it replaces used (`CVE-1|CVE-2`).
 */
export function parseExceptions(text: string, inputName = 'exceptions'): PolicyException[] {
  const exceptions: PolicyException[] = [];
  text.split('\n').forEach((rawLine, index) => {
    const line = rawLine.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') return;
    const origin = `input '${inputName}' line ${index + 1}`;
    if (line.includes('|')) {
      for (const id of line.split('|').map((part) => part.trim())) {
        if (id !== '') exceptions.push({ id: checkId(id, origin), origin });
      }
      return;
    }
    const [id, ...rest] = line.split(/\s+/);
    const exception: PolicyException = { id: checkId(id!, origin), origin };
    const reason: string[] = [];
    for (const word of rest) {
      const option = /^(until|package)=(.*)$/.exec(word);
      if (option?.[1] === 'until') {
        if (!validDate(option[2]!)) {
          throw new ConfigurationError(`${origin}: until=${option[2]} is not a date; write until=YYYY-MM-DD`);
        }
        exception.until = option[2]!;
      } else if (option?.[1] === 'package') {
        exception.package = option[2]!;
      } else {
        reason.push(word);
      }
    }
    if (reason.length > 0) exception.reason = reason.join(' ');
    exceptions.push(exception);
  });
  return exceptions;
}

/** An exception whose `until` day is over no longer applies. */
export function exceptionExpired(exception: PolicyException, now: Date): boolean {
  return exception.until !== undefined && now.toISOString().slice(0, 10) > exception.until;
}

// ---- the policy file -------------------------------------------------------------------------------

export interface PolicyFile {
  severityThreshold?: SeverityThreshold;
  cvssThreshold?: number;
  ignoreUnfixed?: boolean;
  exceptions: PolicyException[];
  packages: PackageRule[];
}

const topFields = ['severity-threshold', 'cvss-threshold', 'ignore-unfixed', 'exceptions', 'packages'];
const exceptionFields = ['id', 'until', 'reason', 'package'];
const packageFields = ['name', 'ignore', 'severity-threshold', 'cvss-threshold', 'ignore-unfixed', 'reason'];

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

function suggestion(key: string, known: string[]): string {
  const normalized = key.toLowerCase().replace(/_/g, '-');
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(normalized, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best && bestDistance <= Math.max(2, Math.floor(best.length / 4)) ? ` (did you mean '${best}'?)` : '';
}

/** Parses and validates a policy file; every error names the file, the line and the field. */
export function parsePolicyFile(content: string, fileName: string): PolicyFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(content, { lineCounter, prettyErrors: false });
  const lineOf = (node: Node | null | undefined): number =>
    node?.range ? lineCounter.linePos(node.range[0]).line : 1;
  const fail = (node: Node | null | undefined, message: string): never => {
    throw new ConfigurationError(`${fileName}:${lineOf(node)}: ${message}`);
  };
  const syntax = document.errors[0];
  if (syntax) {
    const line = lineCounter.linePos(syntax.pos[0]).line;
    throw new ConfigurationError(`${fileName}:${line}: not valid YAML: ${syntax.message.split('\n')[0]}`);
  }
  const policy: PolicyFile = { exceptions: [], packages: [] };
  const root = document.contents;
  if (root === null) return policy;
  if (!isMap(root))
    return fail(root, 'the policy must be a mapping of settings (severity-threshold: HIGH, …)');

  const scalarText = (node: unknown, field: string): string => {
    if (!isScalar(node) || node.value === null || typeof node.value === 'object') {
      return fail(node as Node, `field '${field}' must be a single value`);
    }
    return String(node.value);
  };
  const bool = (node: unknown, field: string): boolean => {
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    return fail(node as Node, `field '${field}' must be true or false`);
  };
  const severity = (node: unknown, field: string): SeverityThreshold => {
    const value = scalarText(node, field);
    if (!(severityThresholds as readonly string[]).includes(value.toUpperCase())) {
      fail(node as Node, `field '${field}' must be one of ${severityThresholds.join(', ')}, got '${value}'`);
    }
    return value.toUpperCase() as SeverityThreshold;
  };
  const cvss = (node: unknown, field: string): number => {
    const value = isScalar(node) ? node.value : undefined;
    if (typeof value !== 'number' || value < 0 || value > 10) {
      fail(node as Node, `field '${field}' must be a CVSS score from 0.0 to 10.0`);
    }
    return value as number;
  };

  for (const pair of root.items) {
    const keyNode = pair.key as Node;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const value = pair.value;
    switch (key) {
      case 'severity-threshold':
        policy.severityThreshold = severity(value, key);
        break;
      case 'cvss-threshold':
        policy.cvssThreshold = cvss(value, key);
        break;
      case 'ignore-unfixed':
        policy.ignoreUnfixed = bool(value, key);
        break;
      case 'exceptions': {
        if (value === null) break;
        if (!isSeq(value)) fail(value as Node, "field 'exceptions' must be a list");
        for (const item of (value as { items: unknown[] }).items) {
          const origin = `${fileName}:${lineOf(item as Node)}`;
          if (isScalar(item)) {
            // The short form: a bare ID.
            policy.exceptions.push({ id: checkId(scalarText(item, 'exceptions'), origin), origin });
            continue;
          }
          if (!isMap(item))
            fail(item as Node, "each entry of 'exceptions' must be an ID or a mapping with 'id'");
          const entry: Partial<PolicyException> = { origin };
          for (const field of (item as { items: { key: unknown; value: unknown }[] }).items) {
            const name = isScalar(field.key) ? String(field.key.value) : '';
            if (!exceptionFields.includes(name)) {
              fail(
                field.key as Node,
                `unknown field 'exceptions.${name}'${suggestion(name, exceptionFields)}`,
              );
            }
            const fieldValue = scalarText(field.value, `exceptions.${name}`);
            if (name === 'until') {
              // YAML 1.2 reads an unquoted 2026-12-31 as a string, so dates are checked here.
              if (!validDate(fieldValue))
                fail(
                  field.value as Node,
                  `field 'exceptions.until' must be a date YYYY-MM-DD, got '${fieldValue}'`,
                );
              entry.until = fieldValue;
            } else if (name === 'id') {
              entry.id = checkId(fieldValue, `${fileName}:${lineOf(field.value as Node)}`);
            } else if (name === 'reason') {
              entry.reason = fieldValue;
            } else {
              entry.package = fieldValue;
            }
          }
          if (!entry.id) fail(item as Node, "an entry of 'exceptions' has no 'id'");
          policy.exceptions.push(entry as PolicyException);
        }
        break;
      }
      case 'packages': {
        if (value === null) break;
        if (!isSeq(value)) fail(value as Node, "field 'packages' must be a list of rules with 'name'");
        for (const item of (value as { items: unknown[] }).items) {
          if (!isMap(item)) fail(item as Node, "each entry of 'packages' must be a mapping with 'name'");
          const rule: Partial<PackageRule> = { origin: `${fileName}:${lineOf(item as Node)}` };
          for (const field of (item as { items: { key: unknown; value: unknown }[] }).items) {
            const name = isScalar(field.key) ? String(field.key.value) : '';
            const where = `packages.${name}`;
            if (name === 'name') rule.name = scalarText(field.value, where);
            else if (name === 'ignore') rule.ignore = bool(field.value, where);
            else if (name === 'severity-threshold') rule.severityThreshold = severity(field.value, where);
            else if (name === 'cvss-threshold') rule.cvssThreshold = cvss(field.value, where);
            else if (name === 'ignore-unfixed') rule.ignoreUnfixed = bool(field.value, where);
            else if (name === 'reason') rule.reason = scalarText(field.value, where);
            else
              fail(field.key as Node, `unknown field 'packages.${name}'${suggestion(name, packageFields)}`);
          }
          if (!rule.name) fail(item as Node, "a rule in 'packages' has no 'name'");
          policy.packages.push(rule as PackageRule);
        }
        break;
      }
      default:
        fail(keyNode, `unknown field '${key}'${suggestion(key, topFields)}`);
    }
  }
  return policy;
}

export interface PolicyInputs {
  /** Empty: from the file, else HIGH. */
  severityThreshold?: SeverityThreshold;
  cvssThreshold?: number;
  ignoreUnfixed?: boolean;
  exceptions?: PolicyException[];
}

/** Inputs win over the file; exceptions and package rules from both apply. */
export function resolvePolicy(inputs: PolicyInputs, file?: PolicyFile): Policy {
  const cvssThreshold = inputs.cvssThreshold ?? file?.cvssThreshold;
  return {
    severityThreshold: inputs.severityThreshold ?? file?.severityThreshold ?? defaultSeverityThreshold,
    ...(cvssThreshold !== undefined ? { cvssThreshold } : {}),
    ignoreUnfixed: inputs.ignoreUnfixed ?? file?.ignoreUnfixed ?? false,
    exceptions: [...(inputs.exceptions ?? []), ...(file?.exceptions ?? [])],
    packages: file?.packages ?? [],
  };
}

/** `*` in a rule's name matches any run of characters; the rest is literal. */
export function packageMatches(pattern: string, name: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return regex.test(name);
}
