// The promotion gate: may this digest leave quarantine? It reads the scan records attached to the digest
// and decides on the newest one that can be trusted.
//
// Trust: a signed record counts only when its bundle verifies against the trust root and its certificate
// names an allowed identity (and issuer). An unsigned record is accepted only when the digest has no
// signed record at all and signatures are not required: a warning then says that the verdict's origin is
// not established (anyone who can push to the quarantine repository could have written it). Once a signed
// record exists, unsigned ones are ignored, so an unsigned `pass` cannot outvote a signed `fail`.

import { PredicateType } from './statement.ts';
import type { SignerIdentity, StoredRecord } from './record.ts';

export type RefusalReason =
  | 'no-verdict'
  | 'verdict-fail'
  | 'verdict-expired'
  | 'untrusted-signer'
  | 'tag-moved'
  | 'tag-exists'
  | 'not-found';

export interface GatePolicy {
  /** Certificate identities allowed to sign verdicts: globs where `*` matches anything. */
  identities: string[];
  /** The OIDC issuer the certificate must name; any when undefined. */
  issuer?: string;
  /** How old the scan may be, in milliseconds. */
  maxAgeMs: number;
  /** Refuse unsigned records even when there is no signed one. */
  requireSigned: boolean;
  now: Date;
}

export interface GateDecision {
  allowed: boolean;
  reason?: RefusalReason;
  /** One sentence: why it passed or what failed. */
  message: string;
  /** The record the decision rests on. */
  record?: StoredRecord;
  verdict?: string;
  scannedAt?: string;
  signer?: SignerIdentity;
  /** Said to the user as warnings. */
  warnings: string[];
}

export const scanPredicateType = PredicateType.vulnerability;

/**
 * The verdict a scan record carries: quarantine-scan writes it at `scanner.result.verdict` of cosign's
 * vuln predicate; a top-level `verdict` (records made by other tools) is read too.
 */
export function verdictOf(predicate: unknown): string | undefined {
  const p = predicate as { verdict?: unknown; scanner?: { result?: { verdict?: unknown } } } | undefined;
  const found = [p?.scanner?.result?.verdict, p?.verdict].find((value) => typeof value === 'string');
  return typeof found === 'string' ? found.toLowerCase() : undefined;
}

/** When the scan finished: the predicate's metadata, else the record's creation time. */
export function scannedAtOf(record: StoredRecord): string | undefined {
  const metadata = (record.statement.predicate as { metadata?: Record<string, unknown> } | undefined)
    ?.metadata;
  const finished = metadata?.scanFinishedOn ?? metadata?.scanStartedOn;
  return typeof finished === 'string' ? finished : record.created;
}

/** `*` matches any run of characters (including `/` and `@`); everything else is literal. */
export function identityMatches(pattern: string, identity: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(identity);
}

function trusted(record: StoredRecord, policy: GatePolicy): boolean {
  if (record.signature !== 'verified' || !record.signer) return false;
  if (policy.issuer !== undefined && record.signer.issuer !== policy.issuer) return false;
  return policy.identities.some((pattern) => identityMatches(pattern, record.signer!.subjectAlternativeName));
}

function newestFirst(records: StoredRecord[]): StoredRecord[] {
  return [...records].sort((a, b) => (scannedAtOf(b) ?? '').localeCompare(scannedAtOf(a) ?? ''));
}

/** Decides on the scan records of one digest (as readRecords returns them, verified). */
export function evaluateGate(records: StoredRecord[], policy: GatePolicy): GateDecision {
  const warnings: string[] = [];
  if (records.length === 0) {
    return {
      allowed: false,
      reason: 'no-verdict',
      message: 'no scan record is attached to this digest: scan it (quarantine-scan) before promoting it',
      warnings,
    };
  }
  const signed = records.filter((record) => record.signature !== 'none');
  let record: StoredRecord | undefined;
  if (signed.length > 0) {
    record = newestFirst(signed.filter((candidate) => trusted(candidate, policy)))[0];
    if (!record) {
      return {
        allowed: false,
        reason: 'untrusted-signer',
        message: `no scan record is signed by an allowed identity (${policy.identities.join(', ')}): ${describeSigners(signed)}`,
        warnings,
      };
    }
  } else if (policy.requireSigned) {
    return {
      allowed: false,
      reason: 'untrusted-signer',
      message: 'the scan records on this digest are unsigned, and signed verdicts are required',
      warnings,
    };
  } else {
    record = newestFirst(records)[0]!;
    warnings.push(
      'the scan record is unsigned, so who wrote it is not established: give the scanning job ' +
        "'permissions: id-token: write' to sign it",
    );
  }

  const verdict = verdictOf(record.statement.predicate);
  const scannedAt = scannedAtOf(record);
  const base = {
    record,
    ...(verdict ? { verdict } : {}),
    ...(scannedAt ? { scannedAt } : {}),
    ...(record.signer ? { signer: record.signer } : {}),
    warnings,
  };
  if (verdict !== 'pass') {
    return {
      ...base,
      allowed: false,
      reason: 'verdict-fail',
      message: `the newest scan record's verdict is ${verdict ?? 'missing'} (record ${record.descriptor.digest})`,
    };
  }
  const scannedMs = scannedAt ? Date.parse(scannedAt) : Number.NaN;
  if (Number.isNaN(scannedMs)) {
    return {
      ...base,
      allowed: false,
      reason: 'verdict-expired',
      message: 'the scan record says no scan time',
    };
  }
  const ageMs = policy.now.getTime() - scannedMs;
  if (ageMs > policy.maxAgeMs) {
    return {
      ...base,
      allowed: false,
      reason: 'verdict-expired',
      message: `the passing scan is ${formatDuration(ageMs)} old, older than max-verdict-age (${formatDuration(policy.maxAgeMs)}): scan again`,
    };
  }
  const by = record.signer ? `signed by ${record.signer.subjectAlternativeName}` : 'unsigned';
  return {
    ...base,
    allowed: true,
    message: `verdict pass, scanned ${scannedAt}, ${by} (record ${record.descriptor.digest})`,
  };
}

function describeSigners(records: StoredRecord[]): string {
  return records
    .map((record) =>
      record.signature === 'verified'
        ? `signed by ${record.signer?.subjectAlternativeName} (issuer ${record.signer?.issuer ?? 'unknown'})`
        : record.signature === 'invalid'
          ? `a signature that does not verify (${record.problem ?? 'unknown problem'}; ` +
            "if another Sigstore instance signed it, give that instance's trusted root in 'trusted-root')"
          : 'a signature that was not verified',
    )
    .join('; ');
}

const units: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

/** `7d`, `24h`, `1d12h`, `90m`, `1w`: a duration in milliseconds, or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (!/^(\d+[wdhms])+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)([wdhms])/g)) total += Number(amount) * units[unit!]!;
  return total;
}

export function formatDuration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(ms / 1000)) * 1000;
  for (const unit of ['d', 'h', 'm', 's']) {
    const size = units[unit]!;
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.slice(0, 2).join('') || '0s';
}
