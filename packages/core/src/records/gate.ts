// The promotion gate: may this digest leave quarantine? One function, checkGate, makes the whole decision
// from a repository, a digest and a policy; promote and verify both call it. evaluateGate is its pure
// part: the decision from records already read.
//
// What it trusts (docs/trust.md says why):
// - Records are classified by their own content (the statement, the signed DSSE payload), never by what
//   the referrer list says of them; a record is about the digest its in-toto subject names.
// - A record's time is the scan time in its (signed) payload. A time more than five minutes ahead of now
//   is ignored and reported: it never sorts as newest.
// - A signed record counts only when its bundle verifies against the trust root and its signer is allowed
//   (signedByAllowedIdentity: never a pull-request run). When the digest has a signed record, unsigned ones
//   are ignored, so an unsigned `pass` cannot outvote a signed `fail`.
// - An unsigned record counts only when nothing signed is there, its subject names this repository, and
//   signed verdicts are not required; the decision then carries a caution.
// - The verdict must cover every runnable image manifest of the digest (`covers` in the scan record); a
//   verdict from an imported report is refused unless allowed; `verdictRecord` pins the exact record.

import { MediaType, isIndex, isIndexMediaType, type Descriptor, type Repository } from '../oci/types.ts';
import type { Logger } from '../logger.ts';
import { PredicateType } from './statement.ts';
import { signerRefusal, signedByAllowedIdentity } from './identity.ts';
import { readRecords, type RecordVerifier, type SignerIdentity, type StoredRecord } from './record.ts';

export type RefusalReason =
  | 'no-verdict'
  | 'verdict-fail'
  | 'verdict-expired'
  | 'verdict-incomplete'
  | 'verdict-imported'
  | 'verdict-record-mismatch'
  | 'untrusted-signer'
  | 'tag-moved'
  | 'tag-exists'
  | 'not-found';

/** The check that refused: each refusal names one. */
export type GateCheck = 'records' | 'signer' | 'verdict-record' | 'verdict' | 'origin' | 'coverage' | 'age';

export interface GatePolicy {
  /** Certificate identities allowed to sign verdicts: globs where `*` matches anything. */
  identities: string[];
  /** The OIDC issuer the certificate must name; any when undefined. */
  issuer?: string;
  /** How old the scan may be, in milliseconds. */
  maxAgeMs: number;
  /** Refuse unsigned records even when there is no signed one. */
  requireSigned: boolean;
  /** `registry/repository` of the digest: an unsigned record counts only when its subject names it. */
  repositoryName?: string;
  /** The scan record (its referrer manifest digest) that must be the newest trusted one. */
  verdictRecord?: string;
  /** Accept a verdict that came from an imported report (`scanner: report`). */
  allowImported?: boolean;
  now: Date;
}

/** How far ahead of now a record's time may be (clock skew between runners). */
export const maxClockSkewMs = 5 * 60_000;

export interface IgnoredRecord {
  record: string;
  why: string;
}

export interface GateDecision {
  allowed: boolean;
  reason?: RefusalReason;
  /** The check that refused. */
  check?: GateCheck;
  /** One sentence: why it passed or what failed. */
  message: string;
  /** The record the decision rests on. */
  record?: StoredRecord;
  verdict?: string;
  scannedAt?: string;
  signer?: SignerIdentity;
  /** True when the decision rests on an unsigned record: say so loudly (a CAUTION block). */
  unsigned?: boolean;
  /** Records read but left out, and why (future-dated, another repository, …). */
  ignored: IgnoredRecord[];
  /** Said to the user as warnings. */
  warnings: string[];
}

export const scanPredicateType = PredicateType.vulnerability;

interface ScanResultShape {
  verdict?: unknown;
  mode?: unknown;
  imported?: unknown;
  covers?: unknown;
}

function resultOf(predicate: unknown): ScanResultShape | undefined {
  return (predicate as { scanner?: { result?: ScanResultShape } } | undefined)?.scanner?.result;
}

/**
 * The verdict a scan record carries: quarantine-scan writes it at `scanner.result.verdict` of cosign's
 * vuln predicate; a top-level `verdict` (records made by other tools) is read too.
 */
export function verdictOf(predicate: unknown): string | undefined {
  const p = predicate as { verdict?: unknown } | undefined;
  const found = [resultOf(predicate)?.verdict, p?.verdict].find((value) => typeof value === 'string');
  return typeof found === 'string' ? found.toLowerCase() : undefined;
}

/** The manifests a scan record says it covers. */
export function coversOf(predicate: unknown): string[] {
  const covers = resultOf(predicate)?.covers;
  return Array.isArray(covers) ? covers.filter((entry): entry is string => typeof entry === 'string') : [];
}

/** Whether the verdict came from a report made elsewhere (`scanner: report`). */
export function importedOf(predicate: unknown): boolean {
  const result = resultOf(predicate);
  return result?.imported === true || result?.mode === 'report';
}

/** When the scan finished, from the statement's own predicate (never from an annotation). */
export function scannedAtOf(record: StoredRecord): string | undefined {
  const metadata = (record.statement.predicate as { metadata?: Record<string, unknown> } | undefined)
    ?.metadata;
  const finished = metadata?.scanFinishedOn ?? metadata?.scanStartedOn;
  return typeof finished === 'string' && !Number.isNaN(Date.parse(finished)) ? finished : undefined;
}

function timeOf(record: StoredRecord): number {
  const at = scannedAtOf(record);
  return at ? Date.parse(at) : Number.NEGATIVE_INFINITY;
}

function newestFirst(records: StoredRecord[]): StoredRecord[] {
  return [...records].sort((a, b) => timeOf(b) - timeOf(a));
}

function subjectNames(record: StoredRecord): string[] {
  return record.statement.subject.map((subject) => subject.name);
}

/** What the gate needs to know of the digest besides its records. */
export interface GateSubject {
  digest: string;
  /** Every runnable image manifest the digest holds (itself, for a single image). */
  runnable: string[];
}

/** Decides on the scan records of one digest (as readRecords returns them, verified). Pure. */
export function evaluateGate(
  records: StoredRecord[],
  policy: GatePolicy,
  subject?: GateSubject,
): GateDecision {
  const warnings: string[] = [];
  const ignored: IgnoredRecord[] = [];
  const refuse = (
    reason: RefusalReason,
    check: GateCheck,
    message: string,
    extra: Partial<GateDecision> = {},
  ) => ({ allowed: false, reason, check, message, warnings, ignored, ...extra }) satisfies GateDecision;

  if (records.length === 0) {
    return refuse(
      'no-verdict',
      'records',
      'no scan record is attached to this digest: scan it (quarantine-scan) before promoting it',
    );
  }
  const limit = policy.now.getTime() + maxClockSkewMs;
  const current = records.filter((record) => {
    if (timeOf(record) <= limit) return true;
    ignored.push({ record: record.descriptor.digest, why: `dated ${scannedAtOf(record)}, in the future` });
    warnings.push(
      `ignored scan record ${record.descriptor.digest}: it is dated ${scannedAtOf(record)}, in the future ` +
        '(a forged or mis-clocked record never counts as the newest)',
    );
    return false;
  });

  const signed = records.filter((record) => record.signature !== 'none');
  let candidates: StoredRecord[];
  let unsigned = false;
  if (signed.length > 0) {
    candidates = current.filter(
      (record) => record.signature === 'verified' && signedByAllowedIdentity(record.signer, policy),
    );
    if (candidates.length === 0) {
      return refuse(
        'untrusted-signer',
        'signer',
        `no scan record is signed by an allowed identity (${policy.identities.join(', ') || 'none'}): ${describeSigners(signed, policy)}`,
      );
    }
  } else if (policy.requireSigned) {
    return refuse(
      'untrusted-signer',
      'signer',
      'the scan records on this digest are unsigned, and signed verdicts are required ' +
        '(they are by default when the job has id-token: write): sign the scan (give the scanning job ' +
        "'permissions: id-token: write')",
    );
  } else {
    candidates = current.filter((record) => {
      const names = subjectNames(record);
      if (policy.repositoryName === undefined || names.includes(policy.repositoryName)) return true;
      ignored.push({ record: record.descriptor.digest, why: `unsigned, about ${names.join(', ')}` });
      warnings.push(
        `ignored unsigned scan record ${record.descriptor.digest}: its subject names ${names.join(', ')}, ` +
          `not ${policy.repositoryName} (it was not written for this repository)`,
      );
      return false;
    });
    if (candidates.length === 0) {
      return refuse(
        'no-verdict',
        'records',
        `no scan record on this digest counts (${ignored.map((entry) => `${entry.record}: ${entry.why}`).join('; ')}): scan it in ${policy.repositoryName ?? 'this repository'}`,
      );
    }
    unsigned = true;
    warnings.push(
      'the scan record is unsigned, so who wrote it is not established (anyone who can push to the ' +
        "quarantine repository could have): give the scanning job 'permissions: id-token: write' to sign it",
    );
  }

  const ordered = newestFirst(candidates);
  const record = ordered[0]!;
  const verdict = verdictOf(record.statement.predicate);
  const scannedAt = scannedAtOf(record);
  const base: Partial<GateDecision> = {
    record,
    ...(verdict ? { verdict } : {}),
    ...(scannedAt ? { scannedAt } : {}),
    ...(record.signer ? { signer: record.signer } : {}),
    ...(unsigned ? { unsigned } : {}),
  };

  if (policy.verdictRecord !== undefined && record.descriptor.digest !== policy.verdictRecord) {
    const present = records.find((entry) => entry.descriptor.digest === policy.verdictRecord);
    const why = !present
      ? 'is not attached to this digest (was it removed from the referrers index?)'
      : !candidates.includes(present)
        ? 'is not trusted (its signer or origin does not count, or it is dated in the future)'
        : `is not the newest trusted scan record (${record.descriptor.digest} is newer)`;
    return refuse(
      'verdict-record-mismatch',
      'verdict-record',
      `the scan record given in 'verdict-record' (${policy.verdictRecord}) ${why}`,
      base,
    );
  }
  if (verdict !== 'pass') {
    return refuse(
      'verdict-fail',
      'verdict',
      `the newest scan record's verdict is ${verdict ?? 'missing'} (record ${record.descriptor.digest})`,
      base,
    );
  }
  if (importedOf(record.statement.predicate) && !policy.allowImported) {
    return refuse(
      'verdict-imported',
      'origin',
      `the passing verdict came from an imported report (scanner: report), not a scan of this digest ` +
        `(record ${record.descriptor.digest}): scan it with scanner: trivy, or set 'allow-imported-verdicts: true'`,
      base,
    );
  }
  if (subject) {
    const covered = new Set([...coversOf(record.statement.predicate), subject.digest]);
    const missing = subject.runnable.filter((digest) => !covered.has(digest));
    if (missing.length > 0) {
      return refuse(
        'verdict-incomplete',
        'coverage',
        `the scan record ${record.descriptor.digest} does not cover ${missing.length} runnable image ` +
          `manifest${missing.length === 1 ? '' : 's'} of this digest (${missing.join(', ')}): scan every ` +
          "platform (quarantine-scan with 'platforms: all')",
        base,
      );
    }
  }
  const scannedMs = scannedAt ? Date.parse(scannedAt) : Number.NaN;
  if (Number.isNaN(scannedMs)) {
    return refuse('verdict-expired', 'age', 'the scan record says no scan time', base);
  }
  const ageMs = policy.now.getTime() - scannedMs;
  if (ageMs > policy.maxAgeMs) {
    return refuse(
      'verdict-expired',
      'age',
      `the passing scan is ${formatDuration(ageMs)} old, older than max-verdict-age (${formatDuration(policy.maxAgeMs)}): scan again`,
      base,
    );
  }
  const by = record.signer ? `signed by ${record.signer.subjectAlternativeName}` : 'unsigned';
  return {
    ...base,
    allowed: true,
    message: `verdict pass, scanned ${scannedAt}, ${by} (record ${record.descriptor.digest})`,
    warnings,
    ignored,
  };
}

function describeSigners(records: StoredRecord[], policy: GatePolicy): string {
  return records
    .map((record) =>
      record.signature === 'verified'
        ? `${record.descriptor.digest}: ${signerRefusal(record.signer, policy) ?? `signed by ${record.signer?.subjectAlternativeName} (dated in the future)`}`
        : record.signature === 'invalid'
          ? `a signature that does not verify (${record.problem ?? 'unknown problem'}; ` +
            "if another Sigstore instance signed it, give that instance's trusted root in 'trusted-root')"
          : 'a signature that was not verified',
    )
    .join('; ');
}

/** Layer media types of attestations (in-toto statements, Sigstore bundles, DSSE envelopes), not filesystems. */
export function isAttestationLayerType(mediaType: string): boolean {
  return (
    mediaType === MediaType.inToto ||
    mediaType.startsWith('application/vnd.in-toto') ||
    mediaType.startsWith('application/vnd.dev.sigstore') ||
    mediaType.startsWith('application/vnd.dsse') ||
    mediaType === 'application/vnd.dev.cosign.simplesigning.v1+json'
  );
}

/**
 * Whether a manifest is runnable: an image manifest with at least one layer that is not an attestation.
 * Decided from the manifest's content, never from an index entry's annotation or platform.
 */
export function isRunnableManifest(manifest: { layers?: Descriptor[] }): boolean {
  const layers = manifest.layers ?? [];
  return layers.length === 0 || !layers.every((layer) => isAttestationLayerType(layer.mediaType));
}

/** Every runnable image manifest a digest holds: itself, or its index's children (nested indexes too). */
export async function runnableManifests(
  repository: Repository,
  digest: string,
  depth = 0,
): Promise<string[]> {
  const { manifest } = await repository.getManifest(digest);
  if (!isIndex(manifest)) return isRunnableManifest(manifest) ? [digest] : [];
  if (depth >= 3) return [];
  const found: string[] = [];
  for (const child of manifest.manifests) {
    if (isIndexMediaType(child.mediaType))
      found.push(...(await runnableManifests(repository, child.digest, depth + 1)));
    else {
      const { manifest: childManifest } = await repository.getManifest(child.digest);
      if (isIndex(childManifest))
        found.push(...(await runnableManifests(repository, child.digest, depth + 1)));
      else if (isRunnableManifest(childManifest)) found.push(child.digest);
    }
  }
  return found;
}

export interface CheckGateOptions {
  repository: Repository;
  digest: string;
  policy: GatePolicy;
  /** Verifies signed records; without one no signed record is trusted. */
  verifier?: RecordVerifier;
  logger: Logger;
}

export interface GateCheckResult extends GateDecision {
  /** Every scan record read about the digest, trusted or not. */
  records: StoredRecord[];
  /** The runnable image manifests of the digest. */
  runnable: string[];
}

/**
 * The gate: reads every scan record attached to `digest` (classified by content, signatures verified)
 * and the digest's runnable manifests, and decides. Registry failures throw; refusals are results.
 */
export async function checkGate(options: CheckGateOptions): Promise<GateCheckResult> {
  const { repository, digest, policy, verifier, logger } = options;
  const records = await readRecords({
    repository,
    digest,
    predicateType: scanPredicateType,
    ...(verifier ? { verifier } : {}),
    logger,
  });
  const runnable = await runnableManifests(repository, digest);
  const decision = evaluateGate(records, policy, { digest, runnable });
  for (const entry of decision.ignored)
    logger.info(`gate: ignored scan record ${entry.record} (${entry.why})`);
  return { ...decision, records, runnable };
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
