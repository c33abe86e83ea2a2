import {
  compareFindings,
  countBySeverity,
  findingKey,
  hasFix,
  severityRank,
  type Finding,
  type SeverityCounts,
} from './findings.ts';
import {
  exceptionExpired,
  packageMatches,
  type PackageRule,
  type Policy,
  type PolicyException,
  type SeverityThreshold,
} from './policy.ts';
import { vexSuppression, type VexStatement } from './vex.ts';

// From findings and a policy to a verdict, per platform and overall. Every finding gets a disposition and
// the reason for it, so that the summary can say why the image passed or failed.

export type Disposition =
  /** At or above a threshold, and nothing excuses it. */
  | 'blocking'
  /** Would block, but an exception that has not expired covers it. */
  | 'excepted'
  /** A VEX `not_affected` statement says the image is not affected. */
  | 'suppressed'
  /** Would block, but the policy ignores it (no fix yet with ignore-unfixed, or a package rule). */
  | 'ignored'
  /** Below every threshold. */
  | 'allowed';

export interface EvaluatedFinding extends Finding {
  disposition: Disposition;
  /** Why, in a few words a reviewer understands. */
  reason: string;
  exception?: PolicyException;
  vex?: VexStatement;
}

export type Verdict = 'pass' | 'fail';

export type VerdictReasonCode = 'blocking-findings' | 'missing-sbom' | 'scan-failed';

export interface VerdictReason {
  code: VerdictReasonCode;
  message: string;
}

/** What one platform's scan produced, or why there is nothing to evaluate. */
export interface PlatformScan {
  /** `linux/amd64`; `` when a single-platform image says nothing. */
  platform: string;
  /** The platform manifest digest. */
  digest: string;
  findings: Finding[];
  /** Set when there was nothing to scan (no SBOM) or the scan could not run for this platform. */
  failure?: VerdictReason;
}

export interface BaselineDiff {
  /** The baseline image, by digest. */
  image: string;
  /** In this image, not in the baseline (VEX-suppressed ones left out). */
  added: EvaluatedFinding[];
  /** In the baseline, not in this image. */
  fixed: Finding[];
}

export interface PlatformEvaluation {
  platform: string;
  digest: string;
  verdict: Verdict;
  reasons: VerdictReason[];
  findings: EvaluatedFinding[];
  /** All findings but the VEX-suppressed ones, by severity. */
  counts: SeverityCounts;
  blocking: number;
  excepted: number;
  suppressed: number;
  ignored: number;
  baseline?: BaselineDiff;
}

export interface Evaluation {
  verdict: Verdict;
  reasons: VerdictReason[];
  platforms: PlatformEvaluation[];
  counts: SeverityCounts;
  blocking: number;
  excepted: number;
  suppressed: number;
  ignored: number;
  /** Exceptions past their `until` day that still match a finding: they no longer apply. */
  expiredExceptions: PolicyException[];
  policy: Policy;
}

export interface EvaluationInput {
  /** The digest that was scanned (index or manifest). */
  imageDigest: string;
  platforms: PlatformScan[];
  policy: Policy;
  vex?: VexStatement[];
  baseline?: { image: string; platforms: PlatformScan[] };
  now?: Date;
}

function thresholdReached(
  finding: Finding,
  severityThreshold: SeverityThreshold,
  cvssThreshold?: number,
): string | undefined {
  if (severityThreshold !== 'NONE' && severityRank(finding.severity) >= severityRank(severityThreshold)) {
    return `${finding.severity} is at or above the severity threshold ${severityThreshold}`;
  }
  if (cvssThreshold !== undefined && finding.cvssScore !== undefined && finding.cvssScore >= cvssThreshold) {
    return `CVSS ${finding.cvssScore.toFixed(1)} is at or above the CVSS threshold ${cvssThreshold.toFixed(1)}`;
  }
  return undefined;
}

function exceptionMatches(exception: PolicyException, finding: Finding): boolean {
  return (
    exception.id.toUpperCase() === finding.id.toUpperCase() &&
    (exception.package === undefined || packageMatches(exception.package, finding.package))
  );
}

function describeException(exception: PolicyException): string {
  const parts = [`excepted (${exception.origin})`];
  if (exception.until) parts.push(`until ${exception.until}`);
  if (exception.reason) parts.push(`: ${exception.reason}`);
  return parts.join(' ').replace(' :', ':');
}

export function evaluateFinding(
  finding: Finding,
  policy: Policy,
  context: {
    vex: readonly VexStatement[];
    imageDigests: readonly string[];
    now: Date;
    expired: Set<PolicyException>;
  },
): EvaluatedFinding {
  const statement = vexSuppression(context.vex, finding, context.imageDigests);
  if (statement) {
    const why = statement.justification ? `: ${statement.justification}` : '';
    return {
      ...finding,
      disposition: 'suppressed',
      reason: `VEX not_affected (${statement.origin})${why}`,
      vex: statement,
    };
  }
  const rule: PackageRule | undefined = policy.packages.find((r) => packageMatches(r.name, finding.package));
  const severityThreshold = rule?.severityThreshold ?? policy.severityThreshold;
  const cvssThreshold = rule?.cvssThreshold ?? policy.cvssThreshold;
  const ignoreUnfixed = rule?.ignoreUnfixed ?? policy.ignoreUnfixed;
  const reached = thresholdReached(finding, severityThreshold, cvssThreshold);
  // An expired exception is called out whether or not its finding would block today.
  for (const exception of policy.exceptions) {
    if (exceptionMatches(exception, finding) && exceptionExpired(exception, context.now))
      context.expired.add(exception);
  }
  if (!reached) {
    return {
      ...finding,
      disposition: 'allowed',
      reason: `below the threshold ${severityThreshold}${cvssThreshold !== undefined ? ` / CVSS ${cvssThreshold.toFixed(1)}` : ''}`,
    };
  }
  if (rule?.ignore) {
    return {
      ...finding,
      disposition: 'ignored',
      reason: `package rule '${rule.name}' (${rule.origin})${rule.reason ? `: ${rule.reason}` : ''}`,
    };
  }
  for (const exception of policy.exceptions) {
    if (!exceptionMatches(exception, finding) || exceptionExpired(exception, context.now)) continue;
    return { ...finding, disposition: 'excepted', reason: describeException(exception), exception };
  }
  if (ignoreUnfixed && !hasFix(finding)) {
    return { ...finding, disposition: 'ignored', reason: 'no fix yet (ignore-unfixed)' };
  }
  return { ...finding, disposition: 'blocking', reason: reached };
}

function tally(findings: readonly EvaluatedFinding[]) {
  const count = (disposition: Disposition) => findings.filter((f) => f.disposition === disposition).length;
  return {
    counts: countBySeverity(findings.filter((f) => f.disposition !== 'suppressed')),
    blocking: count('blocking'),
    excepted: count('excepted'),
    suppressed: count('suppressed'),
    ignored: count('ignored'),
  };
}

const precedence: Disposition[] = ['blocking', 'excepted', 'ignored', 'allowed', 'suppressed'];

/** One entry per vulnerability and package across platforms (the one that weighs most), for image totals. */
function distinct(findings: readonly EvaluatedFinding[]): EvaluatedFinding[] {
  const byKey = new Map<string, EvaluatedFinding>();
  for (const finding of findings) {
    const seen = byKey.get(findingKey(finding));
    if (!seen || precedence.indexOf(finding.disposition) < precedence.indexOf(seen.disposition)) {
      byKey.set(findingKey(finding), finding);
    }
  }
  return [...byKey.values()];
}

function diffAgainst(
  baseline: { image: string; platforms: PlatformScan[] },
  platform: string,
  findings: EvaluatedFinding[],
): BaselineDiff {
  // The same platform when the baseline has it; otherwise everything the baseline had.
  const same = baseline.platforms.filter((p) => p.platform === platform);
  const previous = (same.length > 0 ? same : baseline.platforms).flatMap((p) => p.findings);
  const previousKeys = new Set(previous.map(findingKey));
  // A VEX-suppressed finding is not new, but it is not fixed either: the package is still there.
  const current = findings.filter((f) => f.disposition !== 'suppressed');
  const currentKeys = new Set(findings.map(findingKey));
  const fixed = new Map<string, Finding>();
  for (const finding of previous)
    if (!currentKeys.has(findingKey(finding))) fixed.set(findingKey(finding), finding);
  return {
    image: baseline.image,
    added: current.filter((f) => !previousKeys.has(findingKey(f))),
    fixed: [...fixed.values()].sort(compareFindings),
  };
}

/** The thresholds in words: `HIGH`, `HIGH or CVSS 7.0`; package rules with their own make it general. */
function thresholdText(policy: Policy): string {
  if (policy.packages.some((rule) => rule.severityThreshold || rule.cvssThreshold !== undefined)) {
    return 'the policy thresholds';
  }
  const parts = [
    ...(policy.severityThreshold !== 'NONE' ? [policy.severityThreshold] : []),
    ...(policy.cvssThreshold !== undefined ? [`CVSS ${policy.cvssThreshold.toFixed(1)}`] : []),
  ];
  return parts.join(' or ');
}

export function evaluate(input: EvaluationInput): Evaluation {
  const now = input.now ?? new Date();
  const expired = new Set<PolicyException>();
  const platforms: PlatformEvaluation[] = input.platforms.map((scan) => {
    const context = { vex: input.vex ?? [], imageDigests: [input.imageDigest, scan.digest], now, expired };
    const findings = scan.findings
      .map((f) => evaluateFinding(f, input.policy, context))
      .sort(compareFindings);
    const totals = tally(findings);
    const reasons: VerdictReason[] = [];
    if (scan.failure) reasons.push(scan.failure);
    if (totals.blocking > 0) {
      reasons.push({
        code: 'blocking-findings',
        message: `${totals.blocking} finding${totals.blocking === 1 ? '' : 's'} at or above ${thresholdText(input.policy)}${scan.platform ? ` on ${scan.platform}` : ''}`,
      });
    }
    return {
      platform: scan.platform,
      digest: scan.digest,
      verdict: reasons.length > 0 ? 'fail' : 'pass',
      reasons,
      findings,
      ...totals,
      ...(input.baseline ? { baseline: diffAgainst(input.baseline, scan.platform, findings) } : {}),
    };
  });
  const totals = tally(distinct(platforms.flatMap((p) => p.findings)));
  const reasons = platforms.flatMap((p) => p.reasons);
  return {
    verdict: reasons.length > 0 || platforms.length === 0 ? 'fail' : 'pass',
    reasons: platforms.length === 0 ? [{ code: 'scan-failed', message: 'nothing was scanned' }] : reasons,
    platforms,
    ...totals,
    expiredExceptions: [...expired],
    policy: input.policy,
  };
}
